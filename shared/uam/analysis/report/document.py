"""The page template: A4, margins, a footer with the title and 'Page x of y'."""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from uam.analysis.report.fonts import fonts
from uam.analysis.report.styles import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_SIZE,
    RULE,
)
from uam.analysis.report.text import clean

# ASCII85 only makes a PDF 7-bit clean; without the rl_accel C extension reportlab encodes it
# in pure Python, which was half the render time (the charts), and it makes files larger.
rl_config.useA85 = 0


def build(story: list[Flowable], out: Path, *, title: str, footer: str) -> int:
    """Lay the story out into a PDF at `out` and return its number of pages."""
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(
        str(out),
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=clean(title, 200),
        author="UAM",
        creator="UAM analysis report",
    )
    footer_text = clean(footer, 90)

    def canvas_maker(*args: object, **kwargs: object) -> Canvas:
        return _FooterCanvas(*args, footer=footer_text, **kwargs)

    doc.build(story, canvasmaker=canvas_maker)
    return doc.page


class _FooterCanvas(Canvas):
    """Holds every page back until the end, so each footer can say how many pages there are."""

    def __init__(self, *args: object, footer: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        width = PAGE_SIZE[0]
        y = MARGIN_BOTTOM - 16
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_X, y + 10, width - MARGIN_X, y + 10)
        self.setFillColor(MUTED)
        self.setFont(fonts().regular, 7.5)
        self.drawString(MARGIN_X, y, self._footer)
        self.drawRightString(width - MARGIN_X, y, f"Page {number} of {total}")
        self.restoreState()
