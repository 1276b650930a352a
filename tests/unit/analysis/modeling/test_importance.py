"""Permutation importance names the columns the model relies on."""

from __future__ import annotations

import json
import time

import pytest

from uam.analysis.modeling import permutation_importances, prepare, target_values
from uam.analysis.modeling.candidates import build

pytestmark = pytest.mark.unit


def test_the_signal_column_ranks_first_and_noise_near_zero(mixed) -> None:
    frame, types = mixed
    prep, train, holdout = prepare(frame, types, target="label")
    model, _ = build("logistic_regression", prep, rows=len(train))
    model.fit(train, target_values(train, prep))
    started = time.monotonic()
    found = permutation_importances(model, holdout, prep, budget_s=10)
    assert time.monotonic() - started < 10
    assert next(f["feature"] for f in found) == "signal value ✓"
    assert {f["feature"] for f in found} == set(prep.feature_names)
    noise = next(f for f in found if f["feature"] == "noise")
    assert abs(noise["importance"]) < 0.05 and found[0]["importance"] > 0.2
    assert found == sorted(found, key=lambda f: -f["importance"])
    json.dumps(found, allow_nan=False)


def test_a_tiny_budget_still_measures_every_column_once(species) -> None:
    prep, train, holdout = species
    model, _ = build("random_forest", prep, rows=len(train))
    model.fit(train, target_values(train, prep))
    found = permutation_importances(model, holdout, prep, budget_s=0.0, n_repeats=5)
    assert len(found) == len(prep.features)
    assert all(f["std"] == 0.0 for f in found)  # one pass only: no spread yet
