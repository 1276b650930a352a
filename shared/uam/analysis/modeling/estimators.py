"""Estimator wrappers the candidates need: LightGBM with early stopping, coded class labels."""

from __future__ import annotations

import time
from typing import Any

import lightgbm as lgb
import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.model_selection import train_test_split

from uam.analysis.modeling.tasks import CLASSIFICATION

VALIDATION_FRACTION = 0.1


class LightGBMModel(BaseEstimator):
    """LGBMClassifier/Regressor that stops adding trees once an inner 10% split stops improving.

    The inner split comes out of the rows `fit` is given, so in cross-validation the
    validation fold never decides when to stop (that would flatter the CV score).
    """

    def __init__(
        self,
        task: str = CLASSIFICATION,
        learning_rate: float = 0.1,
        n_estimators: int = 1000,
        num_leaves: int = 31,
        min_child_samples: int = 20,
        subsample: float = 1.0,
        colsample_bytree: float = 1.0,
        reg_lambda: float = 0.0,
        early_stopping_rounds: int | None = 30,
        class_weight: str | None = None,
        categorical: tuple[int, ...] = (),
        time_limit_s: float | None = None,
        random_state: int = 42,
        n_jobs: int = 1,
    ):
        self.task = task
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.subsample = subsample
        self.colsample_bytree = colsample_bytree
        self.reg_lambda = reg_lambda
        self.early_stopping_rounds = early_stopping_rounds
        self.class_weight = class_weight
        self.categorical = categorical
        self.time_limit_s = time_limit_s
        self.random_state = random_state
        self.n_jobs = n_jobs

    def fit(self, X: np.ndarray, y: np.ndarray) -> LightGBMModel:
        model = self._model()
        if self.task == CLASSIFICATION:
            # Integer codes: LightGBM encodes string labels for training but not for eval_y.
            self.classes_, y = np.unique(np.asarray(y, dtype=object), return_inverse=True)
        deadline = _Deadline(time.monotonic() + self.time_limit_s if self.time_limit_s else None)
        callbacks: list[Any] = [deadline]
        fit_args: dict[str, Any] = {"categorical_feature": list(self.categorical) or "auto"}
        if self.early_stopping_rounds:
            X, X_valid, y, y_valid = _inner_split(X, y, self.task, self.random_state)
            fit_args["eval_X"], fit_args["eval_y"] = (X_valid,), (y_valid,)
            callbacks.append(lgb.early_stopping(self.early_stopping_rounds, verbose=False))
        model.fit(X, y, callbacks=callbacks, **fit_args)
        self.model_ = model
        self.stopped_by_time_ = deadline.fired
        self.best_iteration_ = int(model.best_iteration_ or model.n_estimators_)
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:
        if self.task == CLASSIFICATION:
            return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
        return self.model_.predict(X)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        proba = self.model_.predict_proba(X)
        if proba.shape[1] < len(self.classes_):  # a class absent from the inner training part
            full = np.zeros((len(proba), len(self.classes_)))
            full[:, self.model_.classes_] = proba
            return full
        return proba

    def _model(self) -> lgb.LGBMModel:
        family = lgb.LGBMClassifier if self.task == CLASSIFICATION else lgb.LGBMRegressor
        return family(
            learning_rate=self.learning_rate,
            n_estimators=self.n_estimators,
            num_leaves=self.num_leaves,
            min_child_samples=self.min_child_samples,
            subsample=self.subsample,
            subsample_freq=1 if self.subsample < 1 else 0,
            colsample_bytree=self.colsample_bytree,
            reg_lambda=self.reg_lambda,
            class_weight=self.class_weight,
            random_state=self.random_state,
            n_jobs=self.n_jobs,
            verbose=-1,
        )


def _inner_split(
    X: np.ndarray, y: np.ndarray, task: str, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    strata = y if task == CLASSIFICATION else None
    try:
        return train_test_split(
            X, y, test_size=VALIDATION_FRACTION, random_state=seed, stratify=strata
        )
    except ValueError:  # a class too small to stratify: a plain split still works
        return train_test_split(X, y, test_size=VALIDATION_FRACTION, random_state=seed)


class _Deadline:
    """LightGBM callback: stop adding trees once the fit's share of the time budget is spent."""

    def __init__(self, deadline: float | None):
        self.deadline = deadline
        self.fired = False
        self.order = 40  # after early stopping's bookkeeping

    def __call__(self, env: lgb.callback.CallbackEnv) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.fired = True
            raise lgb.callback.EarlyStopException(env.iteration, env.evaluation_result_list or [])


class CodedLabels(BaseEstimator):
    """A classifier fitted on integer class codes, answering in the original labels.

    scikit-learn 1.9's forests with class_weight fail on string labels that look like
    numbers ("0", "1", "2"); integer codes sidestep that.
    """

    def __init__(self, estimator: Any = None):
        self.estimator = estimator

    def fit(self, X: np.ndarray, y: np.ndarray) -> CodedLabels:
        self.classes_, codes = np.unique(np.asarray(y, dtype=object), return_inverse=True)
        self.estimator_ = clone(self.estimator).fit(X, codes)
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        proba = self.estimator_.predict_proba(X)
        full = np.zeros((len(proba), len(self.classes_)))
        full[:, self.estimator_.classes_] = proba
        return full

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
