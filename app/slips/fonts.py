"""The one bundled serif (Liberation Serif 2, Times New Roman metrics) registered with reportlab.

domain.md §1.3: forms are set in Times New Roman 13–14 pt. Liberation Serif 2.x has the same
metrics and every precomposed Vietnamese letter (Liberation 1.07 lacks 92 and reportlab would
silently draw .notdef boxes: env-notes §3). Nothing else may reach the PDF: reportlab falls back
to a non-embedded Helvetica for platypus and for drawings (the QR) unless told otherwise.
"""

from __future__ import annotations

import threading

from reportlab import rl_config
from reportlab.graphics import shapes
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resources import resource_path

FAMILY = "LiberationSerif"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"

_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

_lock = threading.Lock()
_done = False


def ensure_fonts() -> str:
    """Register the four faces once per process and make them reportlab's defaults; returns the family."""
    global _done
    if _done:
        return FAMILY
    with _lock:
        if not _done:
            for name, filename in _FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
            # <b>/<i> inside a Paragraph pick the right face only with the family registered.
            pdfmetrics.registerFontFamily(
                FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
            )
            rl_config.canvas_basefontname = REGULAR
            shapes.STATE_DEFAULTS["fontName"] = REGULAR
            _done = True
    return FAMILY


def text_width(text: str, font: str, size: float) -> float:
    ensure_fonts()
    return float(pdfmetrics.stringWidth(text, font, size))
