"""Turn what the clerk brings (scanner pages, a PDF, a JPEG or PNG file) into one checked PDF.

Every input is refused with a message naming the file and the rule before anything is stored:
not a PDF/JPEG/PNG, empty, over the size limit, corrupt, password-protected, or a decompression
bomb (a small PDF or image that expands to gigabytes and would hang an old desk PC).

Size budget: a scanned A4 page at 200 dpi greyscale is kept near 100 KB (JPEG quality stepped down
until it fits 150 KB), which is what the regime's digitisation guidance needs to be legible
(docs/attachments.md says where the resolution comes from) and keeps a busy commune at 3–4 GB a year.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

MAX_FILE_BYTES = 50 * 1024 * 1024  # one input file
MAX_PDF_PAGES = 300  # one component (a thick household dossier is well under this)
MAX_INFLATED_BYTES = 400 * 1024 * 1024  # all decoded streams of one PDF together
MAX_IMAGE_PIXELS = 60_000_000  # ~ A3 at 600 dpi; beyond that it is a bomb, not a scan
A4_LONG_SIDE_PX = 2339  # A4 at 200 dpi: 1654 x 2339
SCAN_DPI = 200
PAGE_BUDGET = 150 * 1024
ColorMode = Literal["gray", "color"]


class AttachmentError(ValueError):
    """A file that cannot become an attachment; the message names the file and the rule."""


@dataclass(frozen=True)
class Incoming:
    """One input file (``name`` is only for messages, never stored: it may carry a person's name)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Prepared:
    pdf: bytes
    pages: int
    sha256: str

    @property
    def size(self) -> int:
        return len(self.pdf)


def sniff(data: bytes) -> str:
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return ""


def check_file(item: Incoming) -> str:
    if not item.data:
        raise AttachmentError(f"tệp '{item.name}' rỗng (0 byte)")
    if len(item.data) > MAX_FILE_BYTES:
        mb = len(item.data) / 1024 / 1024
        raise AttachmentError(
            f"tệp '{item.name}' quá lớn ({mb:.0f} MB): mỗi tệp tối đa {MAX_FILE_BYTES // 1024 // 1024} MB"
        )
    kind = sniff(item.data)
    if not kind:
        raise AttachmentError(f"tệp '{item.name}' không phải PDF, JPEG hoặc PNG")
    return kind


# -- images ------------------------------------------------------------------------------------


def _open_image(item: Incoming):
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; our lower limit below is the rule.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(item.data))
        with probe:
            width, height = probe.size
            if width * height > MAX_IMAGE_PIXELS:
                raise AttachmentError(
                    f"ảnh '{item.name}' quá lớn ({width}×{height} điểm ảnh): tối đa {MAX_IMAGE_PIXELS:,} điểm ảnh"
                )
            probe.verify()
        image = Image.open(io.BytesIO(item.data))
        image.load()
    except AttachmentError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise AttachmentError(
            f"ảnh '{item.name}' bị hỏng hoặc không đọc được ({type(exc).__name__})"
        ) from exc
    return image


def page_jpeg(image, mode: ColorMode = "gray") -> bytes:
    """One scanned page as a JPEG within the budget: 200 dpi on A4, quality stepped down to fit."""
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(image)
    image = image.convert("L" if mode == "gray" else "RGB")
    long_side = max(image.size)
    if long_side > A4_LONG_SIDE_PX:
        scale = A4_LONG_SIDE_PX / long_side
        image = image.resize(
            (max(1, round(image.size[0] * scale)), max(1, round(image.size[1] * scale))),
            Image.Resampling.LANCZOS,
        )
    # Cheap trial encodes pick the quality; only the final one pays for Huffman optimisation
    # (which saves another ~7 %): three plain encodes cost less than one optimised one.
    quality = 35
    for trial in (70, 55, 45):
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=trial)
        if buf.tell() <= PAGE_BUDGET * 1.05:
            quality = trial
            break
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality, optimize=True, dpi=(SCAN_DPI, SCAN_DPI))
    out = buf.getvalue()
    return out


def images_to_pdf(jpegs: Sequence[bytes]) -> bytes:
    import img2pdf

    # img2pdf embeds each JPEG as it is (DCTDecode): no second lossy pass.
    layout = img2pdf.get_fixed_dpi_layout_fun((SCAN_DPI, SCAN_DPI))
    return bytes(img2pdf.convert(list(jpegs), layout_fun=layout))


# -- PDFs --------------------------------------------------------------------------------------


def _check_inflation(pdf, name: str) -> None:
    """Refuse a PDF bomb: decode every Flate stream with a running cap instead of trusting /Length."""
    import pikepdf

    total = 0
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        filters = obj.get("/Filter")
        names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)]
        raw = obj.read_raw_bytes()
        if "/FlateDecode" in names:
            inflater = zlib.decompressobj()
            remaining = MAX_INFLATED_BYTES - total
            try:
                chunk = inflater.decompress(raw, remaining + 1)
            except zlib.error:
                chunk = b""  # a broken stream: pikepdf's own reading reports it below if it matters
            total += len(chunk)
            if inflater.unconsumed_tail:
                total = MAX_INFLATED_BYTES + 1
        else:
            total += len(raw)
        if total > MAX_INFLATED_BYTES:
            raise AttachmentError(
                f"tệp PDF '{name}' giải nén ra quá {MAX_INFLATED_BYTES // 1024 // 1024} MB (nghi là tệp 'bom' PDF)"
            )


def open_pdf(item: Incoming):
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(item.data))
    except pikepdf.PasswordError as exc:
        raise AttachmentError(f"tệp PDF '{item.name}' có mật khẩu: hãy lưu lại bản không mật khẩu") from exc
    except pikepdf.PdfError as exc:
        raise AttachmentError(f"tệp PDF '{item.name}' bị hỏng, không mở được") from exc
    if pdf.is_encrypted:
        pdf.close()
        raise AttachmentError(f"tệp PDF '{item.name}' bị mã hóa: hãy lưu lại bản không mã hóa")
    try:
        pages = len(pdf.pages)
    except pikepdf.PdfError as exc:
        pdf.close()
        raise AttachmentError(f"tệp PDF '{item.name}' bị hỏng (không đọc được danh sách trang)") from exc
    if pages == 0:
        pdf.close()
        raise AttachmentError(f"tệp PDF '{item.name}' không có trang nào")
    if pages > MAX_PDF_PAGES:
        pdf.close()
        raise AttachmentError(
            f"tệp PDF '{item.name}' có {pages} trang: mỗi thành phần tối đa {MAX_PDF_PAGES} trang"
        )
    _check_inflation(pdf, item.name)
    return pdf


def join(parts: Iterable[bytes]) -> tuple[bytes, int]:
    """Concatenate PDFs (already checked) into one, rewritten clean by pikepdf (repairs xref)."""
    import pikepdf

    out = pikepdf.new()
    opened = []
    try:
        for data in parts:
            src = pikepdf.open(io.BytesIO(data))
            opened.append(src)
            out.pages.extend(src.pages)
        pages = len(out.pages)
        if pages > MAX_PDF_PAGES:
            raise AttachmentError(f"một thành phần tối đa {MAX_PDF_PAGES} trang (đang có {pages})")
        buf = io.BytesIO()
        # Deterministic output: the same pages give the same bytes, so the same hash, so no
        # duplicate upload when a clerk attaches the same file twice.
        out.save(
            buf,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return buf.getvalue(), pages
    finally:
        for src in opened:
            src.close()
        out.close()


def prepare(
    items: Sequence[Incoming], *, existing: bytes | None = None, mode: ColorMode = "gray"
) -> Prepared:
    """Check every input, then make one PDF: ``existing`` pages first (adding to a component)."""
    if not items:
        raise AttachmentError("chưa chọn tệp nào để đính kèm")
    parts: list[bytes] = [existing] if existing else []
    pending_images: list[bytes] = []
    for item in items:
        kind = check_file(item)
        if kind == "pdf":
            if pending_images:
                parts.append(images_to_pdf(pending_images))
                pending_images = []
            pdf = open_pdf(item)
            pdf.close()
            parts.append(item.data)
        else:
            image = _open_image(item)
            try:
                pending_images.append(page_jpeg(image, mode))
            finally:
                image.close()
    if pending_images:
        parts.append(images_to_pdf(pending_images))
    data, pages = join(parts)
    return Prepared(data, pages, hashlib.sha256(data).hexdigest())


def prepare_scan(
    images: Sequence[object], *, existing: bytes | None = None, mode: ColorMode = "gray"
) -> Prepared:
    """Pages straight from a scanner (PIL images): the same budget and the same PDF shape."""
    if not images:
        raise AttachmentError("máy quét chưa trả về trang nào")
    parts: list[bytes] = [existing] if existing else []
    parts.append(images_to_pdf([page_jpeg(img, mode) for img in images]))
    data, pages = join(parts)
    return Prepared(data, pages, hashlib.sha256(data).hexdigest())
