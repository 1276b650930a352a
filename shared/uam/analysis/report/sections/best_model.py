"""The best model: how it errs (confusion matrix or residuals) and what it relies on."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from uam.analysis.report import content as c
from uam.analysis.report.figures import chart_parts
from uam.analysis.report.labels import metric_label, metric_value, model_label
from uam.analysis.report.sections.charts import model_chart
from uam.analysis.report.styles import styles
from uam.analysis.report.tables import data_table
from uam.analysis.report.text import MISSING, esc, fmt_fixed, fmt_int, number

TOP_FEATURES = 10
MAX_CONFUSION_CLASSES = 12
# Smaller than a half page: the diagnostic and the importance chart share the model's page.
CHART_HEIGHT = 255


def best_model(content: dict) -> list[Flowable]:
    """A page for the winner: intro, diagnostic, then feature importance."""
    s = styles()
    best = c.mapping(content.get("best_model"))
    if not best:
        return []
    opening: list[Flowable] = [
        Paragraph(f"Best model: {esc(model_label(best.get('name')), 80)}", s.h1),
        Paragraph(_intro(content, best), s.body),
        *_diagnostic(content, best),
    ]
    return [PageBreak(), KeepTogether(opening), *_importance(content, best)]


def _intro(content: dict, best: dict) -> str:
    metric = c.metric(content)
    label = esc(metric_label(metric))
    name = f"<b>{esc(model_label(best.get('name')), 80)}</b>"
    row = next((r for r in c.leaderboard(content) if r.get("name") == best.get("name")), {})
    text = f"{name} ranked first"
    if number(row.get("cv_score")) is not None:
        text += f" by cross-validated {label} ({metric_value(metric, row.get('cv_score'))}"
        if number(row.get("cv_std")) is not None:
            text += f" ± {metric_value(metric, row.get('cv_std'))}"
        text += ")"
    text += "."
    score = c.mapping(best.get("holdout")).get(metric) if metric else None
    if number(score) is not None:
        rows = fmt_int(c.mapping(content.get("preparation")).get("holdout_rows"))
        where = "the held-out rows" if rows == MISSING else f"the {rows} held-out rows"
        text += f" On {where} it scored {metric_value(metric, score)}"
        base = c.mapping(c.mapping(content.get("baseline")).get("holdout")).get(metric)
        if number(base) is not None:
            text += f", against {metric_value(metric, base)} for the baseline"
        text += "."
    return text


def _diagnostic(content: dict, best: dict) -> list[Flowable]:
    s = styles()
    kind = "residuals" if c.task(content) == "regression" else "confusion_matrix"
    path = best.get("diagnostic_chart") or (model_chart(content, kind) or {}).get("path")
    if kind == "residuals":
        title = "Predicted against actual values on the held-out rows"
        explain = "Each point is a held-out row; points on the diagonal were predicted exactly."
    else:
        title = "Confusion matrix on the held-out rows"
        explain = (
            "Rows are the actual classes, columns the predicted ones; the diagonal holds the "
            "correct predictions."
        )
    parts = chart_parts(path, title, max_height=CHART_HEIGHT)
    if parts:
        return [Paragraph(explain, s.small), Spacer(1, 4), *parts]
    confusion = c.mapping(best.get("confusion"))
    labels, matrix = c.strings(confusion.get("labels")), confusion.get("matrix")
    if not labels or not isinstance(matrix, list) or len(labels) > MAX_CONFUSION_CLASSES:
        return []
    return [
        Paragraph(title, s.caption),
        Paragraph(explain, s.small),
        _confusion_table(labels, matrix),
        Spacer(1, 10),
    ]


def _confusion_table(labels: list[str], matrix: list) -> Flowable:
    first = 0.25
    widths = [first] + [(1 - first) / len(labels)] * len(labels)
    rows = []
    for label, counts in zip(labels, matrix, strict=False):
        values = counts if isinstance(counts, list) else []
        cells = [fmt_int(values[i]) if i < len(values) else MISSING for i in range(len(labels))]
        rows.append([esc(label, 40), *cells])
    header = ["actual \\ predicted", *[esc(label, 30) for label in labels]]
    return data_table(header, rows, widths, right=tuple(range(1, len(labels) + 1)))


def _importance(content: dict, best: dict) -> list[Flowable]:
    s = styles()
    importances = c.records(best.get("importances"))
    chart_info = model_chart(content, "feature_importance") or {}
    path = best.get("importance_chart") or chart_info.get("path")
    parts = chart_parts(path, "Feature importance", max_height=CHART_HEIGHT)
    if not parts and not importances:
        return []
    intro: list[Flowable] = [
        Paragraph("What the model relies on", s.h2),
        Paragraph(
            "Permutation importance on the held-out rows: how much the score drops when one "
            "column's values are shuffled. Near zero means the model barely uses the column.",
            s.body,
        ),
    ]
    # The heading travels with the chart: alone at the foot of a page it reads as a dead end.
    story: list[Flowable] = [KeepTogether([*intro, *parts])]
    if importances:
        rows = [
            [
                str(i),
                esc(item.get("feature"), 90),
                fmt_fixed(item.get("importance"), 4),
                fmt_fixed(item.get("std"), 4),
            ]
            for i, item in enumerate(importances[:TOP_FEATURES], start=1)
        ]
        header = ["#", "Feature", "Importance", "± std"]
        table = data_table(header, rows, [0.06, 0.58, 0.18, 0.18], right=(2, 3))
        caption = Paragraph(f"The {len(rows)} most important features", s.caption)
        story.append(KeepTogether([caption, table]))
    return story
