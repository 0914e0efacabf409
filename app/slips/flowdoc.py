"""Build a flowing (platypus) PDF document: the one place reports and lists set page and margins.

The listing, the postal hand-over book, Biểu 06 and the privacy notice are all a story of
paragraphs and tables on A4; they differ only in orientation, margins and the document's metadata.
"""

from __future__ import annotations

import io
from typing import Any


def build_pdf(
    story: list[Any],
    *,
    landscape: bool = False,
    margins_mm: tuple[float, float, float, float] = (12, 12, 12, 12),
    title: str = "",
    author: str = "",
) -> bytes:
    """Render ``story`` to PDF bytes; margins are (left, right, top, bottom) in millimetres."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turned
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    left, right, top, bottom = margins_mm
    buf = io.BytesIO()
    SimpleDocTemplate(
        buf,
        pagesize=turned(A4) if landscape else A4,
        leftMargin=left * mm,
        rightMargin=right * mm,
        topMargin=top * mm,
        bottomMargin=bottom * mm,
        title=title,
        author=author,
    ).build(story)
    return buf.getvalue()
