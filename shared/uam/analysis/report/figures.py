"""Chart images scaled into a box with their aspect ratio kept, under a title."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer

from uam.analysis.report.styles import CONTENT_HEIGHT, CONTENT_WIDTH, styles
from uam.analysis.report.text import esc

# Two charts with their titles fit one page under a section heading.
HALF_PAGE = (CONTENT_HEIGHT - 60) / 2 - 24


def image(path: object, *, max_width: float = CONTENT_WIDTH, max_height: float = HALF_PAGE):
    """The picture at `path` scaled to fit, or None when it is missing or not an image."""
    if not isinstance(path, str | Path) or not str(path):
        return None
    file = Path(path)
    try:
        if not file.is_file():
            return None
        width, height = ImageReader(str(file)).getSize()
    except Exception:
        return None
    if width <= 0 or height <= 0:
        return None
    scale = min(max_width / width, max_height / height)
    return Image(str(file), width=width * scale, height=height * scale)


def chart(path: object, title: object, **limits: float) -> Flowable | None:
    """A titled chart kept on one page, or None when the image cannot be read."""
    parts = chart_parts(path, title, **limits)
    return KeepTogether(parts) if parts else None


def chart_parts(path: object, title: object, **limits: float) -> list[Flowable]:
    """Title, picture and spacing, for a caller's own KeepTogether (they must not nest:
    reportlab measures a nested KeepTogether as infinitely tall and breaks the page)."""
    picture = image(path, **limits)
    if picture is None:
        return []
    parts: list[Flowable] = []
    if title:
        parts.append(Paragraph(esc(title, 150), styles().caption))
    return [*parts, picture, Spacer(1, 14)]
