"""Rank candidates and blend them: greedy ensemble selection over out-of-fold predictions."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from uam.analysis.modeling.evaluation import aligned, score
from uam.analysis.modeling.preparation import Preparation
from uam.analysis.modeling.tasks import CLASSIFICATION, higher_is_better

MAX_SELECTION_ROWS = 100_000  # more rows change the chosen weights little but cost seconds


def rank(scores: dict[str, float], metric: str) -> list[str]:
    """Names best first; a missing or NaN score ranks last."""
    sign = 1.0 if higher_is_better(metric) else -1.0

    def key(name: str) -> tuple[int, float]:
        value = scores.get(name)
        if value is None or not math.isfinite(value):
            return (1, 0.0)
        return (0, -sign * value)

    return sorted(scores, key=key)


def ensemble_weights(
    oofs: dict[str, np.ndarray], y_train: np.ndarray, prep: Preparation, *, rounds: int = 25
) -> dict[str, float]:
    """Caruana-style greedy selection with replacement: weights summing to 1, best first.

    Each round adds (again, possibly) the model whose addition scores best on the
    out-of-fold predictions; the best-scoring prefix of rounds is kept. Only rows every
    model predicted count (a candidate stopped by the time budget leaves gaps).
    """
    if not oofs:
        return {}
    rows = _common_rows(oofs, len(y_train), prep.seed)
    y = np.asarray(y_train)[rows]
    preds = {name: oof[rows] for name, oof in oofs.items()}
    singles = {name: _safe_score(prep, y, pred) for name, pred in preds.items()}
    order = rank(singles, prep.metric)
    if len(order) == 1 or len(rows) == 0:
        return {order[0]: 1.0}
    better = higher_is_better(prep.metric)
    total = np.zeros_like(preds[order[0]])
    counts = dict.fromkeys(order, 0)
    best_counts, best_score = {order[0]: 1}, singles[order[0]]
    for step in range(1, rounds + 1):
        trials = {name: _safe_score(prep, y, (total + preds[name]) / step) for name in order}
        pick = rank(trials, prep.metric)[0]
        total = total + preds[pick]
        counts[pick] += 1
        value = trials[pick]
        if math.isfinite(value) and (value > best_score if better else value < best_score):
            best_score, best_counts = value, {n: c for n, c in counts.items() if c}
    used = sum(best_counts.values())
    return {name: best_counts[name] / used for name in order if name in best_counts}


def blend(oofs: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    """The weighted average of the members' predictions (NaN where a member has none)."""
    return sum(w * oofs[name] for name, w in weights.items())


class EnsembleModel:
    """Weighted average of fitted members' probabilities (in `classes` order) or values."""

    def __init__(
        self, members: dict[str, Any], weights: dict[str, float], task: str, classes: list | None
    ):
        self.members = {name: members[name] for name in weights}
        self.weights = dict(weights)
        self.task = task
        self.classes = list(classes) if classes is not None else None

    @property
    def classes_(self) -> np.ndarray:
        return np.asarray(self.classes, dtype=object)

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        if self.task != CLASSIFICATION:
            raise AttributeError("a regression ensemble has no probabilities")
        total = np.zeros((len(X), len(self.classes or [])))
        for name, weight in self.weights.items():
            member = self.members[name]
            proba = member.predict_proba(X)
            total += weight * aligned(proba, list(member.classes_), self.classes or [])
        return total

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        if self.task == CLASSIFICATION:
            return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
        return sum(
            w * np.asarray(self.members[n].predict(X), float) for n, w in self.weights.items()
        )

    def __repr__(self) -> str:
        parts = ", ".join(f"{name}={weight:.2f}" for name, weight in self.weights.items())
        return f"EnsembleModel({parts})"


def _common_rows(oofs: dict[str, np.ndarray], n: int, seed: int) -> np.ndarray:
    finite = np.ones(n, dtype=bool)
    for oof in oofs.values():
        finite &= np.isfinite(oof).all(axis=1) if oof.ndim == 2 else np.isfinite(oof)
    rows = np.flatnonzero(finite)
    if len(rows) > MAX_SELECTION_ROWS:
        rng = np.random.default_rng(seed)
        rows = np.sort(rng.choice(rows, size=MAX_SELECTION_ROWS, replace=False))
    return rows


def _safe_score(prep: Preparation, y: np.ndarray, pred: np.ndarray) -> float:
    try:
        return score(prep.metric, y, pred, prep)
    except ValueError:
        return math.nan
