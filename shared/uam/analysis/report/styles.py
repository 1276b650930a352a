"""Page geometry, colours and paragraph styles shared by every section."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from uam.analysis.report.fonts import fonts

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_PADDING = 6  # reportlab's default frame padding, inside the margins
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X - 2 * FRAME_PADDING
CONTENT_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM - 2 * FRAME_PADDING

INK = colors.HexColor("#1d2733")
ACCENT = colors.HexColor("#1f4e79")
MUTED = colors.HexColor("#5b6770")
RULE = colors.HexColor("#c5ced6")
HEADER_FILL = colors.HexColor("#e4ebf2")
ZEBRA_FILL = colors.HexColor("#f5f7f9")
BOX_FILL = colors.HexColor("#f0f4f8")
SEVERITY_COLOURS = {
    "critical": colors.HexColor("#a4262c"),
    "error": colors.HexColor("#a4262c"),
    "warning": colors.HexColor("#b35c00"),
    "info": colors.HexColor("#3d6a99"),
}


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    lead: ParagraphStyle
    bullet: ParagraphStyle
    small: ParagraphStyle
    caption: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    cell_group: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    """The report's paragraph styles (fonts registered on first use)."""
    f = fonts()
    body = ParagraphStyle(
        "body", fontName=f.regular, fontSize=9.5, leading=13.5, textColor=INK, spaceAfter=5
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0)
    head = ParagraphStyle("cell_head", parent=cell, fontName=f.bold, textColor=ACCENT)
    return Styles(
        title=ParagraphStyle(
            "title", parent=body, fontName=f.bold, fontSize=20, leading=25, textColor=ACCENT
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=9, leading=12, textColor=MUTED, spaceAfter=10
        ),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=f.bold,
            fontSize=14,
            leading=18,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=6,
            keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=f.bold,
            fontSize=11,
            leading=14,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        body=body,
        lead=ParagraphStyle("lead", parent=body, fontSize=10.5, leading=15, spaceAfter=7),
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=2.5),
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
        caption=ParagraphStyle(
            "caption",
            parent=body,
            fontName=f.bold,
            fontSize=9.5,
            leading=12,
            spaceAfter=3,
            keepWithNext=1,
        ),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_head=head,
        cell_head_right=ParagraphStyle("cell_head_right", parent=head, alignment=TA_RIGHT),
        cell_group=ParagraphStyle("cell_group", parent=head, alignment=TA_CENTER),
    )
