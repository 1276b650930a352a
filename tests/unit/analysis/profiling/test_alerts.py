"""Alerts fire on the problems they name, stay quiet on clean data, and drive exclusions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from uam.analysis.profiling import profile_table

pytestmark = pytest.mark.unit

N = 600


def _alerts(profile: dict, kind: str) -> dict[str | None, dict]:
    return {a["column"]: a for a in profile["alerts"] if a["type"] == kind}


def _labels(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype=object)


@pytest.mark.parametrize(
    ("target", "task"),
    [("species", "classification"), ("body_mass_g", "regression"), (None, None)],
)
def test_penguins_raise_no_false_alarms(penguins, target, task) -> None:
    frame, types = penguins
    profile = profile_table(frame, types, target=target, task=task)
    kinds = {a["type"] for a in profile["alerts"]}
    assert not kinds & {"target_leakage", "id_like", "constant", "near_constant", "duplicate_rows"}
    assert profile["excluded_from_training"] == {}
    assert all(a["message"] and a["severity"] in ("info", "warning") for a in profile["alerts"])


def test_penguins_target_view_and_association(penguins) -> None:
    frame, types = penguins
    profile = profile_table(frame, types, target="species", task="classification")
    assert profile["target"]["distribution"] == [
        {"value": "Adelie", "count": 152},
        {"value": "Gentoo", "count": 124},
        {"value": "Chinstrap", "count": 68},
    ]
    association = profile["target_association"]
    assert {row["column"] for row in association} == set(frame.columns) - {"species"}
    values = [row["value"] for row in association]
    assert values == sorted(values, reverse=True)
    ranked = [row["column"] for row in association]
    # Body measurements and island tell the species apart; sex and year do not.
    assert set(ranked[-2:]) == {"sex", "year"}
    assert all(row["measure"] == "mutual_information" for row in association)


def test_constant_and_near_constant() -> None:
    rng = np.random.default_rng(0)
    mostly = np.zeros(N)
    mostly[:3] = 1.0
    frame = pd.DataFrame(
        {
            "k": np.full(N, 5.0),
            "empty": np.full(N, np.nan),
            "mostly": mostly,
            "label_k": _labels(["same"] * N),
            "x": rng.normal(size=N),
        }
    )
    types = {"k": "float", "empty": "float", "mostly": "integer", "label_k": "categorical"}
    profile = profile_table(frame, {**types, "x": "float"}, target=None, task=None)
    constant = _alerts(profile, "constant")
    assert set(constant) == {"k", "empty", "label_k"}
    assert "5" in constant["k"]["message"] and "same" in constant["label_k"]["message"]
    near = _alerts(profile, "near_constant")
    assert set(near) == {"mostly"} and near["mostly"]["value"] == pytest.approx(0.995)
    assert profile["excluded_from_training"] == {
        "k": "constant",
        "empty": "constant",
        "label_k": "constant",
    }


def test_id_like_columns_and_what_is_not_id_like() -> None:
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "declared": _labels([f"u{i}" for i in range(N)]),
            "row_number": np.arange(N, dtype=float),
            "token": _labels([f"ORD-{i:05d}" for i in rng.permutation(N)]),
            "measure": rng.normal(size=N),  # unique floats are measurements, not ids
            "prices": rng.permutation(N).astype(float) * 7 + 100,  # distinct, with gaps
            "review": _labels([f"great product number {i}" for i in range(N)]),
            "y": rng.normal(size=N),
        }
    )
    types = {"declared": "id", "row_number": "integer", "token": "text", "measure": "float"}
    types |= {"prices": "integer", "review": "text", "y": "float"}
    profile = profile_table(frame, types, target="y", task="regression")
    assert set(_alerts(profile, "id_like")) == {"declared", "row_number", "token"}
    assert set(_alerts(profile, "high_cardinality")) == {"review"}
    excluded = profile["excluded_from_training"]
    assert excluded == {"declared": "id_like", "row_number": "id_like", "token": "id_like"}


def test_high_cardinality_and_missing_levels() -> None:
    rng = np.random.default_rng(2)
    many = _labels([f"city {i % 400}" for i in range(N)])
    few = _labels(rng.choice(["a", "b", "c"], N))
    half_missing = rng.normal(size=N)
    half_missing[: int(N * 0.62)] = np.nan
    some_missing = rng.normal(size=N)
    some_missing[: int(N * 0.3)] = np.nan
    little_missing = rng.normal(size=N)
    little_missing[: int(N * 0.1)] = np.nan
    frame = pd.DataFrame(
        {"many": many, "few": few, "h": half_missing, "s": some_missing, "l": little_missing}
    )
    types = {"many": "categorical", "few": "categorical", "h": "float", "s": "float"}
    profile = profile_table(frame, {**types, "l": "float"}, target=None, task=None)
    assert set(_alerts(profile, "high_cardinality")) == {"many"}
    missing = _alerts(profile, "high_missing")
    assert set(missing) == {"h", "s"}
    assert missing["h"]["severity"] == "warning" and missing["h"]["value"] == pytest.approx(0.62)
    assert "62% missing (372 of 600 rows)" in missing["h"]["message"]
    assert missing["s"]["severity"] == "info"
    assert profile["excluded_from_training"] == {}


def test_skewed_duplicates_and_high_correlation() -> None:
    rng = np.random.default_rng(4)
    base = rng.normal(size=N)
    frame = pd.DataFrame(
        {
            "income": rng.lognormal(0, 1.5, N),
            "a": base,
            "a_again": base * 3 + rng.normal(scale=0.01, size=N),
            "normal": rng.normal(size=N),
        }
    )
    frame = pd.concat([frame, frame.iloc[:7]], ignore_index=True)
    profile = profile_table(frame, dict.fromkeys(frame, "float"), target=None, task=None)
    assert set(_alerts(profile, "skewed")) == {"income"}
    duplicates = _alerts(profile, "duplicate_rows")[None]
    assert duplicates["value"] == 7 == profile["duplicate_rows"]
    correlated = _alerts(profile, "high_correlation")
    assert set(correlated) == {"a"} and "a_again" in correlated["a"]["message"]
    assert profile["excluded_from_training"] == {}


def _classification_frame(rng: np.random.Generator) -> tuple[pd.DataFrame, dict[str, str]]:
    species = rng.choice(["a", "b", "c"], size=N, p=[0.6, 0.3, 0.1])
    code = pd.Series(species).map({"a": 0, "b": 1, "c": 2}).to_numpy()
    frame = pd.DataFrame(
        {
            "species": _labels(species),
            "code_number": code + rng.uniform(0, 0.9, N),  # the answer, lightly disguised
            "renamed": _labels(np.char.add("kind-", species)),
            "useful": code + rng.normal(scale=0.8, size=N),
            "customer": _labels([f"C{i:05d}" for i in range(N)]),
        }
    )
    # Sorted by the target, as exports often are: a row counter then "predicts" it in-sample.
    frame = frame.sort_values("species", ignore_index=True)
    frame["row"] = np.arange(N, dtype=float)
    types = {"species": "categorical", "code_number": "float", "renamed": "categorical"}
    types |= {"useful": "float", "customer": "text", "row": "integer"}
    return frame, types


def test_leakage_in_classification_is_judged_out_of_sample() -> None:
    frame, types = _classification_frame(np.random.default_rng(5))
    profile = profile_table(frame, types, target="species", task="classification")
    leaks = _alerts(profile, "target_leakage")
    assert set(leaks) == {"code_number", "renamed"}
    assert all(a["value"] >= 0.98 for a in leaks.values())
    assert profile["excluded_from_training"] == {
        "code_number": "target_leakage",
        "renamed": "target_leakage",
        "customer": "id_like",
        "row": "id_like",
    }


def test_binary_leakage_through_roc_auc() -> None:
    rng = np.random.default_rng(6)
    churn = rng.random(N) < 0.2
    frame = pd.DataFrame(
        {
            "churned": _labels(np.where(churn, "yes", "no")),
            "days_since_cancel": np.where(churn, rng.uniform(0, 30, N), np.nan),
            "tenure": rng.normal(size=N) - churn,
        }
    )
    types = {"churned": "categorical", "days_since_cancel": "float", "tenure": "float"}
    profile = profile_table(frame, types, target="churned", task="classification")
    assert set(_alerts(profile, "target_leakage")) == {"days_since_cancel"}


def test_leakage_in_regression_even_for_a_heavy_tailed_target() -> None:
    rng = np.random.default_rng(7)
    price = rng.lognormal(0, 1.2, N)
    frame = pd.DataFrame(
        {
            "price": price,
            "price_eur": price * 0.92,
            "log_price": np.log(price) + rng.normal(scale=0.01, size=N),
            "size": np.log(price) + rng.normal(scale=0.5, size=N),
            "sku": _labels([f"S{i}" for i in range(N)]),
        }
    )
    types = {"price": "float", "price_eur": "float", "log_price": "float", "size": "float"}
    profile = profile_table(frame, {**types, "sku": "id"}, target="price", task="regression")
    assert set(_alerts(profile, "target_leakage")) == {"price_eur", "log_price"}
    excluded = profile["excluded_from_training"]
    assert "price" not in excluded and excluded["sku"] == "id_like"
    assert profile["target"]["task"] == "regression"
    assert profile["target"]["median"] == pytest.approx(float(np.median(price)))


def test_the_target_is_never_excluded_even_when_constant() -> None:
    frame = pd.DataFrame({"y": np.ones(N), "x": np.random.default_rng(8).normal(size=N)})
    profile = profile_table(frame, {"y": "float", "x": "float"}, target="y", task="regression")
    assert "y" not in profile["excluded_from_training"]
    assert not _alerts(profile, "constant")
