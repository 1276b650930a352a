"""Data-quality alerts, each a sentence a person can act on, and the columns training must drop."""

from __future__ import annotations

import numpy as np
import pandas as pd

from uam.analysis.profiling.arrays import LABELS, NUMERIC
from uam.analysis.profiling.jsonable import label
from uam.analysis.profiling.leakage import LeakageCheck
from uam.analysis.profiling.statistics import ColumnFacts

NEAR_CONSTANT = 0.99
HIGH_CARDINALITY = 50
HIGH_MISSING_WARNING = 0.5
HIGH_MISSING_INFO = 0.2
SKEWED = 2.0
HIGH_CORRELATION = 0.95
MAX_CORRELATION_ALERTS = 20
EXCLUDING = ("constant", "id_like", "target_leakage")
_MEASURES = {"balanced_accuracy": "balanced accuracy", "roc_auc": "ROC AUC", "r2": "R2"}


def alert(kind: str, column: str | None, severity: str, message: str, value: float | int) -> dict:
    return {
        "type": kind,
        "column": column,
        "severity": severity,
        "message": message,
        "value": value,
    }


def is_id_like(profile: dict, facts: ColumnFacts) -> bool:
    """Unique per row like an identifier: dtype id, a row counter, or distinct word-free labels.

    Integers must also run without gaps (distinct measurements such as prices are not ids) and
    labels must contain no whitespace (distinct free text is text, not an identifier)."""
    dtype = profile["dtype"]
    if dtype == "id":
        return True
    all_distinct = facts.used > 1 and profile["unique"] == facts.used and profile["missing"] == 0
    if not all_distinct:
        return False
    if dtype == "integer":
        return facts.consecutive
    if dtype in ("categorical", "text"):
        words = pd.Series(facts.labels, dtype=object).str.contains(r"\s", regex=True, na=False)
        return not bool(words.any())
    return False


def column_alerts(profile: dict, facts: ColumnFacts, *, id_like: bool, is_target: bool) -> list:
    """Alerts about one column on its own."""
    name, dtype, rows = profile["name"], profile["dtype"], profile["count"] + profile["missing"]
    found = []
    constant = profile["unique"] <= 1
    if constant and not is_target:
        found.append(_constant(profile))
    elif not constant and facts.dominant / facts.used >= NEAR_CONSTANT:
        share = facts.dominant / facts.used
        found.append(
            alert(
                "near_constant",
                name,
                "info",
                f"{name} has one value in {share:.1%} of its non-missing rows "
                f"({facts.dominant:,} of {facts.used:,}), so it carries little information.",
                round(share, 4),
            )
        )
    if id_like and not is_target:
        found.append(
            alert(
                "id_like",
                name,
                "info",
                f"{name} looks like an identifier (a different value in every row); a model "
                "cannot learn from it for new rows, so it is left out of training.",
                1.0,
            )
        )
    elif dtype in LABELS and not id_like:
        found.extend(_cardinality(profile, facts))
    found.extend(_missing(profile, rows))
    skew = profile.get("skewness")
    if dtype in NUMERIC and skew is not None and abs(skew) > SKEWED:
        found.append(
            alert(
                "skewed",
                name,
                "info",
                f"{name} is strongly skewed (skewness {skew:.1f}); a log or rank transform may "
                "help linear models, and its mean is a poor summary.",
                round(skew, 3),
            )
        )
    return found


def _constant(profile: dict) -> dict:
    name = profile["name"]
    if not profile["count"]:
        text = f"{name} has no values at all (every row is missing); it is left out of training."
    else:
        tops = profile.get("top_values")
        top = tops[0]["value"] if tops else label(profile.get("min"))
        text = (
            f"{name} has the same value ({top}) in every non-missing row, so it cannot help a "
            "model; it is left out of training."
        )
    return alert("constant", name, "warning", text, profile["unique"])


def _cardinality(profile: dict, facts: ColumnFacts) -> list[dict]:
    unique, name = profile["unique"], profile["name"]
    if unique <= HIGH_CARDINALITY or not facts.used or unique / facts.used <= 0.5:
        return []
    share = unique / facts.used
    return [
        alert(
            "high_cardinality",
            name,
            "warning",
            f"{name} has {unique:,} distinct values ({share:.0%} of its non-missing rows); most "
            "values are too rare to learn from: group rare values or leave the column out.",
            round(share, 4),
        )
    ]


def _missing(profile: dict, rows: int) -> list[dict]:
    missing, name = profile["missing"], profile["name"]
    share = missing / rows if rows else 0.0
    if share < HIGH_MISSING_INFO:
        return []
    severity = "warning" if share >= HIGH_MISSING_WARNING else "info"
    text = (
        f"{name} is {share:.0%} missing ({missing:,} of {rows:,} rows); models fill the gaps, "
        "so check whether a missing value means something in itself."
    )
    return [alert("high_missing", name, severity, text, round(share, 4))]


def duplicate_alert(duplicates: int, rows: int) -> list[dict]:
    if not duplicates:
        return []
    text = (
        f"{duplicates:,} rows ({duplicates / rows:.1%}) repeat an earlier row exactly; check "
        "whether they are genuine repeats or an export error, as they can inflate scores."
    )
    return [alert("duplicate_rows", None, "warning", text, duplicates)]


def leakage_alerts(leaks: list[LeakageCheck], target: str) -> list[dict]:
    return [
        alert(
            "target_leakage",
            leak.column,
            "warning",
            f"{leak.column} alone predicts {target} with {_MEASURES[leak.measure]} "
            f"{leak.value:.3f} on held-out rows (3-fold cross-validation on {leak.rows:,} rows): "
            "it probably encodes the answer, so it is left out of training.",
            leak.value,
        )
        for leak in leaks
    ]


def correlation_alerts(correlations: dict, target: str | None) -> list[dict]:
    """One info alert per pair of features with |r| >= 0.95, strongest first."""
    names = correlations["columns"]
    if len(names) < 2:
        return []
    r = np.array(correlations["matrix"], dtype="float64")
    i, j = np.triu_indices(len(names), k=1)
    strength = np.abs(r[i, j])
    hits = np.flatnonzero(np.nan_to_num(strength) >= HIGH_CORRELATION)
    hits = hits[np.argsort(-strength[hits], kind="stable")]
    found = []
    for k in hits:
        a, b = names[i[k]], names[j[k]]
        if target in (a, b):
            continue
        value = round(float(r[i[k], j[k]]), 4)
        text = (
            f"{a} and {b} are almost perfectly correlated (r = {value:.2f}); one of them is "
            "probably redundant, and linear-model coefficients for them are unreliable."
        )
        found.append(alert("high_correlation", a, "info", text, value))
    return found[:MAX_CORRELATION_ALERTS]


def excluded(alerts: list[dict], target: str | None) -> dict[str, str]:
    """Column -> reason for every column training must drop (never the target)."""
    out: dict[str, str] = {}
    for item in alerts:
        column = item["column"]
        if item["type"] in EXCLUDING and column is not None and column != target:
            out.setdefault(column, item["type"])
    return out
