"""train_candidate: honest cross-validation, budgets, and awkward data that must not crash."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from uam.analysis.frame import normalise
from uam.analysis.modeling import (
    InvalidRunOptions,
    candidate_names,
    default_candidates,
    holdout_metrics,
    prepare,
    train_candidate,
)
from uam.analysis.modeling.evaluation import predictions

pytestmark = pytest.mark.unit


def test_default_candidates_cover_linear_forest_and_boosting() -> None:
    for task, linear in (("classification", "logistic_regression"), ("regression", "ridge")):
        for rows in (300, 300_000):
            names = default_candidates(task, rows)
            assert {linear, "random_forest", "lightgbm"} <= set(names)
            assert set(names) <= set(candidate_names(task))


def test_penguin_species_cross_validated_out_of_fold(species) -> None:
    prep, train, holdout = species
    trained = train_candidate("lightgbm", train, prep, budget_s=60)
    assert trained.cv_folds == 5 and len(trained.fold_scores) == 5 and not trained.notes
    assert trained.oof.shape == (len(train), 3) and np.isfinite(trained.oof).all()
    assert np.allclose(trained.oof.sum(axis=1), 1.0)
    assert trained.cv_score > 0.9 and holdout_metrics(trained.estimator, holdout, prep)[
        "balanced_accuracy"] > 0.9  # fmt: skip
    json.dumps(trained.params, allow_nan=False)


def test_noise_scores_as_chance_so_nothing_leaks_between_folds() -> None:
    rng = np.random.default_rng(3)
    n = 400
    # A unique-ish category per row: a leaky encoder fitted on all rows would learn y from it.
    frame = pd.DataFrame(
        {
            "code": [f"k{v}" for v in rng.integers(0, 150, n)],
            "x": rng.normal(size=n),
            "y": rng.choice(["a", "b"], size=n),
        }
    )
    types = {"code": "categorical", "x": "float", "y": "categorical"}
    prep, train, _ = prepare(normalise(frame, types), types, target="y")
    trained = train_candidate("logistic_regression", train, prep, budget_s=30)
    assert abs(trained.cv_score - 0.5) < 0.1


def test_budget_stops_folds_and_says_so(species) -> None:
    prep, train, _ = species
    trained = train_candidate("random_forest", train, prep, budget_s=0.0)
    assert 1 <= trained.cv_folds < 5
    assert any("time budget" in note for note in trained.notes)
    assert np.isnan(trained.oof).any() and np.isfinite(trained.cv_score)
    assert trained.estimator is not None


def test_unknown_model_is_refused(species) -> None:
    prep, train, _ = species
    with pytest.raises(InvalidRunOptions, match="Unknown model 'xgboost'"):
        train_candidate("xgboost", train, prep, budget_s=5)
    with pytest.raises(InvalidRunOptions, match="Unknown model 'ridge' for classification"):
        train_candidate("ridge", train, prep, budget_s=5)


@pytest.mark.parametrize("name", ["logistic_regression", "random_forest", "extra_trees",
                                  "lightgbm", "hist_gradient_boosting"])  # fmt: skip
def test_every_candidate_handles_every_type_and_unseen_values(mixed, name: str) -> None:
    frame, types = mixed
    prep, train, holdout = prepare(frame, types, target="label")
    trained = train_candidate(name, train, prep, budget_s=30)
    assert trained.cv_score > 0.75  # the signal column is found despite 10% missing
    odd = holdout.copy()
    odd["city"] = ["Atlantis"] * len(odd)  # never seen in training
    odd["when"] = pd.NaT
    odd["signal value ✓"] = np.nan
    odd["extra column"] = "ignored"
    proba = predictions(trained.estimator, odd, prep)
    assert proba.shape == (len(odd), 2) and np.isfinite(proba).all()


def test_a_class_missing_from_some_folds_keeps_prep_class_order() -> None:
    rng = np.random.default_rng(5)
    n = 120
    y = np.array(["common"] * 57 + ["other"] * 60 + ["rare"] * 3, dtype=object)
    frame = pd.DataFrame({"x": rng.normal(size=n) + (y == "other"), "y": y})
    types = {"x": "float", "y": "categorical"}
    prep, train, _ = prepare(normalise(frame, types), types, target="y")
    assert prep.classes == ["common", "other", "rare"]
    trained = train_candidate("logistic_regression", train, prep, budget_s=30)
    assert trained.oof.shape == (len(train), 3) and np.isfinite(trained.oof).all()


def test_regression_candidate_on_penguins(penguins) -> None:
    frame, types = penguins
    prep, train, holdout = prepare(frame, types, target="body_mass_g")
    trained = train_candidate("ridge", train, prep, budget_s=30)
    assert trained.oof.shape == (len(train),) and trained.cv_score > 0.75
    assert holdout_metrics(trained.estimator, holdout, prep)["r2"] > 0.75


@pytest.mark.parametrize("name", ["random_forest", "extra_trees", "lightgbm"])
def test_integer_classes_with_balanced_class_weights(name: str) -> None:
    rng = np.random.default_rng(2)
    n = 150
    x = rng.normal(size=n)
    y = np.digitize(x + rng.normal(0, 0.3, n), [-0.5, 0.8]).astype(float)  # 0, 1, 2
    types = {"x": "float", "y": "integer"}
    frame = normalise(pd.DataFrame({"x": x, "y": y}), types)
    prep, train, holdout = prepare(frame, types, target="y")
    assert prep.classes == ["0", "1", "2"] and prep.metric == "balanced_accuracy"
    trained = train_candidate(name, train, prep, budget_s=30)
    assert list(trained.estimator.classes_) == ["0", "1", "2"]
    assert holdout_metrics(trained.estimator, holdout, prep)["balanced_accuracy"] > 0.6
