"""Page one: what was analysed and what came out, in plain words."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

from uam.analysis.report import content as c
from uam.analysis.report.labels import (
    LOWER_IS_BETTER,
    metric_label,
    metric_order,
    metric_value,
    model_label,
    reason_label,
)
from uam.analysis.report.sections.key_alerts import key_alerts
from uam.analysis.report.styles import styles
from uam.analysis.report.tables import data_table
from uam.analysis.report.text import esc, fmt_int, fmt_pct, fmt_timestamp, number

_KINDS = {
    "integer": "numeric",
    "float": "numeric",
    "boolean": "yes/no",
    "datetime": "date/time",
    "categorical": "categorical",
    "text": "free text",
    "id": "identifier",
}


def summary(content: dict) -> list[Flowable]:
    """Title block and the summary in sentences."""
    s = styles()
    story: list[Flowable] = [Paragraph(esc(title_of(content), 160), s.title)]
    subtitle = _subtitle(content)
    if subtitle:
        story.append(Paragraph(subtitle, s.subtitle))
    story += [Paragraph("Summary", s.h1), Paragraph(_dataset_sentence(content), s.lead)]
    if c.has_models(content):
        sentences = _model_sentences(content)
        story += [Paragraph(text, s.lead) for text in sentences[:2]]
        story += _results_table(content)
        story += [Paragraph(text, s.lead) for text in sentences[2:]]
    else:
        story.append(
            Paragraph(
                "No target column was chosen, so only a profile of the data was made and no "
                "model was trained. Choose a column to predict to get a model comparison.",
                s.lead,
            )
        )
    story += key_alerts(content)
    return story


def title_of(content: dict) -> str:
    """The report's title: given, or made from the file name."""
    title = content.get("title")
    if isinstance(title, str) and title.strip():
        return title
    filename = c.mapping(content.get("dataset")).get("filename")
    return f"Analysis of {filename}" if filename else "Data analysis report"


def _subtitle(content: dict) -> str:
    parts = []
    when = fmt_timestamp(content.get("generated_at"))
    if when:
        parts.append(f"Generated {esc(when)}")
    if content.get("run_id"):
        parts.append(f"run {esc(content['run_id'], 60)}")
    return " · ".join(parts)


def shape(content: dict) -> tuple[object, object]:
    """Rows and columns of the dataset, from the dataset block or the profile."""
    dataset, profile = c.mapping(content.get("dataset")), c.profile(content)
    rows = dataset.get("rows") if dataset.get("rows") is not None else profile.get("rows")
    cols = dataset.get("cols") if dataset.get("cols") is not None else profile.get("columns")
    return rows, cols


def _dataset_sentence(content: dict) -> str:
    filename = c.mapping(content.get("dataset")).get("filename")
    rows, cols = shape(content)
    name = f"<b>{esc(filename, 80)}</b>" if filename else "The dataset"
    text = f"{name} has <b>{fmt_int(rows)} rows</b> and <b>{fmt_int(cols)} columns</b>."
    profile = c.profile(content)
    missing = number(profile.get("missing_cells"))
    if missing == 0:
        text += " No cell is empty."
    elif missing is not None:
        pct = fmt_pct(profile.get("missing_cells_pct"), digits=2)
        text += f" {fmt_int(missing)} cells ({pct}) are empty."
    duplicates = number(profile.get("duplicate_rows"))
    if duplicates:
        text += f" {fmt_int(duplicates)} rows are exact copies of another row."
    return text + _types_phrase(c.records(profile.get("columns_profile")))


def _types_phrase(columns: list[dict]) -> str:
    counts: dict[str, int] = {}
    for col in columns:
        kind = _KINDS.get(str(col.get("dtype")), "other")
        counts[kind] = counts.get(kind, 0) + 1
    if not counts:
        return ""
    parts = [f"{n} {kind}" for kind, n in sorted(counts.items(), key=lambda kv: -kv[1])]
    return " Columns by kind: " + ", ".join(parts) + "."


def _model_sentences(content: dict) -> list[str]:
    target, task, metric = c.target(content), c.task(content), c.metric(content)
    kind = {
        "classification": "a classification task",
        "regression": "a regression task (predicting a number)",
    }
    goal = f"The goal was to predict <b>{esc(target, 80)}</b>"
    if task in kind:
        goal += f", {kind[task]}{_classes_phrase(content)}"
    if metric:
        goal += f", judged by <b>{esc(metric_label(metric))}</b>"
    sentences = [goal + "."]
    result = _result_sentence(content, metric)
    if result:
        sentences.append(result)
    prep = c.mapping(content.get("preparation"))
    holdout, train = number(prep.get("holdout_rows")), number(prep.get("train_rows"))
    if holdout and train:
        sentences.append(
            f"Before training, {fmt_int(holdout)} of the {fmt_int(holdout + train)} rows with a "
            "known target were set aside and used only for the final scores; the models were "
            f"built and compared on the other {fmt_int(train)}."
        )
    without = number(prep.get("rows_without_target"))
    if without:
        sentences.append(f"{fmt_int(without)} rows had no target value and were not used.")
    sentences += _training_caveats(content)
    return sentences


def _results_table(content: dict) -> list[Flowable]:
    """The best model next to the baseline on every held-out metric."""
    best = c.best_model(content)
    holdout = c.mapping(best.get("holdout"))
    baseline = c.mapping(c.mapping(content.get("baseline")).get("holdout"))
    metric = c.metric(content)
    metrics = metric_order(c.task(content), [str(k) for k in holdout], metric)
    if not metrics:
        return []
    rows = []
    for m in metrics:
        label = esc(metric_label(m))
        label = label[:1].upper() + label[1:]
        cells = [label, metric_value(m, holdout.get(m)), metric_value(m, baseline.get(m))]
        if m == metric:
            cells = [f"<b>{cell}</b>" for cell in cells]
        rows.append(cells)
    header = ["On the held-out rows", esc(model_label(best.get("name")), 40), "Baseline"]
    return [
        data_table(header, rows, [0.34, 0.2, 0.2], right=(1, 2)),
        Spacer(1, 9),
    ]


def _classes_phrase(content: dict) -> str:
    classes = c.strings(c.mapping(content.get("preparation")).get("classes"))
    if not classes:
        distribution = c.records(c.mapping(c.profile(content).get("target")).get("distribution"))
        classes = [str(d.get("value")) for d in distribution if d.get("value") is not None]
    if not classes:
        return ""
    shown = ", ".join(esc(name, 30) for name in classes[:5])
    more = ", …" if len(classes) > 5 else ""
    return f" with {len(classes)} classes ({shown}{more})"


def _result_sentence(content: dict, metric: str | None) -> str | None:
    best = c.best_model(content)
    if not best:
        return "No model finished training, so there is no result to report (see Failed models)."
    name = esc(model_label(best.get("name")))
    holdout = c.mapping(best.get("holdout"))
    value = holdout.get(metric) if metric else None
    if number(value) is None:
        cv = _cv_of(content, best.get("name"))
        if number(cv) is None:
            return f"The best model was <b>{name}</b>."
        return (
            f"The best model was <b>{name}</b>, with a cross-validated "
            f"{esc(metric_label(metric))} of {metric_value(metric, cv)}."
        )
    rows = fmt_int(c.mapping(content.get("preparation")).get("holdout_rows"))
    score = _metric_phrase(metric, value)
    text = f"<b>{name}</b> predicts {esc(c.target(content), 80)} with <b>{score}</b>"
    text += f" on {rows} held-out rows" if rows != "—" else " on the held-out rows"
    baseline = c.mapping(c.mapping(content.get("baseline")).get("holdout")).get(metric)
    if number(baseline) is not None:
        guess = (
            "always predicting the training mean"
            if c.task(content) == "regression"
            else "always guessing the most frequent class"
        )
        text += f", against {metric_value(metric, baseline, sentence=True)} for {guess}"
        if metric in LOWER_IS_BETTER:
            text += " (lower is better)"
    return text + "."


def _metric_phrase(metric: str | None, value: object) -> str:
    shown = metric_value(metric, value, sentence=True)
    label = esc(metric_label(metric))
    return f"{shown} {label}" if shown.endswith("%") else f"{label} {shown}"


def _cv_of(content: dict, name: object) -> object:
    for row in c.leaderboard(content):
        if row.get("name") == name:
            return row.get("cv_score")
    return c.best_model(content).get("cv_score")


def _training_caveats(content: dict) -> list[str]:
    sentences = []
    excluded = c.excluded(content)
    if excluded:
        names = ", ".join(
            f"{esc(col, 40)} ({esc(reason_label(why).split(':')[0])})"
            for col, why in list(excluded.items())[:4]
        )
        more = f" and {len(excluded) - 4} more" if len(excluded) > 4 else ""
        count = "One column was" if len(excluded) == 1 else f"{len(excluded)} columns were"
        sentences.append(f"{count} left out of training: {names}{more}.")
    failed = [model_label(f.get("name")) for f in c.records(content.get("failed_models"))]
    if failed:
        count = "One model" if len(failed) == 1 else f"{len(failed)} models"
        sentences.append(f"{count} could not be trained ({esc(', '.join(failed), 120)}).")
    return sentences
