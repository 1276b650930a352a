"""Excluded columns, failures, notes, and how the analysis was made."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from uam.analysis.report import content as c
from uam.analysis.report.labels import metric_label, model_label, reason_label
from uam.analysis.report.styles import styles
from uam.analysis.report.tables import data_table
from uam.analysis.report.text import esc, fmt_int, fmt_pct, number

_METRIC_MEANING = {
    "balanced_accuracy": "the average share of each class predicted correctly, so a rare class "
    "counts as much as a common one (always guessing one class scores 1 / number of classes)",
    "accuracy": "the share of rows predicted correctly",
    "roc_auc": "how well the model ranks positive rows above negative ones (0.5 is guessing, "
    "1 is perfect)",
    "f1": "the balance of precision and recall on the positive class (averaged over classes "
    "when there are more than two)",
    "log_loss": "how confident and right the predicted probabilities are (lower is better)",
    "r2": "the share of the target's variance the model explains (0 is no better than the mean, "
    "1 is perfect)",
    "rmse": "the typical size of a prediction error, in the target's units (lower is better)",
    "mae": "the average absolute prediction error, in the target's units (lower is better)",
}


def closing_sections(content: dict) -> list[Flowable]:
    """Excluded columns, failed models, notes and the method, each only when it has content."""
    return [*_excluded(content), *_failed(content), *_notes(content), *_method(content)]


def _excluded(content: dict) -> list[Flowable]:
    excluded = c.excluded(content)
    if not excluded:
        return []
    s = styles()
    rows = [[esc(col, 90), esc(reason_label(why), 300)] for col, why in excluded.items()]
    heading = Paragraph("Columns left out of training", s.h2)
    return [KeepTogether([heading, data_table(["Column", "Why"], rows, [0.35, 0.65])])]


def _failed(content: dict) -> list[Flowable]:
    failed = c.records(content.get("failed_models"))
    if not failed:
        return []
    s = styles()
    rows = [
        [esc(model_label(item.get("name")), 60), esc(item.get("error") or "unknown error", 500)]
        for item in failed
    ]
    heading = Paragraph("Models that failed", s.h2)
    return [KeepTogether([heading, data_table(["Model", "Error"], rows, [0.25, 0.75])])]


def _notes(content: dict) -> list[Flowable]:
    notes = [esc(note, 500) for note in c.strings(content.get("notes"))]
    for row in c.leaderboard(content):
        label = esc(model_label(row.get("name")), 60)
        notes += [f"{label}: {esc(note, 400)}" for note in c.strings(row.get("notes"))]
    if not notes:
        return []
    s = styles()
    return [
        Paragraph("Notes", s.h2),
        *[Paragraph(note, s.bullet, bulletText="•") for note in notes],
    ]


def _method(content: dict) -> list[Flowable]:
    s = styles()
    points = [*_split_points(content), *_metric_points(content), _sample_point(content)]
    return [
        Paragraph("How this analysis was made", s.h2),
        *[Paragraph(p, s.bullet, bulletText="•") for p in points if p],
    ]


def _split_points(content: dict) -> list[str]:
    prep = c.mapping(content.get("preparation"))
    train, holdout = number(prep.get("train_rows")), number(prep.get("holdout_rows"))
    classification = c.task(content) == "classification"
    if train and holdout:
        share = fmt_pct(100 * holdout / (train + holdout), digits=0)
        split = (
            f"Rows with a known target were split once, before anything was fitted: "
            f"{fmt_int(train)} for training and {fmt_int(holdout)} ({share}) held out."
        )
    else:
        split = "Rows with a known target were split once into a training and a held-out part."
    if classification:
        split += " The split was stratified, so both parts have the same mix of classes."
    folds = next(
        (r.get("cv_folds") for r in c.leaderboard(content) if isinstance(r.get("cv_folds"), int)),
        None,
    )
    k = f"{folds}-fold" if folds else "k-fold"
    return [
        split,
        f"Each model was scored by {k} cross-validation on the training part only"
        + (" (stratified folds)" if classification else "")
        + "; the leaderboard ranks the mean fold score.",
        "The ranked models were refitted on all training rows and scored once on the held-out "
        "rows, which played no part in training or choosing the model.",
    ]


def _metric_points(content: dict) -> list[str]:
    metric = c.metric(content)
    points = []
    if metric:
        meaning = _METRIC_MEANING.get(metric)
        text = f"Primary metric: <b>{esc(metric_label(metric))}</b>"
        points.append(text + (f", {meaning}." if meaning else "."))
    baseline = (
        "always predicts the mean of the training target"
        if c.task(content) == "regression"
        else "always predicts the most frequent class in the training rows"
    )
    points.append(f"The baseline {baseline}; a useful model beats it clearly.")
    if c.excluded(content):
        points.append(
            "Identifier, constant and leaking columns were removed before training "
            "(see Columns left out of training)."
        )
    return points


def _sample_point(content: dict) -> str | None:
    sample = c.mapping(c.profile(content).get("sample"))
    if not sample:
        return None
    if sample.get("sampled"):
        note = str(sample.get("note") or "").strip().rstrip(".")
        used = fmt_int(sample.get("rows_used"))
        text = f"Distribution statistics were computed on a random sample of {used} rows"
        text += f" ({esc(note, 300)})." if note else "."
        return text + " Row counts and missing-value counts are exact."
    return "Every statistic in the profile was computed on all rows (exact, no sampling)."
