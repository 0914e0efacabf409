"""Page machinery: copies (liên) one after another, and a footer that knows its page count.

The footer names the form and the circular (the only place a form number is printed), the copy
("Liên 1: Lưu") and, when a copy runs over more than one page, "Trang i/n" with the dossier code,
so a loose second page can always be matched to its first.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from app.slips.fonts import ITALIC, ensure_fonts
from app.slips.layout import Geometry

COPY_LABELS = ("Liên 1: Lưu", "Liên 2: Giao người nộp hồ sơ")


@dataclass(frozen=True)
class Decor:
    footer_left: str  # "Mẫu số 01 – Thông tư 03/2025/TT-VPCP"
    code: str = ""  # dossier code (or register period) repeated on continuation pages
    title: str = ""
    author: str = ""


class CopyMark(Flowable):
    """Zero-size marker: from the page it lands on, the footer belongs to copy ``index``."""

    def __init__(self, index: int, label: str) -> None:
        super().__init__()
        self.index = index
        self.label = label

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0.0, 0.0

    def draw(self) -> None:
        self.canv._slip_copy = (self.index, self.label)


def _canvas_class(decor: Decor, g: Geometry) -> type[Canvas]:
    size = max(7.0, g.size - 4)

    class SlipCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._slip_pages: list[dict[str, Any]] = []
            self._slip_copy = (0, "")

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            # Defer the page: its footer needs the page count of its copy, known only at the end.
            self._slip_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            totals = Counter(p["_slip_copy"][0] for p in self._slip_pages)
            seen: Counter[int] = Counter()
            for state in self._slip_pages:
                self.__dict__.update(state)
                index, label = self._slip_copy
                seen[index] += 1
                self._footer(label, seen[index], totals[index])
                Canvas.showPage(self)
            Canvas.save(self)

        def _footer(self, label: str, page: int, total: int) -> None:
            y = g.bottom * 0.45
            self.saveState()
            self.setFont(ITALIC, size)
            self.drawString(g.left, y, decor.footer_left)
            parts = []
            if total > 1 and decor.code:
                parts.append(decor.code)
            if label:
                parts.append(label)
            if total > 1:
                parts.append(f"Trang {page}/{total}")
            if parts:
                self.drawRightString(g.width - g.right, y, " – ".join(parts))
            self.restoreState()

    return SlipCanvas


def build_pdf(copies: Sequence[Sequence[Flowable]], g: Geometry, decor: Decor, *, labels: bool) -> bytes:
    """Lay out each copy from a fresh page; ``labels``: print "Liên k: …" on each copy."""
    ensure_fonts()
    story: list[Flowable] = []
    for i, flowables in enumerate(copies):
        if i:
            story.append(PageBreak())
        label = COPY_LABELS[i] if labels and i < len(COPY_LABELS) else ""
        story.append(CopyMark(i, label))
        story.extend(flowables)
    buf = io.BytesIO()
    # No frame padding: tables are laid out to the full frame width and must line up with the text.
    frame = Frame(
        g.left,
        g.bottom,
        g.frame_width,
        g.height - g.top - g.bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc = BaseDocTemplate(
        buf,
        pagesize=(g.width, g.height),
        leftMargin=g.left,
        rightMargin=g.right,
        topMargin=g.top,
        bottomMargin=g.bottom,
        pageTemplates=[PageTemplate(id="slip", frames=[frame])],
        title=decor.title,
        author=decor.author,
        subject=decor.footer_left,
        creator="Một Cửa Xã",
        # Same data, same bytes: a reprint's SHA-256 in slip_log matches the first print.
        invariant=True,
    )
    doc.build(story, canvasmaker=_canvas_class(decor, g))
    return buf.getvalue()
