"""profile_table: the whole-table profile every later step (charts, training, report) reads."""

from __future__ import annotations

import numpy as np
import pandas as pd

from uam.analysis.profiling import alerts as rules
from uam.analysis.profiling.arrays import NUMERIC, RowHasher, column_array
from uam.analysis.profiling.associations import correlations, target_association
from uam.analysis.profiling.jsonable import clean, label, pct
from uam.analysis.profiling.leakage import check_leakage
from uam.analysis.profiling.sampling import sample_positions
from uam.analysis.profiling.statistics import ColumnFacts, column_profile

MAX_CLASSES_SHOWN = 100
_REGRESSION_MIN_UNIQUE = 20  # a numeric target with fewer distinct values is treated as classes


def profile_table(
    frame: pd.DataFrame,
    column_types: dict[str, str],
    *,
    target: str | None,
    task: str | None,
    exact_row_limit: int = 1_000_000,
    seed: int = 42,
) -> dict:
    """A JSON-safe profile: per-column statistics, correlations, target view and alerts."""
    if target is not None and target not in frame.columns:
        raise ValueError(f"the target column {target!r} is not in the table")
    if not frame.columns.is_unique:
        raise ValueError("the table has two columns with the same name")
    types = {name: _uam_dtype(frame[name], column_types.get(name)) for name in frame.columns}
    rows = len(frame)
    positions, sample = sample_positions(rows, exact_row_limit, seed)
    hasher = RowHasher(rows)
    profiles: dict[str, dict] = {}
    facts: dict[str, ColumnFacts] = {}
    for name in frame.columns:
        full = column_array(frame[name], types[name])
        hasher.add(full)
        profiles[name], facts[name] = column_profile(str(name), types[name], full, positions)
    duplicates = hasher.duplicates(frame)
    numeric = [n for n in frame.columns if types[n] in NUMERIC and profiles[n]["unique"] > 1]
    corr = correlations(facts, numeric)
    alerts = []
    for name, profile in profiles.items():
        id_like = name != target and rules.is_id_like(profile, facts[name])
        alerts += rules.column_alerts(
            profile, facts[name], id_like=id_like, is_target=name == target
        )
    alerts += rules.duplicate_alert(duplicates, rows)
    target_view, association = None, []
    if target is not None:
        task = task or _guess_task(types[target], profiles[target]["unique"])
        if task == "regression" and types[target] not in NUMERIC:
            raise ValueError(f"regression needs a numeric target, and {target!r} is not numeric")
        target_view = _target_summary(profiles[target], facts[target], task)
        association = target_association(facts, target, task, seed=seed)
        excluded = rules.excluded(alerts, target)
        candidates = [
            n for n in frame.columns if n != target and n not in excluded and profiles[n]["unique"]
        ]
        leaks = check_leakage(facts, candidates, target=target, task=task, seed=seed)
        alerts += rules.leakage_alerts(leaks, str(target))
    alerts += rules.correlation_alerts(corr, target)
    alerts.sort(key=lambda item: item["severity"] != "warning")  # stable: warnings first
    missing = sum(p["missing"] for p in profiles.values())
    return clean(
        {
            "rows": rows,
            "columns": int(frame.shape[1]),
            "sample": sample,
            "missing_cells": missing,
            "missing_cells_pct": pct(missing, rows * frame.shape[1]),
            "duplicate_rows": duplicates,
            "columns_profile": list(profiles.values()),
            "correlations": corr,
            "target": target_view,
            "target_association": association,
            "alerts": alerts,
            "excluded_from_training": rules.excluded(alerts, target),
        }
    )


def _target_summary(profile: dict, facts: ColumnFacts, task: str) -> dict:
    if task == "regression":
        keys = ("mean", "std", "min", "median", "max", "histogram")
        return {"name": profile["name"], "task": task, **{k: profile[k] for k in keys}}
    if facts.labels is not None:
        codes = facts.values
        counts = np.bincount(codes[codes >= 0], minlength=facts.labels.size)
        order = np.argsort(-counts, kind="stable")[:MAX_CLASSES_SHOWN]
        pairs = [(facts.labels[i], counts[i]) for i in order if counts[i]]
    else:  # a numeric target with few distinct values, used as classes
        pairs = list(pd.Series(facts.values).value_counts().iloc[:MAX_CLASSES_SHOWN].items())
    return {
        "name": profile["name"],
        "task": task,
        "classes": profile["unique"],
        "distribution": [{"value": label(v), "count": int(c)} for v, c in pairs],
    }


def _guess_task(dtype: str, unique: int) -> str:
    return (
        "regression" if dtype in NUMERIC and unique > _REGRESSION_MIN_UNIQUE else "classification"
    )


def _uam_dtype(series: pd.Series, declared: str | None) -> str:
    """The declared UAM dtype, or one read off the pandas dtype for undeclared columns."""
    if declared:
        return declared
    if pd.api.types.is_bool_dtype(series.dtype):
        return "boolean"
    if pd.api.types.is_numeric_dtype(series.dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return "datetime"
    return "text"
