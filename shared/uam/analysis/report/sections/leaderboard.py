"""The model comparison: every trained model ranked, the baseline underneath."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from uam.analysis.report import content as c
from uam.analysis.report.figures import chart
from uam.analysis.report.labels import (
    metric_header,
    metric_label,
    metric_order,
    metric_value,
    model_label,
)
from uam.analysis.report.sections.charts import model_chart
from uam.analysis.report.styles import styles
from uam.analysis.report.tables import data_table
from uam.analysis.report.text import MISSING, esc, fmt_int, fmt_seconds, number

TOP_FEATURES = 10
MAX_CONFUSION_CLASSES = 12


def leaderboard(content: dict) -> list[Flowable]:
    """On a new page: every trained model ranked, with the baseline underneath for scale."""
    s = styles()
    rows = c.leaderboard(content)
    story: list[Flowable] = [PageBreak(), Paragraph("Model comparison", s.h1)]
    if not rows:
        return [*story, Paragraph("No model finished training.", s.body)]
    metric = c.metric(content)
    story.append(Paragraph(_intro(content, rows, metric), s.body))
    baseline = c.mapping(content.get("baseline"))
    metrics = metric_order(c.task(content), _holdout_metrics(rows, baseline), metric)[:6]
    header = ["#", "Model", esc(metric_header(metric or "score"))]
    header += [esc(metric_header(m)) for m in metrics] + ["Time"]
    table_rows = [_row(row, metric, metrics) for row in rows]
    if baseline:
        table_rows.append(_baseline_row(baseline, metrics))
    rest = 1 - 0.04 - 0.23 - 0.16 - 0.08
    widths = [0.04, 0.23, 0.16] + [rest / max(len(metrics), 1)] * len(metrics) + [0.08]
    groups = [("Training (CV)", 2, 2)]
    if metrics:
        groups.append(("Held-out rows", 3, 2 + len(metrics)))
    right = tuple(range(2, len(header)))
    story.append(data_table(header, table_rows, widths, right=right, groups=groups))
    story.append(
        Paragraph(
            "Cross-validation: mean ± standard deviation over the folds on the training rows. "
            "Held-out rows: one score each on rows no model saw while training.",
            s.small,
        )
    )
    picture = model_chart(content, "leaderboard")
    if picture:
        block = chart(picture.get("path"), None)  # the chart draws its own title
        if block is not None:
            story += [Spacer(1, 8), block]
    return story


def _intro(content: dict, rows: list[dict], metric: str | None) -> str:
    prep = c.mapping(content.get("preparation"))
    train = number(prep.get("train_rows"))
    folds = next((r.get("cv_folds") for r in rows if isinstance(r.get("cv_folds"), int)), None)
    cv = f"{folds}-fold cross-validation" if folds else "cross-validation"
    on = f" on the {fmt_int(train)} training rows" if train else " on the training rows"
    return (
        f"{len(rows)} model{'s were' if len(rows) != 1 else ' was'} trained and scored by "
        f"{cv}{on}, ranked by {esc(metric_label(metric))}. Each was then refitted on all "
        "training rows and scored once on the held-out rows."
    )


def _holdout_metrics(rows: list[dict], baseline: dict) -> list[str]:
    seen: list[str] = []
    for holdout in [c.mapping(r.get("holdout")) for r in rows] + [
        c.mapping(baseline.get("holdout"))
    ]:
        seen += [str(k) for k in holdout if str(k) not in seen]
    return seen


def _row(row: dict, metric: str | None, metrics: list[str]) -> list[str]:
    holdout = c.mapping(row.get("holdout"))
    cv = metric_value(metric, row.get("cv_score"))
    std = number(row.get("cv_std"))
    if cv != MISSING and std is not None:
        cv += f" ± {metric_value(metric, std)}"
    name = esc(model_label(row.get("name")), 60)
    if row.get("rank") == 1:
        name = f"<b>{name}</b>"
    return [
        esc(row.get("rank") if row.get("rank") is not None else MISSING),
        name,
        cv,
        *[metric_value(m, holdout.get(m)) for m in metrics],
        fmt_seconds(row.get("fit_seconds")),
    ]


def _baseline_row(baseline: dict, metrics: list[str]) -> list[str]:
    holdout = c.mapping(baseline.get("holdout"))
    name = esc(baseline.get("name") or "baseline", 60)
    return [
        "",
        f"<i>{name}</i>",
        MISSING,
        *[f"<i>{metric_value(m, holdout.get(m))}</i>" for m in metrics],
        "",
    ]
