"""Holdout metrics agree with sklearn.metrics computed directly on the same predictions."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn import metrics as skm

from uam.analysis.modeling import (
    baseline_metrics,
    confusion,
    holdout_metrics,
    prepare,
    residual_sample,
    target_values,
)
from uam.analysis.modeling.candidates import build
from uam.analysis.modeling.evaluation import score

pytestmark = pytest.mark.unit


def _fitted(name: str, prep, train):
    model, _ = build(name, prep, rows=len(train))
    return model.fit(train, target_values(train, prep))


def test_binary_metrics_match_sklearn(penguins) -> None:
    frame, types = penguins
    prep, train, holdout = prepare(frame, types, target="sex")
    model = _fitted("logistic_regression", prep, train)
    y = target_values(holdout, prep)
    proba = model.predict_proba(holdout)
    positive = list(model.classes_).index(prep.positive_class)
    got = holdout_metrics(model, holdout, prep)
    pred = model.predict(holdout)
    expected_auc = skm.roc_auc_score(y == prep.positive_class, proba[:, positive])
    assert got["roc_auc"] == pytest.approx(expected_auc, abs=1e-12)
    assert got["accuracy"] == pytest.approx(skm.accuracy_score(y, pred), abs=1e-12)
    assert got["balanced_accuracy"] == pytest.approx(skm.balanced_accuracy_score(y, pred))
    assert got["f1"] == pytest.approx(skm.f1_score(y, pred, pos_label=prep.positive_class))
    assert got["log_loss"] == pytest.approx(skm.log_loss(y, proba, labels=model.classes_))
    json.dumps(got, allow_nan=False)


def test_multiclass_metrics_match_sklearn(species) -> None:
    prep, train, holdout = species
    model = _fitted("lightgbm", prep, train)
    y, proba = target_values(holdout, prep), model.predict_proba(holdout)
    pred = model.predict(holdout)
    got = holdout_metrics(model, holdout, prep)
    assert list(model.classes_) == prep.classes
    assert got["roc_auc"] == pytest.approx(
        skm.roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=prep.classes)
    )
    assert got["balanced_accuracy"] == pytest.approx(skm.balanced_accuracy_score(y, pred))
    assert got["f1"] == pytest.approx(skm.f1_score(y, pred, average="macro"))
    assert got["log_loss"] == pytest.approx(skm.log_loss(y, proba, labels=prep.classes))
    matrix = confusion(model, holdout, prep)
    assert matrix["labels"] == prep.classes
    assert matrix["matrix"] == skm.confusion_matrix(y, pred, labels=prep.classes).tolist()


def test_regression_metrics_match_sklearn_and_beat_the_mean(penguins) -> None:
    frame, types = penguins
    prep, train, holdout = prepare(frame, types, target="body_mass_g")
    model = _fitted("ridge", prep, train)
    y, pred = target_values(holdout, prep), model.predict(holdout)
    got = holdout_metrics(model, holdout, prep)
    assert got["r2"] == pytest.approx(skm.r2_score(y, pred))
    assert got["rmse"] == pytest.approx(skm.root_mean_squared_error(y, pred))
    assert got["mae"] == pytest.approx(skm.mean_absolute_error(y, pred))
    base = baseline_metrics(train, holdout, prep)
    assert base["r2"] < 0.01 and got["r2"] > 0.7 and got["rmse"] < base["rmse"]
    sample = residual_sample(model, holdout, prep, max_points=20)
    assert len(sample["y_true"]) == len(sample["y_pred"]) == 20
    json.dumps(sample, allow_nan=False)


def test_baseline_guesses_class_frequencies(species) -> None:
    prep, train, holdout = species
    base = baseline_metrics(train, holdout, prep)
    assert base["roc_auc"] == pytest.approx(0.5)
    assert base["balanced_accuracy"] == pytest.approx(1 / 3)
    assert base["accuracy"] == pytest.approx(np.mean(target_values(holdout, prep) == "Adelie"))


def test_scores_leave_out_rows_without_a_prediction(species) -> None:
    prep, _, _ = species
    y = np.array(["Adelie", "Gentoo", "Chinstrap", "Adelie"], dtype=object)
    pred = np.array([[0.8, 0.1, 0.1], [0.1, 0.1, 0.8], [np.nan] * 3, [0.2, 0.5, 0.3]])
    assert score("accuracy", y, pred, prep) == pytest.approx(2 / 3)
    assert np.isnan(score("accuracy", y[2:3], pred[2:3], prep))
