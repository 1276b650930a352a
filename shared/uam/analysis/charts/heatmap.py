"""A labelled heatmap that stays readable from 2 to 20 rows (correlations, confusion matrices)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import Colormap
from matplotlib.figure import Figure

from uam.analysis.charts import style
from uam.analysis.charts.labels import display, text_width

NAMES_ON_X_UP_TO = 12  # more columns and rotated names collide: columns get numbers instead
ROW_LABEL = 22
COLUMN_LABEL = 14  # rotated names eat height that the cells need, so they are cut shorter
MIN_CELL_FOR_TEXT = 34  # pixels: "-0.42" at 8 points needs about 30


def heatmap(
    figure: Figure,
    matrix: np.ndarray,
    names: list[str],
    *,
    cmap: Colormap,
    limits: tuple[float, float],
    cell_text: Callable[[int, int], str] | None,
    dark: Callable[[float], bool],
    colour_label: str,
    axis_labels: tuple[str, str] | None = None,
) -> Axes:
    """Square cells with the row names on the left; columns carry the names too, or the row
    numbers when there are too many to name (the rows are then numbered)."""
    k = len(names)
    numbered = k > NAMES_ON_X_UP_TO
    rows = [display(n, ROW_LABEL) for n in names]
    rows = [f"{i + 1}. {name}" for i, name in enumerate(rows)] if numbered else rows
    columns = (
        [str(i + 1) for i in range(k)] if numbered else [display(n, COLUMN_LABEL) for n in names]
    )
    size = style.TICK_SIZE if k <= 14 else style.TICK_SIZE - 1.5
    left = style.left_margin(figure, rows, size) + (0.03 if axis_labels else 0.0)
    widest = text_width(figure, columns, size)
    upright = numbered or widest < 0.8 * _cell_estimate(figure, left, k)
    below = 14 if upright else widest * 0.64 + 10  # rotated 40 degrees: sin(40) = 0.64
    below += 22 if axis_labels else 0
    bottom = min(0.45, max(0.1, (below + 20) / (style.FIGSIZE[1] * style.DPI)))
    ax = figure.add_axes((left, bottom, 0.84 - left, 0.83 - bottom))
    image = ax.imshow(np.ma.masked_invalid(matrix), cmap=cmap, vmin=limits[0], vmax=limits[1])
    ax.set_yticks(range(k), rows, fontsize=size)
    if upright:
        ax.set_xticks(range(k), columns, fontsize=size)
    else:
        ax.set_xticks(range(k), columns, fontsize=size, rotation=40, ha="right")
    ax.tick_params(length=0, colors=style.TEXT)
    for side in ax.spines.values():
        side.set_visible(False)
    bar = figure.colorbar(image, ax=ax, fraction=0.04, pad=0.03)
    bar.ax.tick_params(labelsize=style.TICK_SIZE - 1, colors=style.TEXT)
    bar.set_label(colour_label, fontsize=style.TICK_SIZE, color=style.TEXT)
    bar.outline.set_visible(False)
    if cell_text is not None and _cell_pixels(figure, ax, k) >= MIN_CELL_FOR_TEXT:
        for (i, j), value in np.ndenumerate(matrix):
            colour = "white" if np.isfinite(value) and dark(float(value)) else style.TEXT
            text = cell_text(i, j)
            ax.text(j, i, text, ha="center", va="center", fontsize=size - 1, color=colour)
    if axis_labels:
        style.label_axes(ax, *axis_labels)
    return ax


def _cell_estimate(figure: Figure, left: float, k: int) -> float:
    """Roughly the side of a cell in pixels, before the axes exist."""
    width, height = figure.get_size_inches() * figure.dpi
    return min((0.8 - left) * width, 0.6 * height) / k


def _cell_pixels(figure: Figure, ax: Axes, k: int) -> float:
    """Side of one square cell once the colorbar has taken its share of the axes."""
    box = ax.get_position()
    width, height = figure.get_size_inches() * figure.dpi
    return min(box.width * width, box.height * height) / k
