"""Permutation importance of the raw input columns, measured on holdout rows."""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from uam.analysis.modeling.evaluation import predictions, score
from uam.analysis.modeling.preparation import Preparation, target_values
from uam.analysis.modeling.tasks import higher_is_better

MIN_ROWS = 500  # fewer rows make the drops mostly noise


def permutation_importances(
    estimator: Any,
    holdout: pd.DataFrame,
    prep: Preparation,
    *,
    budget_s: float,
    max_rows: int = 5000,
    n_repeats: int = 5,
    seed: int = 42,
) -> list[dict]:
    """How much the metric worsens when each column is shuffled: [{"feature", "importance",
    "std"}], largest first.

    Shuffling a whole raw column (not an encoded part) answers the question a person asks:
    "how much does the model rely on this column?". Repeats go round all columns one pass at
    a time, so when the budget runs out every column has been measured equally often.
    """
    with threadpool_limits(limits=1):  # small predictions: threads would only wait on each other
        return _importances(estimator, holdout, prep, budget_s, max_rows, n_repeats, seed)


def _importances(
    estimator: Any,
    holdout: pd.DataFrame,
    prep: Preparation,
    budget_s: float,
    max_rows: int,
    n_repeats: int,
    seed: int,
) -> list[dict]:
    deadline = time.monotonic() + budget_s
    rows = _sample(holdout, max_rows, seed)
    began = time.monotonic()
    predictions(estimator, rows, prep)
    # One pass (every column once) must fit the budget: a slow model is measured on fewer rows.
    per_pass = (time.monotonic() - began) * len(prep.features)
    if per_pass > 0.8 * budget_s and len(rows) > MIN_ROWS:
        rows = _sample(rows, max(MIN_ROWS, int(len(rows) * 0.8 * budget_s / per_pass)), seed)
    y = target_values(rows, prep)
    sign = 1.0 if higher_is_better(prep.metric) else -1.0
    base = score(prep.metric, y, predictions(estimator, rows, prep), prep)
    rng = np.random.default_rng(seed)
    drops: dict[str, list[float]] = {f.name: [] for f in prep.features}
    for _ in range(n_repeats):
        began = time.monotonic()
        for name in drops:
            shuffled = rows.copy(deep=False)
            shuffled[name] = rows[name].to_numpy()[rng.permutation(len(rows))]
            value = score(prep.metric, y, predictions(estimator, shuffled, prep), prep)
            drops[name].append(sign * (base - value))
        if time.monotonic() + (time.monotonic() - began) > deadline:
            break
    result = [
        {"feature": name, "importance": _number(np.nanmean(d)), "std": _number(np.nanstd(d))}
        for name, d in drops.items()
    ]
    return sorted(result, key=lambda r: (r["importance"] is None, -(r["importance"] or 0.0)))


def _sample(frame: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    if len(frame) > n:
        frame = frame.sample(n=n, random_state=seed)
    return frame.reset_index(drop=True)


def _number(value: float) -> float | None:
    return round(float(value), 6) if math.isfinite(value) else None
