"""Whole-table charts drawn from the profile alone: missing values, correlations, the target."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib import colormaps

from uam.analysis.charts import style
from uam.analysis.charts.heatmap import heatmap
from uam.analysis.charts.labels import chart_filename, display, shorten
from uam.analysis.charts.numbers import plural, share, short

MAX_MISSING_BARS = 20
MAX_HEATMAP = 20  # beyond this the cells and their labels stop being readable at 8 x 5 in
MAX_CLASS_BARS = 15


def missing_chart(profile: dict, out_dir: Path) -> style.Chart:
    """Share of missing values in each column that has gaps, the most incomplete first."""
    gappy = sorted(
        (c for c in profile["columns_profile"] if c["missing"]), key=lambda c: -c["missing"]
    )
    shown = gappy[:MAX_MISSING_BARS]
    figure = style.new_figure()
    title = "Missing values by column"
    cells = profile["rows"] * profile["columns"]
    subtitle = (
        f"{profile['missing_cells']:,} of {cells:,} cells missing "
        f"({profile['missing_cells_pct']:.2f}%); {len(gappy)} of {profile['columns']} columns "
        "have gaps"
    )
    if len(gappy) > len(shown):
        subtitle += f", the {len(shown)} most incomplete shown"
    elif gappy and len(gappy) < profile["columns"]:
        subtitle += "; the others are complete"
    style.titled(figure, title, subtitle)
    filename = chart_filename("missing")
    if not gappy:
        style.note(
            figure.add_axes((0.05, 0.1, 0.9, 0.7)), "No missing values: every column is complete."
        )
        return style.save(figure, out_dir, filename, title=title, kind="missing")
    ax = style.bar_axes(figure, [display(c["name"]) for c in shown], right=0.9)
    shares = np.array([c["missing_pct"] for c in shown])
    colours = [
        style.ACCENT if s >= 50 else style.WARN if s >= 20 else style.PRIMARY for s in shares
    ]
    ax.barh(range(len(shown)), shares, color=colours, height=0.7)
    ax.set_xlim(0, 100)
    for y, (pct, column) in enumerate(zip(shares, shown, strict=True)):
        text = f"{pct:.1f}% ({column['missing']:,})"
        ax.text(pct + 1, y, text, va="center", fontsize=style.TICK_SIZE - 1, color=style.TEXT)
    style.label_axes(ax, "Missing values (% of rows)", None)
    return style.save(figure, out_dir, filename, title=title, kind="missing")


def correlation_chart(profile: dict, out_dir: Path) -> style.Chart | None:
    """Heatmap of Pearson correlations; past 20 columns, the most correlated ones."""
    corr = profile["correlations"]
    names = corr["columns"]
    if len(names) < 2:
        return None
    matrix = np.array(corr["matrix"], dtype="float64")
    keep = _heatmap_columns(names, matrix, profile)
    matrix = matrix[np.ix_(keep, keep)]
    title = "Correlations between numeric columns"
    total = len(names) + corr.get("columns_omitted", 0)
    subtitle = "Pearson r over rows where both values are present"
    if len(keep) < total:
        subtitle += f"; {len(keep)} of {total} numeric columns, the most correlated"
    figure = style.new_figure()
    style.titled(figure, title, subtitle)
    heatmap(
        figure,
        matrix,
        [names[i] for i in keep],
        cmap=colormaps["RdBu_r"].with_extremes(bad="#D9DDE2"),
        limits=(-1.0, 1.0),
        cell_text=lambda i, j: _r(matrix[i, j]),
        dark=lambda value: abs(value) > 0.6,
        colour_label="Pearson r",
    )
    filename = chart_filename("correlation")
    return style.save(figure, out_dir, filename, title=title, kind="correlation")


def _r(value: float) -> str:
    return "" if np.isnan(value) else f"{value:.2f}".replace("-0.00", "0.00")


def _heatmap_columns(names: list[str], matrix: np.ndarray, profile: dict) -> list[int]:
    """All columns when few; else the target (if numeric) and the most correlated others."""
    if len(names) <= MAX_HEATMAP:
        return list(range(len(names)))
    off = np.abs(np.where(np.eye(len(names), dtype=bool), np.nan, matrix))
    strongest = np.nan_to_num(np.nanmax(np.where(np.isnan(off), -1, off), axis=1), nan=-1)
    order = list(np.argsort(-strongest, kind="stable"))
    target = (profile.get("target") or {}).get("name")
    if target in names:
        order.remove(names.index(target))
        order.insert(0, names.index(target))
    return sorted(int(i) for i in order[:MAX_HEATMAP])


def target_chart(profile: dict, out_dir: Path) -> style.Chart | None:
    """Class counts (classification) or the histogram (regression) of the target."""
    target = profile.get("target")
    if not target:
        return None
    name = target["name"]
    figure = style.new_figure()
    if target["task"] == "regression":
        title = f"Target: {shorten(name, 50)}"
        drawn = _regression_target(figure, target)
    else:
        classes = plural(target.get("classes", 0), "class")
        title = f"Target: {shorten(name, 50)} ({classes})"
        drawn = _class_bars(figure, target)
    if not drawn:
        style.note(figure.add_axes((0.05, 0.1, 0.9, 0.7)), "The target has no values.")
    style.titled(figure, title, "What the models learn to predict")
    filename = chart_filename("target", name)
    return style.save(figure, out_dir, filename, title=title, kind="target", column=name)


def _class_bars(figure, target: dict) -> bool:
    items = target["distribution"]
    if not items:
        return False
    counts = [item["count"] for item in items]
    total = sum(counts)
    names = [display(item["value"]) for item in items[:MAX_CLASS_BARS]]
    values = counts[:MAX_CLASS_BARS]
    if len(items) > MAX_CLASS_BARS:
        names.append(f"Other ({plural(len(items) - MAX_CLASS_BARS, 'class')})")
        values.append(sum(counts[MAX_CLASS_BARS:]))
    ax = style.bar_axes(figure, names)
    many = len(values) > len(style.CLASS_COLOURS)
    colours = style.PRIMARY if many else list(style.CLASS_COLOURS[: len(values)])
    ax.barh(range(len(values)), values, color=colours, height=0.7)
    ax.set_xlim(0, max(values) * 1.25)
    for y, value in enumerate(values):
        text = f"  {value:,} ({share(value, total)})"
        ax.text(value, y, text, va="center", fontsize=style.TICK_SIZE - 1, color=style.TEXT)
    style.thousands(ax, "x")
    style.label_axes(ax, "Rows", None)
    return True


def _regression_target(figure, target: dict) -> bool:
    histogram = target.get("histogram")
    if not histogram:
        return False
    ax = figure.add_axes((0.1, 0.12, 0.85, 0.7))
    ax.stairs(histogram["counts"], histogram["edges"], fill=True, color=style.PRIMARY, alpha=0.85)
    for key, colour, dash in (("mean", style.ACCENT, "-"), ("median", style.TEXT, "--")):
        label = f"{key} {short(target[key])}"
        ax.axvline(target[key], color=colour, linestyle=dash, linewidth=1.5, label=label)
    ax.legend(frameon=False, fontsize=style.TICK_SIZE)
    style.style_axes(ax)
    style.thousands(ax)
    style.label_axes(ax, display(target["name"], 60), "Rows")
    return True
