"""A trained model with what it needs to predict later: save, verify, load, predict."""

from __future__ import annotations

import importlib.metadata
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd

from uam.analysis.modeling.contract import CheckedRows, check_frame
from uam.analysis.modeling.evaluation import aligned
from uam.analysis.modeling.tasks import CLASSIFICATION
from uam.checksums import file_sha256

VERSIONED = ("scikit-learn", "lightgbm", "numpy", "pandas", "joblib")


class BundleIntegrityError(ValueError):
    """The model file is not the one that was saved (its sha256 differs)."""


@dataclass
class ModelBundle:
    """The fitted estimator plus its target, classes, expected features and metrics."""

    estimator: Any
    name: str
    task: str
    target: str
    metric: str
    classes: list[str] | None
    positive_class: str | None
    features: list[dict]
    metrics: dict
    versions: dict


def library_versions() -> dict[str, str]:
    """Versions of the libraries a pickled model depends on, to record at training time."""
    out = {}
    for name in VERSIONED:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def save_bundle(bundle: ModelBundle, path: Path) -> str:
    """Write `bundle` with joblib (compress 3); the sha256 hex of the file written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(bundle, path, compress=3)
    return file_sha256(path)


def load_bundle(path: Path, *, sha256: str | None = None) -> ModelBundle:
    """The bundle at `path`; with `sha256`, refuse a file whose digest differs before unpickling."""
    if sha256 is not None:
        actual = file_sha256(path)
        if actual != sha256.lower():
            raise BundleIntegrityError(
                f"Model file {path.name} does not match its recorded checksum "
                f"(expected sha256 {sha256}, found {actual}); refusing to load it."
            )
    bundle = joblib.load(path)
    if not isinstance(bundle, ModelBundle):
        raise BundleIntegrityError(f"Model file {path.name} does not hold a model bundle.")
    return bundle


def predict_frame(bundle: ModelBundle, frame: pd.DataFrame) -> dict:
    """Predictions for every row of `frame` (typed, or text as a CSV arrives) as JSON-ready
    lists, with the contract's warnings and flags; SchemaViolation when rows break it."""
    return predict_checked(bundle, check_frame(frame, bundle.features, target=bundle.target))


def predict_checked(bundle: ModelBundle, checked: CheckedRows) -> dict:
    """Predictions for rows the contract accepted. Class probabilities sum to 1 per row."""
    rows = checked.frame
    out: dict[str, Any] = {
        "classes": bundle.classes,
        "warnings": list(checked.warnings),
        "flags": checked.flags_as_dicts(),
    }
    if bundle.task == CLASSIFICATION:
        model = bundle.estimator
        proba = aligned(model.predict_proba(rows), list(model.classes_), bundle.classes or [])
        totals = proba.sum(axis=1, keepdims=True)
        even = np.full_like(proba, 1 / proba.shape[1])
        proba = np.divide(proba, totals, out=even, where=totals > 0)
        labels = np.asarray(bundle.classes, dtype=object)[np.argmax(proba, axis=1)]
        out["predictions"] = [str(v) for v in labels]
        out["probabilities"] = [[_json_float(p) for p in row] for row in proba.tolist()]
    else:
        values = np.asarray(bundle.estimator.predict(rows), dtype=float)
        out["predictions"] = [_json_float(v) for v in values.tolist()]
        out["probabilities"] = None
    return out


def _json_float(value: float) -> float | None:
    return round(float(value), 10) if math.isfinite(value) else None


def make_bundle(estimator: Any, name: str, prep: Any, metrics: dict) -> ModelBundle:
    """A bundle for `estimator` trained under preparation `prep` (versions recorded now)."""
    return ModelBundle(
        estimator=estimator,
        name=name,
        task=prep.task,
        target=prep.target,
        metric=prep.metric,
        classes=prep.classes,
        positive_class=prep.positive_class,
        features=[f.to_dict() for f in prep.features],
        metrics=dict(metrics),
        versions=library_versions(),
    )
