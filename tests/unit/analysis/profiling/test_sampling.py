"""Above exact_row_limit the distribution statistics come from a seeded sample, and say so."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from uam.analysis.profiling import profile_table

pytestmark = pytest.mark.unit

ROWS = 5_000
LIMIT = 1_000


@pytest.fixture(scope="module")
def table() -> tuple[pd.DataFrame, dict[str, str]]:
    rng = np.random.default_rng(11)
    x = rng.normal(10, 2, ROWS)
    x[:700] = np.nan
    labels = rng.choice(["red", "green", "blue"], ROWS).astype(object)
    labels[-50:] = None
    frame = pd.DataFrame({"x": x, "colour": pd.Series(labels, dtype=object)})
    frame = pd.concat([frame, frame.iloc[:40]], ignore_index=True)  # 40 exact duplicates
    return frame, {"x": "float", "colour": "categorical"}


def test_a_large_table_is_sampled_and_the_profile_says_so(table) -> None:
    frame, types = table
    profile = profile_table(frame, types, target=None, task=None, exact_row_limit=LIMIT)
    sample = profile["sample"]
    assert sample["sampled"] is True
    assert sample["rows_used"] == LIMIT and sample["exact_row_limit"] == LIMIT
    assert f"{LIMIT:,} of {len(frame):,} rows" in sample["note"]
    assert "seed 42" in sample["note"]
    assert {"rows", "missing", "duplicate_rows"} <= set(sample["exact"])


def test_counts_stay_exact_and_distributions_come_from_the_sample(table) -> None:
    frame, types = table
    profile = profile_table(frame, types, target=None, task=None, exact_row_limit=LIMIT)
    x = next(c for c in profile["columns_profile"] if c["name"] == "x")
    assert profile["rows"] == len(frame)
    assert x["missing"] == int(frame["x"].isna().sum()) and x["count"] == frame["x"].count()
    assert profile["missing_cells"] == int(frame.isna().sum().sum())
    assert profile["duplicate_rows"] == int(frame.duplicated().sum()) >= 40
    assert sum(x["histogram"]["counts"]) < x["count"]  # a sample's worth of values
    assert x["mean"] == pytest.approx(frame["x"].mean(), abs=0.25)  # but close to the truth
    assert x["mean"] != pytest.approx(frame["x"].mean(), abs=1e-9)


def test_the_sample_is_reproducible_and_depends_on_the_seed(table) -> None:
    frame, types = table
    first = profile_table(frame, types, target=None, task=None, exact_row_limit=LIMIT)
    again = profile_table(frame, types, target=None, task=None, exact_row_limit=LIMIT)
    other = profile_table(frame, types, target=None, task=None, exact_row_limit=LIMIT, seed=7)
    assert first == again
    assert first["columns_profile"][0]["mean"] != other["columns_profile"][0]["mean"]
    assert "seed 7" in other["sample"]["note"]


def test_at_or_below_the_limit_every_row_is_used(table) -> None:
    frame, types = table
    profile = profile_table(frame, types, target=None, task=None, exact_row_limit=len(frame))
    assert profile["sample"]["sampled"] is False
    assert profile["sample"]["rows_used"] == len(frame)
    x = next(c for c in profile["columns_profile"] if c["name"] == "x")
    assert x["mean"] == pytest.approx(frame["x"].mean(), rel=1e-12)
