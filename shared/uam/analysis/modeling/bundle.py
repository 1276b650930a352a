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

from uam.analysis.frame import normalise
from uam.analysis.modeling.evaluation import aligned
from uam.analysis.modeling.tasks import CLASSIFICATION
from uam.checksums import file_sha256

VERSIONED = ("scikit-learn", "lightgbm", "numpy", "pandas", "joblib")


class BundleIntegrityError(ValueError):
    """The model file is not the one that was saved (its sha256 differs)."""


class PredictionInputError(ValueError):
    """The rows to predict cannot be used with this model (message for the user)."""


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
    """Predictions for every row of `frame` as JSON-ready lists.

    Extra columns are ignored. A feature column that is absent is treated as missing in
    every row and listed in "missing_columns" (the caller should warn); when none of the
    features is present the rows cannot be meant for this model and it is refused.
    """
    names = [f["name"] for f in bundle.features]
    present = [n for n in names if n in frame.columns]
    if not present:
        raise PredictionInputError(
            "None of the model's input columns is in the data (it expects "
            + ", ".join(repr(n) for n in names[:10])
            + ")."
        )
    missing = [n for n in names if n not in frame.columns]
    types = {f["name"]: f["dtype"] for f in bundle.features}
    rows = frame[present].copy()
    for name in present:
        if types[name] == "boolean":
            rows[name] = _booleans(rows[name])
    rows = normalise(rows, types)
    for name in missing:
        rows[name] = pd.Series(np.nan, index=rows.index, dtype=_empty_dtype(types[name]))
    out: dict[str, Any] = {"missing_columns": missing, "classes": bundle.classes}
    if bundle.task == CLASSIFICATION:
        model = bundle.estimator
        proba = aligned(model.predict_proba(rows), list(model.classes_), bundle.classes or [])
        labels = np.asarray(bundle.classes, dtype=object)[np.argmax(proba, axis=1)]
        out["predictions"] = [str(v) for v in labels]
        out["probabilities"] = [[_json_float(p) for p in row] for row in proba.tolist()]
    else:
        values = np.asarray(bundle.estimator.predict(rows), dtype=float)
        out["predictions"] = [_json_float(v) for v in values.tolist()]
        out["probabilities"] = None
    return out


TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "1.0"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "0.0"})


def _booleans(column: pd.Series) -> pd.Series:
    """Booleans from bools, 0/1 or words ("true", "No"); anything else is missing."""
    if isinstance(column.dtype, pd.BooleanDtype) or column.dtype == bool:
        return column

    def parse(value: object) -> bool | None:
        word = str(value).strip().lower()
        return True if word in TRUE_WORDS else (False if word in FALSE_WORDS else None)

    return column.map(parse, na_action="ignore").astype("boolean")


def _empty_dtype(dtype: str) -> str:
    return {"boolean": "boolean", "datetime": "datetime64[ns]"}.get(
        dtype, "float64" if dtype in ("integer", "float") else "object"
    )


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
