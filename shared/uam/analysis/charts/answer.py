"""The chart of a question's answer: one bar per group, or a histogram's bins."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from uam.analysis.charts import style
from uam.analysis.charts.labels import display, shorten

MAX_BARS = 30  # more bars than this stop being readable; the table has every row


@style.serialised
def answer_chart(
    labels: list[object],
    values: list[float | None],
    out_dir: Path,
    *,
    title: str,
    value_label: str,
    filename: str,
) -> style.Chart:
    """Horizontal bars in the answer's own order (a top-N stays ranked, bins stay sorted)."""
    shown = [display(label) for label in labels[:MAX_BARS]]
    heights = np.array([np.nan if v is None else float(v) for v in values[:MAX_BARS]])
    figure = style.new_figure()
    ax = style.bar_axes(figure, shown)
    ax.barh(range(len(shown)), np.nan_to_num(heights), color=style.PRIMARY, height=0.7)
    style.thousands(ax, "x")
    style.label_axes(ax, shorten(value_label, 60), None)
    subtitle = None
    if len(labels) > MAX_BARS:
        subtitle = f"first {MAX_BARS} of {len(labels):,} rows of the answer"
    style.titled(figure, shorten(title, 80), subtitle)
    return style.save(figure, out_dir, filename, title=title, kind="answer")
