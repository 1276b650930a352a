"""The report's font family: DejaVu Sans shipped with matplotlib, else Helvetica."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "UAMSans"
_FACES = {
    "": "DejaVuSans.ttf",
    "-Bold": "DejaVuSans-Bold.ttf",
    "-Oblique": "DejaVuSans-Oblique.ttf",
    "-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    codepoints: frozenset[int] | None  # None: a base-14 font, which draws cp1252 only


@lru_cache(maxsize=1)
def fonts() -> Fonts:
    """Register the family once per process and say which code points it can draw."""
    # matplotlib (a dependency for the charts) ships DejaVu, so no font file lives in the repo;
    # it draws far more of the world's scripts than the PDF base fonts.
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    if not all((folder / name).is_file() for name in _FACES.values()):
        return Fonts("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", None)
    for suffix, filename in _FACES.items():
        pdfmetrics.registerFont(TTFont(FAMILY + suffix, str(folder / filename)))
    # Paragraph <b> and <i> markup finds the faces through this mapping.
    addMapping(FAMILY, 0, 0, FAMILY)
    addMapping(FAMILY, 1, 0, FAMILY + "-Bold")
    addMapping(FAMILY, 0, 1, FAMILY + "-Oblique")
    addMapping(FAMILY, 1, 1, FAMILY + "-BoldOblique")
    glyphs = pdfmetrics.getFont(FAMILY).face.charToGlyph
    return Fonts(FAMILY, FAMILY + "-Bold", FAMILY + "-Oblique", frozenset(glyphs))


def can_draw(char: str) -> bool:
    """Whether the report font has a glyph for this character."""
    if ord(char) > 0xFFFF:
        # reportlab writes such characters into the PDF's ToUnicode map as invalid 5-digit
        # codes, which breaks copying and searching them; the replacement character is honest.
        return False
    codepoints = fonts().codepoints
    if codepoints is not None:
        return ord(char) in codepoints
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True
