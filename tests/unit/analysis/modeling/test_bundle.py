"""Model bundles: saved with a checksum, refused when altered, predicting JSON-ready lists."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from uam.analysis.modeling import (
    BundleIntegrityError,
    SchemaViolation,
    holdout_metrics,
    load_bundle,
    make_bundle,
    predict_frame,
    prepare,
    save_bundle,
    target_values,
)
from uam.analysis.modeling.bundle import file_sha256
from uam.analysis.modeling.candidates import build

pytestmark = pytest.mark.unit


def _bundle(name: str, prep, train, holdout):
    model, _ = build(name, prep, rows=len(train))
    model.fit(train, target_values(train, prep))
    return make_bundle(model, name, prep, holdout_metrics(model, holdout, prep))


def test_save_load_round_trip_and_checksum(species, tmp_path: Path) -> None:
    prep, train, holdout = species
    bundle = _bundle("lightgbm", prep, train, holdout)
    path = tmp_path / "models" / "lightgbm.joblib"
    digest = save_bundle(bundle, path)
    assert digest == file_sha256(path) and len(digest) == 64
    loaded = load_bundle(path, sha256=digest)
    assert loaded.classes == prep.classes and loaded.versions["scikit-learn"]
    assert loaded.features == [f.to_dict() for f in prep.features]
    assert predict_frame(loaded, holdout) == predict_frame(bundle, holdout)
    with pytest.raises(BundleIntegrityError, match="does not match its recorded checksum"):
        load_bundle(path, sha256="0" * 64)
    path.write_bytes(path.read_bytes() + b"tampered")
    with pytest.raises(BundleIntegrityError):
        load_bundle(path, sha256=digest)


def test_predict_frame_warns_of_extra_columns_and_refuses_a_missing_one(species) -> None:
    prep, train, holdout = species
    bundle = _bundle("logistic_regression", prep, train, holdout)
    rows = holdout.assign(comment="extra")
    rows["sex"] = rows["sex"].where(rows.index % 2 == 0, "unknown sex")
    out = predict_frame(bundle, rows)
    json.dumps(out, allow_nan=False)
    assert out["classes"] == prep.classes
    assert out["warnings"] == [
        "column 'species' is what the model predicts; its values were ignored",
        "ignored 1 column(s) the model does not use: 'comment'",
    ]
    assert len(out["predictions"]) == len(rows) and set(out["predictions"]) <= set(prep.classes)
    assert np.allclose([sum(p) for p in out["probabilities"]], 1.0)
    flagged = [f for f in out["flags"] if f["column"] == "sex"]
    assert flagged and all(f["kind"] == "unseen_category" for f in flagged)
    with pytest.raises(SchemaViolation, match="column 'island' is missing"):
        predict_frame(bundle, rows.drop(columns=["island"]))


def test_predict_frame_for_regression_coerces_raw_strings(penguins) -> None:
    frame, types = penguins
    prep, train, holdout = prepare(frame, types, target="body_mass_g")
    bundle = _bundle("ridge", prep, train, holdout)
    raw = holdout.astype(object).astype(str)  # as a CSV upload would arrive
    out = predict_frame(bundle, raw)
    assert out["probabilities"] is None and len(out["predictions"]) == len(raw)
    expected = bundle.estimator.predict(holdout)
    got = np.array([np.nan if v is None else v for v in out["predictions"]])
    assert np.allclose(got, expected, equal_nan=True)
    json.dumps(out, allow_nan=False)


def test_predict_frame_reads_an_upload_of_strings_of_every_type(mixed) -> None:
    frame, types = mixed
    prep, train, holdout = prepare(frame, types, target="label")
    bundle = _bundle("lightgbm", prep, train, holdout)
    upload = holdout.astype(object).where(holdout.notna(), "").astype(str)
    upload["flag"] = upload["flag"].map({"True": "yes", "False": "no"}).fillna("")
    out = predict_frame(bundle, upload)
    json.dumps(out, allow_nan=False)
    direct = predict_frame(bundle, holdout)
    agree = np.mean(np.array(out["predictions"]) == np.array(direct["predictions"]))
    assert agree > 0.95 and out["warnings"] == [
        "column 'label' is what the model predicts; its values were ignored"
    ]
