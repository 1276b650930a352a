"""Target leakage: does one feature alone predict the target almost perfectly on held-out rows?

Each feature becomes codes (64 quantile bins for numbers and dates, every distinct label for
labels) and a one-feature lookup model (majority class or mean target per code, i.e. a tree
with fixed splits) is scored by 3-fold cross-validation on a sample of at most 20,000 rows;
numbers that come close are re-scored with a depth-8 decision tree, which can put its splits
exactly in the gaps. Being out of sample is what keeps a unique id or a free-text column from
looking perfect: its codes never repeat across folds, so it predicts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata

from uam.analysis.profiling.encoding import class_codes, codes_for
from uam.analysis.profiling.statistics import ColumnFacts

MAX_ROWS = 20_000
MIN_ROWS = 50  # fewer rows than this and a perfect fit can happen by chance
FOLDS = 3
BINS = 64
BALANCED_ACCURACY = 0.98
ROC_AUC = 0.99
R2 = 0.98
SCREEN = 0.9  # numeric features scoring this on the bins are re-scored with a real tree


@dataclass(frozen=True)
class LeakageCheck:
    column: str
    measure: str  # "balanced_accuracy" | "roc_auc" | "r2"
    value: float
    rows: int


def check_leakage(
    facts: dict[str, ColumnFacts], candidates: list[str], *, target: str, task: str, seed: int
) -> list[LeakageCheck]:
    """The candidates that alone predict the target at or above the leakage thresholds."""
    if task == "classification":
        labels = class_codes(facts[target])
        y_all = np.where(labels >= 0, labels, np.nan).astype("float64")
    else:
        y_all = facts[target].values
    present = np.flatnonzero(np.isfinite(y_all))
    if present.size < MIN_ROWS:
        return []
    rng = np.random.default_rng(seed)
    if present.size > MAX_ROWS:
        present = np.sort(rng.choice(present, size=MAX_ROWS, replace=False))
    y = y_all[present]
    folds = rng.permutation(present.size) % FOLDS
    found = []
    for name in candidates:
        measure, value = _score(facts[name], present, y, folds, task)
        limit = {"roc_auc": ROC_AUC, "balanced_accuracy": BALANCED_ACCURACY, "r2": R2}[measure]
        if value >= limit:
            found.append(LeakageCheck(name, measure, round(value, 4), int(present.size)))
    return found


def _score(
    facts: ColumnFacts, rows: np.ndarray, y: np.ndarray, folds: np.ndarray, task: str
) -> tuple[str, float]:
    """(measure, out-of-fold score) of the best one-feature model tried for this column."""
    x, _ = codes_for(facts, bins=BINS, levels=None, rows=rows)
    x = np.unique(x, return_inverse=True)[1].ravel()  # compact: codes absent here cost nothing
    kx = int(x.max()) + 1
    if task == "classification":
        measure, value = _classification_score(x, kx, y.astype(np.int64), folds)
    else:
        measure, value = "r2", _regression_score(x, kx, y, folds)
    if facts.grid is not None and value >= SCREEN:
        # Fixed quantile bins can straddle the gap between two classes; a tree puts its split
        # in the gap, so a suspect number is judged by a tree before it is called a leak.
        tree = _tree_score(facts.values[rows], y, folds, task)
        measure, value = max((measure, value), tree, key=_value)
    return measure, value


def _value(item: tuple[str, float]) -> float:
    return item[1]


def _tree_score(
    numbers: np.ndarray, y: np.ndarray, folds: np.ndarray, task: str
) -> tuple[str, float]:
    """Out-of-fold score of a depth-8 tree on the one feature (missing values as NaN)."""
    # Imported here: most profiles never need a tree, and scikit-learn is slow to import.
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

    features = np.where(np.isfinite(numbers), numbers, np.nan).reshape(-1, 1)
    predicted = np.empty(y.size)
    for fold in range(FOLDS):
        train, test = folds != fold, folds == fold
        if task == "classification":
            model = DecisionTreeClassifier(max_depth=8, min_samples_leaf=5, random_state=0)
        else:
            model = DecisionTreeRegressor(max_depth=8, min_samples_leaf=5, random_state=0)
        model.fit(features[train], y[train])
        predicted[test] = model.predict(features[test])
    if task == "classification":
        labels = y.astype(np.int64)
        hits = predicted.astype(np.int64) == labels
        support = np.bincount(labels)
        correct = np.bincount(labels[hits], minlength=support.size)
        return "balanced_accuracy", float((correct[support > 0] / support[support > 0]).mean())
    spread = float(((y - y.mean()) ** 2).sum())
    return "r2", 1.0 - float(((y - predicted) ** 2).sum()) / spread if spread else 0.0


def _classification_score(
    x: np.ndarray, kx: int, y: np.ndarray, folds: np.ndarray
) -> tuple[str, float]:
    """The stronger of out-of-fold balanced accuracy and (binary targets) ROC AUC."""
    ky = int(y.max()) + 1
    predicted = np.empty(y.size, dtype=np.int64)
    scores = np.empty(y.size)
    for fold in range(FOLDS):
        train, test = folds != fold, folds == fold
        prior = np.bincount(y[train], minlength=ky)
        majority = _majority(x[train], y[train], kx, ky, int(prior.argmax()))
        predicted[test] = majority[x[test]]
        seen = np.bincount(x[train], minlength=kx)
        positives = np.bincount(x[train], weights=y[train] == ky - 1, minlength=kx)
        # Positive rate per code, shrunk towards the prior so one-row codes are not extreme.
        rate = (positives + prior[-1] / max(prior.sum(), 1)) / (seen + 1)
        scores[test] = rate[x[test]]
    support = np.bincount(y, minlength=ky)
    correct = np.bincount(y[predicted == y], minlength=ky)
    balanced = float((correct[support > 0] / support[support > 0]).mean())
    if ky == 2 and 0 < support[1] < y.size:
        auc = _roc_auc(scores, y == 1)
        if auc > balanced:
            return "roc_auc", auc
    return "balanced_accuracy", balanced


def _majority(x: np.ndarray, y: np.ndarray, kx: int, ky: int, fallback: int) -> np.ndarray:
    """The most frequent class per code (fallback for unseen codes), without a kx-by-ky table."""
    pairs, counts = np.unique(x * ky + y, return_counts=True)
    codes, classes = pairs // ky, pairs % ky
    order = np.lexsort((-counts, codes))  # by code, then most frequent class first
    codes, classes = codes[order], classes[order]
    first = np.concatenate(([True], codes[1:] != codes[:-1]))
    out = np.full(kx, fallback, dtype=np.int64)
    out[codes[first]] = classes[first]
    return out


def _roc_auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Mann-Whitney ROC AUC with ties counted as half."""
    ranks = rankdata(scores)
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _regression_score(x: np.ndarray, kx: int, y: np.ndarray, folds: np.ndarray) -> float:
    """Out-of-fold R2 of the per-code mean, on the target and on its ranks (the better one).

    Ranks catch a leak that is a monotone transform of a heavy-tailed target, where a few
    extreme values would otherwise dominate the squared error."""
    return max(_oof_r2(x, kx, y, folds), _oof_r2(x, kx, rankdata(y), folds))


def _oof_r2(x: np.ndarray, kx: int, y: np.ndarray, folds: np.ndarray) -> float:
    predicted = np.empty(y.size)
    for fold in range(FOLDS):
        train, test = folds != fold, folds == fold
        totals = np.bincount(x[train], weights=y[train], minlength=kx)
        counts = np.bincount(x[train], minlength=kx)
        means = np.where(counts > 0, totals / np.maximum(counts, 1), y[train].mean())
        predicted[test] = means[x[test]]
    spread = float(((y - y.mean()) ** 2).sum())
    if spread == 0:
        return 0.0
    return 1.0 - float(((y - predicted) ** 2).sum()) / spread
