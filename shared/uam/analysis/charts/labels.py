"""Safe text for charts: slugs for filenames, short one-line labels matplotlib draws as written."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font

SLUG_LIMIT = 40
LABEL_LIMIT = 28
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_MISSING_GLYPH = "\u25a1"  # a white square, which the default font has
_CHARMAP = threading.Lock()


def slugify(text: str, limit: int = SLUG_LIMIT) -> str:
    """Lower-case ASCII letters, digits and underscores, at most `limit` long, never empty."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("_", ascii_text.lower()).strip("_")[:limit].strip("_")
    return slug or "column"


def chart_filename(kind: str, name: str | None = None, index: int | None = None) -> str:
    """e.g. "distribution-03-bill_length_mm.png": the index keeps two similar names apart."""
    parts = [kind.replace("_", "-")]
    if index is not None:
        parts.append(f"{index:02d}")
    if name:
        parts.append(slugify(name))
    return "-".join(parts) + ".png"


def shorten(text: object, limit: int = LABEL_LIMIT) -> str:
    """One line of at most `limit` characters, with an ellipsis when cut: for titles kept in
    the Chart record, which the report escapes itself."""
    line = " ".join(str(text).split())
    if len(line) > limit:
        line = line[: max(1, limit - 1)].rstrip() + "\u2026"
    return line


def drawable(text: str) -> str:
    """text as matplotlib should receive it: characters the font lacks become a box (instead
    of a warning and a gap), and dollar signs are escaped so it is never read as mathematics."""
    glyphs = _glyphs()
    safe = "".join(c if ord(c) in glyphs or c == "\n" else _MISSING_GLYPH for c in text)
    return safe.replace("$", r"\$")


def display(text: object, limit: int = LABEL_LIMIT) -> str:
    """A label from the data ready to draw: shortened to one line, then made drawable."""
    return drawable(shorten(text, limit))


def text_width(figure: Figure, labels: list[str], size: float) -> float:
    """Width in pixels of the widest label at `size` points, measured as the figure will draw
    it (matplotlib caches these layouts, so drawing does not repeat the work)."""
    renderer = figure.canvas.get_renderer()
    font = FontProperties(size=size)
    return max(
        (renderer.get_text_width_height_descent(t, font, ismath=False)[0] for t in labels),
        default=0.0,
    )


@cache
def _font() -> FT2Font:
    return FT2Font(font_manager.findfont(font_manager.FontProperties(family=["sans-serif"])))


@cache
def _glyphs() -> frozenset[int]:
    """Code points the default sans-serif font can draw (others would warn and show boxes)."""
    with _CHARMAP:
        return frozenset(_font().get_charmap())
