"""Realistic inputs for the attachment tests and the bench: a scanned-looking A4 page."""

from __future__ import annotations

import io
import random
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

from app.usecases import Actor

CLERK = Actor("test.clerk", "Nguyễn Văn Tiếp", "clerk", "gui")
LEADER = Actor("test.leader", "Trần Thị Lãnh", "leader", "gui")
ADMIN = Actor("test.admin", "Lê Quản Trị", "admin", "gui")


@lru_cache(maxsize=16)
def scanned_page(seed: int = 0, *, size: tuple[int, int] = (1654, 2339)) -> Image.Image:
    """(Cached: treat as read-only.) A grey A4 page at 200 dpi: paper tone, a few dozen lines of text, blur and sensor noise."""
    rng = random.Random(seed)
    img = Image.new("L", size, 244)
    draw = ImageDraw.Draw(img)
    y = 160
    while y < size[1] - 200:
        x = 140
        while x < size[0] - 260:
            w = rng.randrange(30, 140)
            draw.rectangle((x, y, x + w, y + 14), fill=rng.randrange(20, 70))
            x += w + rng.randrange(12, 24)
        y += rng.choice((34, 34, 34, 70))
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    noise = Image.effect_noise(size, 6).point(lambda v: v - 128)
    return Image.blend(img, noise.convert("L"), 0.02)


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes(image: Image.Image, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue()
