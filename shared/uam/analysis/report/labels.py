"""Words a reader understands for the identifiers the pipeline uses (models, metrics, reasons)."""

from __future__ import annotations

from uam.analysis.modeling.tasks import METRIC_NAMES
from uam.analysis.report.text import MISSING, fmt_fixed, fmt_num, fmt_pct, number

_MODELS = {
    "lightgbm": "LightGBM",
    "hist_gradient_boosting": "Hist. gradient boosting",
    "logistic_regression": "Logistic regression",
    "random_forest": "Random forest",
    "extra_trees": "Extra trees",
    "ridge": "Ridge regression",
    "linear_regression": "Linear regression",
    "elastic_net": "Elastic net",
    "knn": "k-nearest neighbours",
    "ensemble": "Ensemble",
    "xgboost": "XGBoost",
}
_METRICS = METRIC_NAMES
_SHORT_METRICS = {
    "balanced_accuracy": "Bal. acc.",
    "accuracy": "Acc.",
    "log_loss": "Log loss",
    "roc_auc": "AUC",
}
# Shown as percentages in sentences: a share of rows is what people expect for these.
PERCENT_METRICS = frozenset({"accuracy", "balanced_accuracy"})
LOWER_IS_BETTER = frozenset({"log_loss", "rmse", "mae"})
CLASSIFICATION_ORDER = ("balanced_accuracy", "accuracy", "f1", "roc_auc", "log_loss")
REGRESSION_ORDER = ("r2", "rmse", "mae")
_REASONS = {
    "id_like": "identifier: a different value in (almost) every row, nothing to learn from",
    "constant": "the same value in every row",
    "near_constant": "nearly the same value in every row",
    "target_leakage": "predicts the target almost perfectly on its own: probably known only "
    "after the outcome (leakage)",
    "high_cardinality": "too many distinct values to learn from",
    "free_text": "free text, not used as a feature",
    "text": "free text, not used as a feature",
    "all_missing": "no values at all",
    "high_missing": "mostly missing",
    "target": "the target itself",
}
_DTYPES = {"id": "identifier", "categorical": "category"}
SEVERITY_RANK = {"critical": 0, "error": 0, "warning": 1, "info": 2}


def model_label(name: object) -> str:
    """'lightgbm' -> 'LightGBM'; unknown names read as words."""
    if not isinstance(name, str) or not name:
        return "unnamed model"
    known = _MODELS.get(name.lower())
    if known:
        return known
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def metric_label(metric: object) -> str:
    """'balanced_accuracy' -> 'balanced accuracy'."""
    if not isinstance(metric, str) or not metric:
        return "score"
    return _METRICS.get(metric, metric.replace("_", " "))


def metric_header(metric: str) -> str:
    """A short table header for a metric."""
    return _SHORT_METRICS.get(metric, metric_label(metric))


def metric_value(metric: object, value: object, *, sentence: bool = False) -> str:
    """A metric's value: a percentage in sentences for accuracy-like metrics, else 3 decimals."""
    num = number(value)
    if num is None:
        return MISSING
    if sentence and metric in PERCENT_METRICS:
        return fmt_pct(num, fraction=True, digits=0 if abs(num) >= 0.1 else 1)
    if metric in LOWER_IS_BETTER and abs(num) >= 10:
        return fmt_num(num)
    return fmt_fixed(num)


def metric_order(task: object, available: list[str], primary: object) -> list[str]:
    """The metrics to show as columns: the primary one first, then the usual order."""
    order = REGRESSION_ORDER if task == "regression" else CLASSIFICATION_ORDER
    known = [m for m in order if m in available]
    extra = sorted(m for m in available if m not in order)
    metrics = known + extra
    if isinstance(primary, str) and primary in metrics:
        metrics.remove(primary)
        metrics.insert(0, primary)
    return metrics


def reason_label(reason: object) -> str:
    """Why a column was left out, in words."""
    if not isinstance(reason, str) or not reason:
        return "excluded"
    return _REASONS.get(reason, reason.replace("_", " "))


def dtype_label(dtype: object) -> str:
    """A UAM dtype as shown in the column table."""
    if not isinstance(dtype, str) or not dtype:
        return MISSING
    return _DTYPES.get(dtype, dtype)


def severity_of(alert: dict) -> str:
    """The alert's severity, 'info' when absent or unknown."""
    severity = alert.get("severity")
    return severity if isinstance(severity, str) and severity in SEVERITY_RANK else "info"
