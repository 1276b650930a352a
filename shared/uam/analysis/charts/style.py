"""One look for every chart: figure size, colours, fonts, and how a chart is written to disk.

Figures are built with matplotlib.figure.Figure and the Agg canvas directly, never pyplot, so
there is no global figure state. Matplotlib still shares its font objects between figures, so
the public chart functions render one at a time (`serialised`); stages may call them from any
thread. Running them in parallel would gain nothing anyway: drawing holds the GIL.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from uam.analysis.charts.labels import drawable, text_width

FIGSIZE = (8.0, 5.0)
DPI = 100
TEXT = "#1F2933"
MUTED = "#7B8794"
GRID = "#E4E7EB"
PRIMARY = "#3A6EA5"
ACCENT = "#D1603D"
WARN = "#E3A33B"
BASELINE = "#A0A7B0"
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
CLASS_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
_RENDERING = threading.RLock()
_P = ParamSpec("_P")
_R = TypeVar("_R")
TITLE_SIZE = 13
LABEL_SIZE = 10
TICK_SIZE = 9


@dataclass(frozen=True)
class Chart:
    filename: str  # slugified, never a raw column name
    title: str
    kind: str  # missing | correlation | target | distribution | categories | confusion_matrix
    # | residuals | feature_importance | leaderboard
    path: Path
    column: str | None = None


def serialised(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `function` while holding the one rendering lock (re-entrant: charts nest)."""

    @functools.wraps(function)
    def locked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with _RENDERING:
            return function(*args, **kwargs)

    return locked


def new_figure(figsize: tuple[float, float] = FIGSIZE) -> Figure:
    figure = Figure(figsize=figsize, dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def left_margin(figure: Figure, labels: list[str], size: float = TICK_SIZE) -> float:
    """Figure fraction left of the axes that fits the widest tick label, within 10-45%."""
    width = FIGSIZE[0] * DPI
    return min(0.45, max(0.1, (text_width(figure, labels, size) + 18) / width))


def bar_axes(figure: Figure, labels: list[str], *, right: float = 0.94) -> Axes:
    """Axes for horizontal bars, one per label (already drawable), first label at the top."""
    left = left_margin(figure, labels)
    ax = figure.add_axes((left, 0.12, max(0.2, right - left), 0.7))
    ax.set_yticks(range(len(labels)), labels, fontsize=TICK_SIZE)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    style_axes(ax, grid="x")
    return ax


def note(ax: Axes, text: str) -> None:
    """A centred grey sentence in place of a chart that has nothing to show."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, drawable(text), ha="center", va="center", color=MUTED, fontsize=12)


def style_axes(ax: Axes, *, grid: str = "y") -> None:
    """Light grid behind the data, no top/right frame, readable ticks."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
    ax.tick_params(colors=TEXT, labelsize=TICK_SIZE, length=3)
    if grid:
        ax.grid(axis=grid, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def titled(figure: Figure, title: str, subtitle: str | None = None) -> None:
    """Title (and a grey subtitle) at the top left of the figure; both may hold data text."""
    top = drawable(title)
    figure.text(0.02, 0.965, top, fontsize=TITLE_SIZE, weight="bold", color=TEXT, va="top")
    if subtitle:
        below = drawable(subtitle)
        figure.text(0.02, 0.905, below, fontsize=LABEL_SIZE - 1, color=MUTED, va="top")


def label_axes(ax: Axes, x: str | None, y: str | None) -> None:
    if x:
        ax.set_xlabel(x, fontsize=LABEL_SIZE, color=TEXT)
    if y:
        ax.set_ylabel(y, fontsize=LABEL_SIZE, color=TEXT)


def thousands(ax: Axes, axis: str = "y") -> None:
    """Counts with thousands separators (12,000 rather than 12000 or 1.2e4), on at most six
    ticks: each tick is a few milliseconds of drawing."""
    formatter = FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 1 or v == 0 else f"{v:g}")
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    target.set_major_formatter(formatter)


def save(figure: Figure, out_dir: Path, filename: str, **chart: object) -> Chart:
    """Write the figure as a PNG in out_dir and describe it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / filename
    # Level 3 encodes these flat-coloured images a fifth faster than the default, ~30 KB each.
    figure.savefig(path, dpi=DPI, facecolor="white", pil_kwargs={"compress_level": 3})
    return Chart(filename=filename, path=path, **chart)  # type: ignore[arg-type]
