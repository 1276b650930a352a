"""Ranking and the greedy ensemble: weights from out-of-fold predictions, a usable model."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from uam.analysis.modeling import (
    EnsembleModel,
    Preparation,
    blend,
    ensemble_weights,
    holdout_metrics,
    rank,
    target_values,
    train_candidate,
)
from uam.analysis.modeling.evaluation import predictions, score

pytestmark = pytest.mark.unit


def test_rank_follows_the_metric_direction_and_puts_nan_last() -> None:
    assert rank({"a": 0.7, "b": 0.9, "c": float("nan"), "d": 0.8}, "roc_auc") == [
        "b", "d", "a", "c"]  # fmt: skip
    assert rank({"a": 3.0, "b": 1.0, "c": 2.0}, "rmse") == ["b", "c", "a"]


def _binary_prep(n: int) -> Preparation:
    return Preparation(
        task="classification", target="t", metric="roc_auc", classes=["no", "yes"],
        positive_class="yes", features=[], excluded={}, rows=n, rows_without_target=0,
        train_rows=n, holdout_rows=0, seed=1,
    )  # fmt: skip


def test_greedy_selection_blends_complementary_models_and_drops_useless_ones() -> None:
    rng = np.random.default_rng(0)
    n = 4000
    a, b = rng.normal(size=n), rng.normal(size=n)
    y = np.where(a + b + rng.normal(0, 0.5, n) > 0, "yes", "no").astype(object)

    def proba(z: np.ndarray) -> np.ndarray:
        p = 1 / (1 + np.exp(-z))
        return np.column_stack([1 - p, p])

    oofs = {"sees_a": proba(2 * a), "sees_b": proba(2 * b), "noise": proba(rng.normal(size=n))}
    oofs["sees_a"][:100] = np.nan  # rows a budget-stopped candidate never predicted
    prep = _binary_prep(n)
    weights = ensemble_weights(oofs, y, prep)
    assert set(weights) == {"sees_a", "sees_b"} and sum(weights.values()) == pytest.approx(1)
    blended = score("roc_auc", y, blend(oofs, weights), prep)
    singles = [score("roc_auc", y, oof, prep) for oof in oofs.values()]
    assert blended > max(singles) + 0.05


def test_ensemble_is_a_picklable_model_in_prep_class_order(species) -> None:
    prep, train, holdout = species
    trained = [train_candidate(n, train, prep, budget_s=30)
               for n in ("logistic_regression", "lightgbm")]  # fmt: skip
    weights = ensemble_weights({t.name: t.oof for t in trained}, target_values(train, prep), prep)
    members = {t.name: t.estimator for t in trained}
    both = dict.fromkeys(members, 0.5)  # force a real blend whatever greedy chose
    model = pickle.loads(pickle.dumps(EnsembleModel(members, both, prep.task, prep.classes)))
    assert list(model.classes_) == prep.classes
    proba = model.predict_proba(holdout)
    expected = sum(0.5 * predictions(m, holdout, prep) for m in members.values())
    assert np.allclose(proba, expected) and np.allclose(proba.sum(axis=1), 1)
    assert set(model.predict(holdout)) <= set(prep.classes)
    chosen = EnsembleModel(members, weights, prep.task, prep.classes)
    assert holdout_metrics(chosen, holdout, prep)["balanced_accuracy"] > 0.95
