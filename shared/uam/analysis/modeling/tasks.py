"""Which task a target implies, its default metric, and which way each metric points."""

from __future__ import annotations

import numpy as np
import pandas as pd

CLASSIFICATION = "classification"
REGRESSION = "regression"
CLASSIFICATION_METRICS = ("roc_auc", "accuracy", "balanced_accuracy", "f1", "log_loss")
REGRESSION_METRICS = ("r2", "rmse", "mae")
LOWER_IS_BETTER = frozenset({"log_loss", "rmse", "mae"})
METRIC_NAMES = {
    "roc_auc": "ROC AUC",
    "accuracy": "accuracy",
    "balanced_accuracy": "balanced accuracy",
    "f1": "F1",
    "log_loss": "log loss",
    "r2": "R²",
    "rmse": "RMSE",
    "mae": "MAE",
}
# A whole-number target with at most this many distinct values reads as classes (ratings,
# counts of categories, 0/1 flags); above it, as a quantity.
MAX_INTEGER_CLASSES = 10
NUMERIC_DTYPES = ("integer", "float")


class InvalidRunOptions(ValueError):
    """The target or options cannot be used with this data (message for the user)."""


def detect_task(target: pd.Series, dtype: str, requested: str = "auto") -> str:
    """The task for `target`: the requested one, else classification unless it is a quantity."""
    if requested in (CLASSIFICATION, REGRESSION):
        return requested
    if requested not in ("auto", "", None):
        raise InvalidRunOptions(
            f"Unknown task {requested!r}: choose auto, classification or regression."
        )
    if dtype not in NUMERIC_DTYPES:
        return CLASSIFICATION
    values = pd.to_numeric(target, errors="coerce").dropna()
    distinct = values.nunique()
    if distinct <= 2:
        return CLASSIFICATION
    whole = bool((values == values.round()).all())
    return CLASSIFICATION if whole and distinct <= MAX_INTEGER_CLASSES else REGRESSION


def default_metric(task: str, n_classes: int | None) -> str:
    """ROC AUC for two classes, balanced accuracy for more, R² for regression.

    Balanced accuracy for multiclass: it reads as a percentage a person understands, and a
    model that ignores a small class cannot hide behind the big ones (plain accuracy can).
    """
    if task == REGRESSION:
        return "r2"
    return "roc_auc" if (n_classes or 2) <= 2 else "balanced_accuracy"


def higher_is_better(metric: str) -> bool:
    """True when a larger value of `metric` is a better model."""
    return metric not in LOWER_IS_BETTER


def metrics_for(task: str) -> tuple[str, ...]:
    """The metrics that apply to `task`."""
    return REGRESSION_METRICS if task == REGRESSION else CLASSIFICATION_METRICS


# Labels people use for "the thing we are looking for" in a two-class target.
CONVENTIONAL_POSITIVES = frozenset({"1", "yes", "y", "true", "t", "positive", "pos"})


def clean_labels(target: pd.Series) -> pd.Series:
    """Class labels as trimmed strings; whole numbers read "1" not "1.0"; NaN stays missing."""
    if isinstance(target.dtype, pd.BooleanDtype) or target.dtype == bool:
        out = target.astype("boolean").map({True: "True", False: "False"}, na_action="ignore")
        return out.astype(object)
    if pd.api.types.is_numeric_dtype(target.dtype):
        values = pd.to_numeric(target, errors="coerce").astype("float64")
        values = values.where(np.isfinite(values))
        text = values.map(_number_label, na_action="ignore")
        return text.astype(object)
    # " yes", "yes " and "yes" are one class: stray whitespace is an entry accident.
    text = target.astype(object).map(lambda v: " ".join(str(v).split()), na_action="ignore")
    return text.where(text != "").astype(object)


def _number_label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def order_classes(labels: list[str]) -> list[str]:
    """Numbers by value ("2" before "10"), then other labels alphabetically."""

    def key(label: str) -> tuple[int, float, str]:
        try:
            return (0, float(label), label)
        except ValueError:
            return (1, 0.0, label)

    return sorted(labels, key=key)


def positive_class(counts: dict[str, int]) -> str | None:
    """For two classes: a conventional positive ("1", "yes", "true") if any, else the minority."""
    if len(counts) != 2:
        return None
    conventional = [c for c in counts if c.strip().lower() in CONVENTIONAL_POSITIVES]
    if len(conventional) == 1:
        return conventional[0]
    ordered = order_classes(list(counts))
    # Ties go to the later class, which is the conventional "1" of an unlabelled 0/1 pair.
    return min(reversed(ordered), key=lambda c: counts[c])


def target_series(column: pd.Series, dtype: str, requested: str) -> pd.Series:
    """The target as labels (classification) or floats (regression); NaN where unusable."""
    if requested not in ("auto", CLASSIFICATION, REGRESSION):
        raise InvalidRunOptions(
            f"Unknown task {requested!r}: choose auto, classification or regression."
        )
    if requested == REGRESSION:
        if dtype not in NUMERIC_DTYPES:
            raise InvalidRunOptions(
                f"Regression needs a numeric target, but {column.name!r} is {dtype}. "
                "Choose classification, or a numeric target."
            )
        values = pd.to_numeric(column, errors="coerce").astype("float64")
        return values.where(np.isfinite(values))
    if requested == CLASSIFICATION or detect_task(column, dtype) == CLASSIFICATION:
        return clean_labels(column)
    values = pd.to_numeric(column, errors="coerce").astype("float64")
    return values.where(np.isfinite(values))


def check_metric(metric: str | None, task: str, n_classes: int) -> str:
    """The requested metric if it fits the task, else the default; a clear error otherwise."""
    if metric is None or metric == "":
        return default_metric(task, n_classes)
    allowed = metrics_for(task)
    if metric in allowed:
        return metric
    other = REGRESSION if task == CLASSIFICATION else CLASSIFICATION
    if metric in metrics_for(other):
        raise InvalidRunOptions(
            f"Metric {metric!r} is a {other} metric, but this is {task}; "
            f"choose one of {', '.join(allowed)}."
        )
    raise InvalidRunOptions(f"Unknown metric {metric!r}: choose one of {', '.join(allowed)}.")
