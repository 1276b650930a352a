"""One chart per column: histograms of numbers and dates, bars of the most frequent labels.

With a classification target of at most seven classes, bars are stacked by class, so each
chart also shows how the column relates to what is being predicted.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.patches import StepPatch
from matplotlib.ticker import MaxNLocator

from uam.analysis.charts import style
from uam.analysis.charts.labels import chart_filename, display, shorten
from uam.analysis.charts.numbers import plural, short
from uam.analysis.profiling.jsonable import label

TOP_CATEGORIES = 10
LEGEND_EDGE = 0.78  # right edge of the axes when a class legend sits to their right


class Classes:
    """The target's class of every row (-1 when missing), for stacking bars by class."""

    def __init__(self, frame: pd.DataFrame, profile: dict) -> None:
        target = profile.get("target") or {}
        self.names: list[str] = []
        self.codes: np.ndarray | None = None
        classes = target.get("classes", 0)
        if target.get("task") != "classification" or not 2 <= classes <= len(style.CLASS_COLOURS):
            return
        codes, uniques = pd.factorize(frame[target["name"]], use_na_sentinel=True)
        # The profile's order (most frequent first) keeps colours the same on every chart.
        shown = [item["value"] for item in target["distribution"]]
        text = [label(u) for u in uniques]
        order = np.array([shown.index(t) if t in shown else len(shown) for t in text] + [-1])
        self.codes = order[codes]  # code -1 indexes the appended -1: missing stays missing
        self.names = shown


def distribution_chart(
    frame: pd.DataFrame, column: dict, index: int, classes: Classes, out_dir: Path
) -> style.Chart:
    """Histogram of a number or date column, stacked by target class when there is one."""
    name = column["name"]
    histogram = column["histogram"]
    dated = column["dtype"] == "datetime"
    edges = np.array(
        mdates.date2num(pd.to_datetime(histogram["edges"]).to_numpy())
        if dated
        else histogram["edges"],
        dtype="float64",
    )
    figure = style.new_figure()
    stacked = classes.codes is not None and not dated
    ax = figure.add_axes((0.1, 0.13, (LEGEND_EDGE if stacked else 0.96) - 0.1, 0.69))
    if stacked:
        values = frame[name].to_numpy(dtype="float64", na_value=np.nan)
        _histogram(ax, _class_counts(values, edges, classes), edges, list(classes.names))
    else:
        _histogram(ax, np.asarray(histogram["counts"], dtype="float64")[:, None], edges, [None])
    if np.all(np.diff(edges) == 1.0) and edges[0] % 1 == 0.5:  # one bar per integer value
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if dated:
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    style.style_axes(ax)
    style.thousands(ax)
    style.label_axes(ax, display(name, 60), "Rows")
    title = f"Distribution of {shorten(name, 50)}"
    style.titled(figure, title, _number_summary(column))
    filename = chart_filename("distribution", name, index)
    return style.save(figure, out_dir, filename, title=title, kind="distribution", column=name)


def _class_counts(values: np.ndarray, edges: np.ndarray, classes: Classes) -> np.ndarray:
    """bins x classes counts over the profile's equal-width edges (arithmetic, not a search:
    this runs over every row); values outside them (a sampled profile) are left out."""
    width = (edges[-1] - edges[0]) / (edges.size - 1)
    bins = np.floor((values - edges[0]) / width)
    bins[values == edges[-1]] = edges.size - 2  # the last bin is closed, as in np.histogram
    keep = (bins >= 0) & (bins < edges.size - 1) & (classes.codes >= 0)  # False for NaN too
    k = len(classes.names)
    flat = np.bincount(
        bins[keep].astype(np.int64) * k + classes.codes[keep], minlength=(edges.size - 1) * k
    )
    return flat.reshape(edges.size - 1, k)


def _histogram(ax, counts: np.ndarray, edges: np.ndarray, names: list[str | None]) -> None:
    """Bars stacked by column of `counts`. The step patches skip matplotlib's per-segment
    data-limit update (tens of milliseconds a chart); the limits are set directly instead."""
    bottom = np.zeros(counts.shape[0])
    handles = []
    for k, name in enumerate(names):
        top = bottom + counts[:, k]
        colour = style.CLASS_COLOURS[k] if name is not None else style.PRIMARY
        patch = StepPatch(top, edges, baseline=bottom, fill=True, facecolor=colour, alpha=0.9)
        patch.set_linewidth(0)
        patch.set_label(display(name, 18) if name is not None else "")
        ax.add_artist(patch)
        handles.append(patch)
        bottom = top
    ax.set_xlim(edges[0] - 0.02 * (edges[-1] - edges[0]), edges[-1] + 0.02 * (edges[-1] - edges[0]))
    ax.set_ylim(0, max(float(bottom.max()), 1.0) * 1.05)
    if names != [None]:  # the legend lists the top of the stack first, as drawn
        ax.legend(
            handles=handles[::-1],
            frameon=False,
            fontsize=style.TICK_SIZE,
            loc="upper left",
            bbox_to_anchor=(1.01, 1),
        )


def _number_summary(column: dict) -> str:
    missing = f"{column['missing']:,} missing ({column['missing_pct']:.1f}%)"
    if column["dtype"] == "datetime":
        first, last = (str(column[k]).replace("T", " ") for k in ("min", "max"))
        return f"from {first} to {last}; {missing}"
    parts = [f"{key} {short(column[key])}" for key in ("mean", "median", "std", "min", "max")]
    return "; ".join([*parts, missing])


def categories_chart(
    frame: pd.DataFrame,
    column: dict,
    index: int,
    classes: Classes,
    out_dir: Path,
    *,
    sampled: bool = False,
) -> style.Chart:
    """The most frequent values of a label or boolean column, stacked by target class."""
    name = column["name"]
    if classes.codes is None and not sampled:
        labels, table = _profile_counts(column)  # the profile counted every row already
    else:
        labels, table = _frame_counts(frame[name], classes)
    names = classes.names or [None]
    figure = style.new_figure()
    ax = style.bar_axes(figure, labels, right=LEGEND_EDGE if classes.names else 0.94)
    left = np.zeros(len(labels))
    for k, class_name in enumerate(names):
        colour = style.CLASS_COLOURS[k] if class_name is not None else style.PRIMARY
        legend = display(class_name, 18) if class_name is not None else None
        ax.barh(range(len(labels)), table[:, k], left=left, color=colour, height=0.7, label=legend)
        left += table[:, k]
    if classes.names:
        ax.legend(
            frameon=False, fontsize=style.TICK_SIZE, loc="upper left", bbox_to_anchor=(1.01, 1)
        )
    style.thousands(ax, "x")
    style.label_axes(ax, "Rows", None)
    title = f"Most frequent values of {shorten(name, 45)}"
    subtitle = f"{column['unique']:,} distinct values; {column['missing']:,} missing"
    style.titled(figure, title, subtitle)
    filename = chart_filename("categories", name, index)
    return style.save(figure, out_dir, filename, title=title, kind="categories", column=name)


def _profile_counts(column: dict) -> tuple[list[str], np.ndarray]:
    """(bar labels, counts as rows x 1) from the profile's top values alone."""
    top = column["top_values"] or []
    labels = [display(item["value"]) for item in top]
    counts = [item["count"] for item in top]
    others = column["unique"] - len(top)
    if others > 0:
        labels.append(f"Other ({plural(others, 'value')})")
        counts.append(column["count"] - sum(counts))
    if column["missing"]:
        labels.append("(missing)")
        counts.append(column["missing"])
    return labels, np.array(counts, dtype="float64")[:, None]


def _frame_counts(series: pd.Series, classes: Classes) -> tuple[list[str], np.ndarray]:
    """(bar labels, counts as rows x classes) from every row of the column."""
    codes, uniques = pd.factorize(series.astype("object"), use_na_sentinel=True)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    top = np.argsort(-counts, kind="stable")[:TOP_CATEGORIES]
    top = top[counts[top] > 0]
    labels = [display(label(uniques[i])) for i in top]
    others = len(uniques) - len(top)
    if others:
        labels.append(f"Other ({plural(others, 'value')})")
    # Bar of every row: its top value's position, else "other", else (missing) last.
    position = np.full(len(uniques) + 1, len(top))
    position[top] = np.arange(len(top))
    position[-1] = len(labels)  # code -1 (missing) indexes this last slot
    if (codes < 0).any():
        labels.append("(missing)")
    bars = position[codes]
    if classes.codes is None:
        return labels, np.bincount(bars, minlength=len(labels)).astype("float64")[:, None]
    k, keep = len(classes.names), classes.codes >= 0
    flat = np.bincount(bars[keep] * k + classes.codes[keep], minlength=len(labels) * k)
    return labels, flat.reshape(len(labels), k).astype("float64")
