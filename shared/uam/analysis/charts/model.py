"""Charts about trained models: confusion matrix, residuals, feature importance, leaderboard."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib import colormaps

from uam.analysis.charts import style
from uam.analysis.charts.heatmap import NAMES_ON_X_UP_TO, heatmap
from uam.analysis.charts.labels import chart_filename, display, shorten
from uam.analysis.charts.numbers import short

MAX_CLASSES = 15  # more and the cells are too small to read; the rest pool into "other"
MAX_POINTS = 5_000
TOP_FEATURES = 15
LOWER_IS_BETTER = ("rmse", "mae", "log_loss")


@style.serialised
def confusion_matrix_chart(
    labels: list[str], matrix: list[list[int]], out_dir: Path, *, title: str
) -> style.Chart:
    """Counts of true (rows) against predicted (columns) classes, shaded by share of the row."""
    counts = np.asarray(matrix, dtype="int64").reshape(len(labels), len(labels))
    names = [str(n) for n in labels]
    if len(names) > MAX_CLASSES:
        counts, names = _pool_classes(counts, names)
    totals = counts.sum(1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)
    accuracy = np.trace(counts) / counts.sum() if counts.sum() else 0.0
    numbered = len(names) > NAMES_ON_X_UP_TO
    figure = style.new_figure()
    subtitle = f"{counts.sum():,} rows; accuracy {accuracy:.1%}; shading: share of the true class"
    style.titled(figure, shorten(title, 80), subtitle)
    heatmap(
        figure,
        shares,
        names,
        cmap=colormaps["Blues"],
        limits=(0.0, 1.0),
        cell_text=lambda i, j: f"{counts[i, j]:,}",
        dark=lambda share: share > 0.55,
        colour_label="Share of the true class",
        axis_labels=("Predicted class" + (" (by number)" if numbered else ""), "True class"),
    )
    filename = chart_filename("confusion_matrix", title)
    return style.save(figure, out_dir, filename, title=title, kind="confusion_matrix")


def _pool_classes(counts: np.ndarray, names: list[str]) -> tuple[np.ndarray, list[str]]:
    """Keep the most frequent true classes; all others become one "other" row and column."""
    keep = np.sort(np.argsort(-counts.sum(1), kind="stable")[: MAX_CLASSES - 1])
    group = np.full(len(names), len(keep))
    group[keep] = np.arange(len(keep))
    pooled = np.zeros((len(keep) + 1, len(keep) + 1), dtype="int64")
    np.add.at(pooled, (group[:, None], group[None, :]), counts)
    return pooled, [names[i] for i in keep] + [f"other ({len(names) - len(keep)} classes)"]


@style.serialised
def residuals_chart(
    y_true: Sequence[float], y_pred: Sequence[float], out_dir: Path, *, title: str
) -> style.Chart:
    """Predicted against actual values, and residuals against predictions (<= 5,000 points)."""
    actual = np.asarray(y_true, dtype="float64")
    predicted = np.asarray(y_pred, dtype="float64")
    ok = np.isfinite(actual) & np.isfinite(predicted)
    actual, predicted = actual[ok], predicted[ok]
    if actual.size > MAX_POINTS:
        chosen = np.random.default_rng(0).choice(actual.size, MAX_POINTS, replace=False)
        actual, predicted = actual[chosen], predicted[chosen]
    figure = style.new_figure()
    subtitle = f"{actual.size:,} held-out rows" + (" (a sample)" if ok.sum() > actual.size else "")
    style.titled(figure, shorten(title, 80), subtitle)
    left = figure.add_axes((0.09, 0.13, 0.37, 0.68))
    right = figure.add_axes((0.6, 0.13, 0.37, 0.68))
    dots = {"s": 9, "alpha": 0.35 if actual.size > 500 else 0.7, "linewidths": 0}
    left.scatter(actual, predicted, color=style.PRIMARY, **dots)
    right.scatter(predicted, actual - predicted, color=style.PRIMARY, **dots)
    right.axhline(0, color=style.ACCENT, linewidth=1.2)
    if actual.size:
        low = float(min(actual.min(), predicted.min()))
        high = float(max(actual.max(), predicted.max()))
        left.plot([low, high], [low, high], color=style.ACCENT, linewidth=1.2, label="perfect")
        left.legend(frameon=False, fontsize=style.TICK_SIZE, loc="upper left")
    for ax, names in (
        (left, ("Actual", "Predicted")),
        (right, ("Predicted", "Actual - predicted")),
    ):
        style.style_axes(ax, grid="both")
        style.label_axes(ax, *names)
    filename = chart_filename("residuals", title)
    return style.save(figure, out_dir, filename, title=title, kind="residuals")


@style.serialised
def importance_chart(importances: list[dict], out_dir: Path, *, title: str) -> style.Chart:
    """The 15 most important features, with their spread across repeats as error bars."""
    rows = sorted(importances, key=lambda r: -(r.get("importance") or 0.0))[:TOP_FEATURES]
    values = np.array([r.get("importance") or 0.0 for r in rows], dtype="float64")
    spread = np.array([r.get("std") or 0.0 for r in rows], dtype="float64")
    figure = style.new_figure()
    subtitle = "How much the score drops when the feature's values are shuffled"
    if len(importances) > len(rows):
        subtitle += f"; top {len(rows)} of {len(importances)} features"
    style.titled(figure, shorten(title, 80), subtitle)
    filename = chart_filename("feature_importance", title)
    if not rows:
        style.note(figure.add_axes((0.05, 0.1, 0.9, 0.7)), "No feature importances to show.")
        return style.save(figure, out_dir, filename, title=title, kind="feature_importance")
    ax = style.bar_axes(figure, [display(r.get("feature", "")) for r in rows])
    error = {"ecolor": style.MUTED, "capsize": 2, "linewidth": 1}
    ax.barh(range(len(rows)), values, xerr=spread, color=style.PRIMARY, height=0.7, error_kw=error)
    ax.axvline(0, color=style.MUTED, linewidth=0.8)
    style.label_axes(ax, "Importance (drop in score)", None)
    return style.save(figure, out_dir, filename, title=title, kind="feature_importance")


@style.serialised
def leaderboard_chart(rows: list[dict], metric: str, out_dir: Path) -> style.Chart:
    """Each model's score, best first, with the baseline grey and dashed. The accent goes to
    the row marked "selected" (the model chosen by cross-validation, which need not have the
    best score on this chart's data), else to the best score."""
    lower = metric.lower().split()[-1] in LOWER_IS_BETTER  # "holdout rmse" too
    scored = [
        r for r in rows if isinstance(r.get("score"), int | float) and np.isfinite(r["score"])
    ]
    scored.sort(key=lambda r: r["score"] if lower else -r["score"])
    baseline = [_is_baseline(r) for r in scored]
    title = f"Model leaderboard ({metric})"
    figure = style.new_figure()
    hint = "lower is better" if lower else "higher is better"
    accent = "the selected model" if any(r.get("selected") for r in scored) else "the best"
    style.titled(
        figure, title, f"{metric} of each model, {hint}; highlighted: {accent}; grey: baseline"
    )
    filename = chart_filename("leaderboard")
    if not scored:
        style.note(figure.add_axes((0.05, 0.1, 0.9, 0.7)), "No model produced a score.")
        return style.save(figure, out_dir, filename, title=title, kind="leaderboard")
    ax = style.bar_axes(figure, [display(r.get("name", "")) for r in scored], right=0.9)
    values = [float(r["score"]) for r in scored]
    colours = [style.BASELINE if b else style.PRIMARY for b in baseline]
    best = next((i for i, r in enumerate(scored) if r.get("selected")), None)
    if best is None:
        best = next((i for i, b in enumerate(baseline) if not b), None)
    if best is not None:
        colours[best] = style.ACCENT
    ax.barh(range(len(values)), values, color=colours, height=0.7)
    for y, (value, is_base) in enumerate(zip(values, baseline, strict=True)):
        ax.text(value, y, f"  {short(value)}", va="center", fontsize=style.TICK_SIZE - 1)
        if is_base:
            ax.axvline(value, color=style.BASELINE, linestyle="--", linewidth=1.2)
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    ax.set_xlim(low - (0.05 * span if low < 0 else 0), high + 0.15 * span)
    style.label_axes(ax, metric, None)
    return style.save(figure, out_dir, filename, title=title, kind="leaderboard")


def _is_baseline(row: dict) -> bool:
    return bool(row.get("baseline")) or str(row.get("name", "")).lower().startswith("baseline")
