"""Column statistics agree with pandas, and the profile is plain JSON whatever the data."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from uam.analysis.profiling import profile_table

pytestmark = pytest.mark.unit

NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "year"]


def _columns(profile: dict) -> dict[str, dict]:
    return {c["name"]: c for c in profile["columns_profile"]}


def test_penguins_numbers_match_pandas(penguins) -> None:
    frame, types = penguins
    before = frame.copy()
    columns = _columns(profile_table(frame, types, target="species", task="classification"))
    pd.testing.assert_frame_equal(frame, before)  # profiling never writes into the frame
    for name in NUMERIC:
        col, expected = columns[name], frame[name]
        assert col["count"] == expected.count()
        assert col["missing"] == expected.isna().sum()
        assert col["unique"] == expected.nunique()
        assert col["zeros"] == (expected == 0).sum()
        for key, value in {
            "mean": expected.mean(),
            "std": expected.std(),
            "min": expected.min(),
            "q1": expected.quantile(0.25),
            "median": expected.median(),
            "q3": expected.quantile(0.75),
            "max": expected.max(),
            "skewness": expected.skew(),
        }.items():
            assert col[key] == pytest.approx(value, rel=1e-9, abs=1e-12), (name, key)
        assert sum(col["histogram"]["counts"]) == col["count"]
        assert len(col["histogram"]["edges"]) == len(col["histogram"]["counts"]) + 1


def test_penguins_table_counts(penguins) -> None:
    frame, types = penguins
    profile = profile_table(frame, types, target=None, task=None)
    assert (profile["rows"], profile["columns"]) == (344, 8)
    assert profile["missing_cells"] == int(frame.isna().sum().sum()) == 19
    assert profile["missing_cells_pct"] == pytest.approx(100 * 19 / (344 * 8), abs=0.01)
    assert profile["duplicate_rows"] == 0
    assert profile["sample"]["sampled"] is False
    assert profile["target"] is None and profile["target_association"] == []
    sex = _columns(profile)["sex"]
    assert sex["missing"] == 11 and sex["missing_pct"] == pytest.approx(3.2, abs=0.01)


def test_penguins_top_values_match_value_counts(penguins) -> None:
    frame, types = penguins
    columns = _columns(profile_table(frame, types, target=None, task=None))
    for name in ("species", "island", "sex"):
        expected = frame[name].value_counts()
        assert columns[name]["unique"] == frame[name].nunique()
        got = {item["value"]: item["count"] for item in columns[name]["top_values"]}
        assert got == expected.to_dict()
        assert columns[name]["mean"] is None and columns[name]["histogram"] is None


def test_correlations_match_pandas_with_missing_values(penguins) -> None:
    frame, types = penguins
    corr = profile_table(frame, types, target=None, task=None)["correlations"]
    assert corr["method"] == "pearson" and corr["columns"] == NUMERIC
    expected = frame[NUMERIC].corr().to_numpy()
    np.testing.assert_allclose(np.array(corr["matrix"]), expected, rtol=1e-9, atol=1e-12)


def test_correlations_keep_pairwise_rows_and_skip_constant_columns() -> None:
    rng = np.random.default_rng(3)
    a = rng.normal(size=500)
    frame = pd.DataFrame({"a": a, "b": 2 * a + rng.normal(size=500), "c": np.full(500, 7.0)})
    frame.loc[frame.index[:120], "b"] = np.nan
    frame.loc[frame.index[100:200], "a"] = np.nan
    corr = profile_table(frame, dict.fromkeys(frame, "float"), target=None, task=None)
    assert corr["correlations"]["columns"] == ["a", "b"]
    expected = frame[["a", "b"]].corr().iloc[0, 1]
    assert corr["correlations"]["matrix"][0][1] == pytest.approx(expected, rel=1e-9)


def test_datetimes_booleans_and_json_safety() -> None:
    when = pd.Series(
        pd.to_datetime(["2013-01-01 05:00", "2013-06-01 00:00", None, "2014-01-01 00:00"])
    )
    frame = pd.DataFrame(
        {
            "when": when.astype("datetime64[ns]"),
            "flag": pd.array([True, False, None, True], dtype="boolean"),
            "inf": [np.inf, 1.0, -np.inf, 2.0],
            "empty": [np.nan] * 4,
            "label": pd.Series(["a", None, "a", "b"], dtype=object),
        }
    )
    types = {"when": "datetime", "flag": "boolean", "inf": "float", "empty": "float"}
    profile = profile_table(frame, {**types, "label": "categorical"}, target=None, task=None)
    json.dumps(profile, allow_nan=False)
    columns = _columns(profile)
    when_col = columns["when"]
    assert (when_col["min"], when_col["max"]) == ("2013-01-01T05:00:00", "2014-01-01T00:00:00")
    assert when_col["count"] == 3 and when_col["missing"] == 1
    assert sum(when_col["histogram"]["counts"]) == 3
    assert all(isinstance(e, str) for e in when_col["histogram"]["edges"])
    flag = columns["flag"]
    assert flag["top_values"] == [{"value": "true", "count": 2}, {"value": "false", "count": 1}]
    assert flag["missing"] == 1 and flag["unique"] == 2
    assert columns["inf"]["infinite"] == 2 and columns["inf"]["mean"] == pytest.approx(1.5)
    assert columns["empty"]["count"] == 0 and columns["empty"]["mean"] is None


def test_duplicate_rows_count_like_pandas_including_missing_values_and_signed_zero() -> None:
    frame = pd.DataFrame(
        {
            "x": [1.0, 1.0, np.nan, np.nan, 0.0, -0.0, 3.0],
            "s": pd.Series(["a", "a", None, None, "z", "z", "q"], dtype=object),
        }
    )
    profile = profile_table(frame, {"x": "float", "s": "categorical"}, target=None, task=None)
    assert profile["duplicate_rows"] == int(frame.duplicated().sum()) == 3


def test_undeclared_columns_are_profiled_by_their_pandas_type() -> None:
    frame = pd.DataFrame({"n": [1.0, 2.0, 3.0], "s": pd.Series(["a", "b", "b"], dtype=object)})
    columns = _columns(profile_table(frame, {}, target=None, task=None))
    assert columns["n"]["dtype"] == "float" and columns["n"]["mean"] == 2.0
    assert columns["s"]["dtype"] == "text" and columns["s"]["unique"] == 2


def test_an_unknown_target_is_refused(penguins) -> None:
    frame, types = penguins
    with pytest.raises(ValueError, match="not in the table"):
        profile_table(frame, types, target="nope", task="classification")
    with pytest.raises(ValueError, match="numeric target"):
        profile_table(frame, types, target="island", task="regression")
