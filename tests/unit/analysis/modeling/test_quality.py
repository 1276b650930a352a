"""The whole modeling flow on real data is at least as good as plain HistGradientBoosting."""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.pipeline import make_pipeline
from threadpoolctl import threadpool_limits

from uam.analysis.frame import normalise
from uam.analysis.modeling import (
    EnsembleModel,
    default_candidates,
    ensemble_weights,
    holdout_metrics,
    prepare,
    target_values,
    train_candidate,
)

pytestmark = pytest.mark.unit


def _frame(loader) -> tuple[pd.DataFrame, dict[str, str]]:
    frame = loader(as_frame=True).frame
    types = dict.fromkeys(frame.columns, "float")
    return normalise(frame, types), types


@pytest.mark.parametrize(
    ("loader", "hgb"),
    [(load_breast_cancer, HistGradientBoostingClassifier),
     (load_diabetes, HistGradientBoostingRegressor)],
)  # fmt: skip
def test_best_of_candidates_and_ensemble_matches_hgb_defaults(loader, hgb) -> None:
    frame, types = _frame(loader)
    prep, train, holdout = prepare(frame, types, target="target")
    trained = [
        train_candidate(name, train, prep, budget_s=60)
        for name in default_candidates(prep.task, prep.train_rows)
    ]
    y = target_values(train, prep)
    weights = ensemble_weights({t.name: t.oof for t in trained}, y, prep)
    models = {t.name: t.estimator for t in trained}
    models["ensemble"] = EnsembleModel(models, weights, prep.task, prep.classes)
    ours = {n: holdout_metrics(m, holdout, prep)[prep.metric] for n, m in models.items()}
    columns = ColumnTransformer([("features", "passthrough", prep.feature_names)])
    with threadpool_limits(limits=1):  # OpenMP threads crawl on a busy 2-core machine
        plain = make_pipeline(columns, hgb(random_state=0)).fit(train, y)
    theirs = holdout_metrics(plain, holdout, prep)[prep.metric]
    assert ours["ensemble"] >= theirs
    assert max(ours.values()) >= theirs
