"""prepare(): what is trained on, how it is split, and the messages for unusable options."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from uam.analysis.frame import normalise
from uam.analysis.modeling import InvalidRunOptions, Preparation, prepare, target_values

pytestmark = pytest.mark.unit


def test_penguins_split_is_stratified_reproducible_and_keeps_the_target_out(penguins) -> None:
    frame, types = penguins
    prep, train, holdout = prepare(frame, types, target="species", seed=7)
    _again, train2, _ = prepare(frame, types, target="species", seed=7)
    assert prep.task == "classification" and prep.metric == "balanced_accuracy"
    assert prep.classes == ["Adelie", "Chinstrap", "Gentoo"]
    assert "species" not in prep.feature_names and len(prep.features) == 7
    assert (prep.train_rows, prep.holdout_rows) == (275, 69)
    assert train.equals(train2)
    share = pd.Series(target_values(holdout, prep)).value_counts(normalize=True)
    overall = frame["species"].value_counts(normalize=True)
    assert (share - overall).abs().max() < 0.02
    sex = next(f for f in prep.features if f.name == "sex")
    assert sex.kind == "categorical" and set(sex.categories or []) == {"male", "female"}
    bill = next(f for f in prep.features if f.name == "bill_length_mm")
    assert bill.kind == "numeric" and bill.minimum is not None and bill.minimum < bill.maximum


def test_rows_without_target_are_dropped_and_counted(penguins) -> None:
    frame, types = penguins
    prep, train, _holdout = prepare(frame, types, target="sex")
    assert prep.rows == 344 and prep.rows_without_target == 11
    assert prep.train_rows + prep.holdout_rows == 333
    assert prep.positive_class in ("female", "male") and prep.metric == "roc_auc"
    assert not pd.isna(target_values(train, prep)).any()


def test_regression_target_and_metric_choice(penguins) -> None:
    frame, types = penguins
    prep, train, _ = prepare(frame, types, target="body_mass_g", metric="mae")
    assert prep.task == "regression" and prep.metric == "mae" and prep.classes is None
    assert target_values(train, prep).dtype == np.float64


def test_ids_free_text_empty_and_constant_columns_are_excluded(mixed) -> None:
    frame, types = mixed
    prep, train, _ = prepare(frame, types, target="label")
    assert prep.excluded == {
        "customer_id": "id_like",
        "comment": "free_text",
        "empty": "all_missing",
        "constant": "constant",
    }
    kinds = {f.name: f.kind for f in prep.features}
    assert kinds == {
        "signal value ✓": "numeric",
        "noise": "numeric",
        "=cmd()": "numeric",
        "city": "categorical",
        "flag": "boolean",
        "when": "datetime",
        "mostly empty": "numeric",
    }
    assert list(train.columns) == [*kinds, "label"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"target": "colour"}, "Unknown target 'colour'"),
        ({"target": "species", "task": "regression"}, "Regression needs a numeric target"),
        ({"target": "species", "metric": "rmse"}, "'rmse' is a regression metric"),
        ({"target": "body_mass_g", "metric": "roc_auc"}, "'roc_auc' is a classification metric"),
        ({"target": "species", "metric": "auc"}, "Unknown metric 'auc'"),
        ({"target": "species", "task": "clustering"}, "Unknown task 'clustering'"),
    ],
)
def test_unusable_options_get_a_clear_message(penguins, options: dict, message: str) -> None:
    frame, types = penguins
    with pytest.raises(InvalidRunOptions, match=message):
        prepare(frame, types, **options)


def _table(target: list, dtype: str = "categorical") -> tuple[pd.DataFrame, dict[str, str]]:
    n = len(target)
    frame = pd.DataFrame({"x": np.arange(n, dtype=float), "y": target})
    types = {"x": "float", "y": dtype}
    return normalise(frame, types), types


def test_a_single_class_or_an_empty_target_is_refused() -> None:
    frame, types = _table(["a"] * 40)
    with pytest.raises(InvalidRunOptions, match="single class \\('a'\\)"):
        prepare(frame, types, target="y")
    frame, types = _table([None] * 40)
    with pytest.raises(InvalidRunOptions, match="no values"):
        prepare(frame, types, target="y")


def test_a_class_with_two_rows_is_dropped_with_a_note() -> None:
    frame, types = _table(["a"] * 30 + ["b"] * 30 + ["rare"] * 2)
    prep, _train, _holdout = prepare(frame, types, target="y")
    assert prep.classes == ["a", "b"] and prep.dropped_classes == {"rare": 2}
    assert "rare" in prep.notes[0] and prep.train_rows + prep.holdout_rows == 60
    frame, types = _table(["a"] * 40 + ["b"] * 2)
    with pytest.raises(InvalidRunOptions, match=r"single class.*too few rows"):
        prepare(frame, types, target="y")


def test_whitespace_variants_boolean_and_integer_targets_are_classes() -> None:
    frame, types = _table([" yes", "yes ", "yes", "no"] * 10)
    prep, _, _ = prepare(frame, types, target="y")
    assert prep.classes == ["no", "yes"] and prep.positive_class == "yes"
    frame, types = _table([True, False] * 20, dtype="boolean")
    prep, _, _ = prepare(frame, types, target="y")
    assert prep.classes == ["False", "True"] and prep.positive_class == "True"
    frame, types = _table([0, 1, 1, 1] * 10, dtype="integer")
    prep, _, _ = prepare(frame, types, target="y")
    assert prep.task == "classification" and prep.classes == ["0", "1"]
    assert prep.positive_class == "1" and prep.metric == "roc_auc"


def test_preparation_round_trips_through_json_and_drops_eda_exclusions(species) -> None:
    prep, _, _ = species
    copy = Preparation.from_dict(json.loads(json.dumps(prep.to_dict(), allow_nan=False)))
    assert copy == prep
    fewer = prep.without({"island": "target_leakage", "species": "ignored", "nope": "x"})
    assert "island" not in fewer.feature_names and fewer.excluded["island"] == "target_leakage"
    assert "species" not in fewer.excluded and "nope" not in fewer.excluded
    assert prep.feature_names != fewer.feature_names  # the original is unchanged
    with pytest.raises(InvalidRunOptions, match="Every feature column was excluded"):
        prep.without(dict.fromkeys(prep.feature_names, "constant"))
