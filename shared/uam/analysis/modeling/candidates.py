"""The candidate models: each a scikit-learn Pipeline from the raw frame to predictions."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
from sklearn.ensemble import (
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.linear_model import LogisticRegression, RidgeCV
from sklearn.pipeline import Pipeline

from uam.analysis.modeling.estimators import CodedLabels, LightGBMModel
from uam.analysis.modeling.features import (
    FrameEncoder,
    encoded_indices,
    layout,
    linear_preprocessor,
)
from uam.analysis.modeling.preparation import Preparation
from uam.analysis.modeling.tasks import CLASSIFICATION

LINEAR = {"classification": "logistic_regression", "regression": "ridge"}
SHARED = ("random_forest", "extra_trees", "hist_gradient_boosting", "lightgbm")
# Forests on more rows than this grow each tree on a bootstrap sample of this size: a forest's
# role here is variety for the ensemble, and full-size trees on 300k rows take minutes.
FOREST_SAMPLE = 10_000
EARLY_STOPPING_ROWS = 2_000  # below this a 10% validation split is too noisy to stop on

Builder = Callable[[Preparation, int, int], tuple[Any, dict]]


def candidate_names(task: str) -> list[str]:
    """Every model this module can build for `task`."""
    return [LINEAR[task], *SHARED]


def default_candidates(task: str, rows: int) -> list[str]:
    """A linear model, a forest and LightGBM; a second forest and booster while they are cheap.

    The second booster (HistGradientBoosting) rarely wins alone but often earns weight in
    the ensemble; above 100k rows its minutes are better spent on LightGBM's budget.
    """
    names = [LINEAR[task], "random_forest", "lightgbm"]
    if rows <= 20_000:
        names.insert(2, "extra_trees")
    if rows <= 100_000:
        names.append("hist_gradient_boosting")
    return names


def build(name: str, prep: Preparation, *, rows: int, seed: int = 42) -> tuple[Pipeline, dict]:
    """An unfitted pipeline for candidate `name` and the settings worth reporting."""
    builders: dict[str, Builder] = {
        "logistic_regression": _logistic,
        "ridge": _ridge,
        "random_forest": _forest,
        "extra_trees": partial(_forest, extra=True),
        "hist_gradient_boosting": _hist_gradient_boosting,
        "lightgbm": _lightgbm,
    }
    if name not in candidate_names(prep.task):
        raise ValueError(f"unknown candidate {name!r}")
    model, params = builders[name](prep, rows, seed)
    if name in LINEAR.values():
        return model, params
    columns = layout(prep.features)
    return Pipeline([("encode", FrameEncoder(columns)), ("model", model)]), params


def class_weight(prep: Preparation) -> str | None:
    """Balance classes when the metric rewards every class equally; else keep probabilities."""
    balanced = prep.task == CLASSIFICATION and prep.metric in ("balanced_accuracy", "f1")
    return "balanced" if balanced else None


def _logistic(prep: Preparation, rows: int, seed: int) -> tuple[Pipeline, dict]:
    params = {"C": 1.0, "max_iter": 300, "class_weight": class_weight(prep), "max_categories": 50}
    model = LogisticRegression(
        C=params["C"], max_iter=params["max_iter"], class_weight=params["class_weight"]
    )
    preprocess = linear_preprocessor(layout(prep.features), max_categories=50)
    return Pipeline([("prepare", preprocess), ("model", model)]), params


def _ridge(prep: Preparation, rows: int, seed: int) -> tuple[Pipeline, dict]:
    alphas = np.logspace(-2, 3, 6)
    params = {"alphas": [float(a) for a in alphas], "max_categories": 50}
    preprocess = linear_preprocessor(layout(prep.features), max_categories=50)
    return Pipeline([("prepare", preprocess), ("model", RidgeCV(alphas=alphas))]), params


def _forest(prep: Preparation, rows: int, seed: int, *, extra: bool = False) -> tuple[Any, dict]:
    large = rows > FOREST_SAMPLE
    params: dict[str, Any] = {
        "n_estimators": 40 if large else 100,
        # Leaves of a few rows smooth the probabilities (better ROC AUC and log loss).
        "min_samples_leaf": 1 if rows <= 1_000 else (3 if rows <= 5_000 else 5),
        "max_features": "sqrt" if prep.task == CLASSIFICATION else 0.5,
        "bootstrap": large or not extra,
        "max_samples": FOREST_SAMPLE if large else None,
    }
    # One thread: training runs folds side by side, one per core.
    if prep.task == CLASSIFICATION:
        params["class_weight"] = class_weight(prep) and "balanced_subsample"
        family = ExtraTreesClassifier if extra else RandomForestClassifier
        return CodedLabels(family(**params, n_jobs=1, random_state=seed)), params
    family = ExtraTreesRegressor if extra else RandomForestRegressor
    return family(**params, n_jobs=1, random_state=seed), params


def _hist_gradient_boosting(prep: Preparation, rows: int, seed: int) -> tuple[Any, dict]:
    _, categorical = encoded_indices(layout(prep.features))
    params: dict[str, Any] = {
        "learning_rate": 0.1,
        "max_iter": 1000 if rows >= EARLY_STOPPING_ROWS else 100,
        "early_stopping": rows >= EARLY_STOPPING_ROWS,
        "n_iter_no_change": 20,
        "validation_fraction": 0.1,
        "categorical_features": categorical or None,
    }
    if prep.task == CLASSIFICATION:
        params["class_weight"] = class_weight(prep)
        model = HistGradientBoostingClassifier(**params, random_state=seed)
    else:
        model = HistGradientBoostingRegressor(**params, random_state=seed)
    shown = {k: v for k, v in params.items() if k != "categorical_features"}
    return model, shown


def _lightgbm(prep: Preparation, rows: int, seed: int) -> tuple[Any, dict]:
    _, categorical = encoded_indices(layout(prep.features))
    small = rows < EARLY_STOPPING_ROWS
    params: dict[str, Any] = {
        "learning_rate": 0.05 if small else 0.1,
        "n_estimators": 200 if small else 2000,
        "num_leaves": 15 if small else 63,
        "min_child_samples": 10 if small else 20,
        "subsample": 0.8,
        "colsample_bytree": 0.8,
        "reg_lambda": 1.0,
        "early_stopping_rounds": None if small else 20,
        "class_weight": class_weight(prep) if prep.task == CLASSIFICATION else None,
    }
    model = LightGBMModel(
        task=prep.task,
        categorical=tuple(categorical),
        random_state=seed,
        n_jobs=1,
        **params,
    )
    return model, params
