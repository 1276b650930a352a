"""data_charts writes readable PNGs, chooses columns sensibly, and survives hostile names."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from uam.analysis.charts import Chart, data_charts
from uam.analysis.charts.overview import MAX_HEATMAP, _heatmap_columns
from uam.analysis.profiling import profile_table

pytestmark = pytest.mark.unit

SAFE_NAME = re.compile(r"^[a-z0-9_-]{1,80}\.png$")


def _check_png(chart: Chart) -> None:
    assert chart.path.name == chart.filename and SAFE_NAME.match(chart.filename)
    with Image.open(chart.path) as image:
        assert image.format == "PNG" and image.size == (800, 500)


def test_penguins_with_a_target(penguins, tmp_path) -> None:
    frame, types = penguins
    profile = profile_table(frame, types, target="species", task="classification")
    charts = data_charts(frame, profile, tmp_path)
    kinds = [c.kind for c in charts]
    assert kinds[:3] == ["missing", "correlation", "target"]
    assert kinds.count("distribution") == 5 and kinds.count("categories") == 2
    for chart in charts:
        _check_png(chart)
    distributions = [c.column for c in charts if c.kind == "distribution"]
    ranked = [r["column"] for r in profile["target_association"]]
    numeric = [name for name in ranked if types[name] in ("integer", "float")]
    assert distributions == numeric  # most associated with the species first
    assert {c.column for c in charts if c.kind == "categories"} == {"island", "sex"}
    assert "distribution-05-flipper_length_mm.png" in {c.filename for c in charts}
    target = next(c for c in charts if c.kind == "target")
    assert target.column == "species" and "species" in target.title


def test_no_target_means_no_target_chart_and_max_columns_is_honoured(penguins, tmp_path) -> None:
    frame, types = penguins
    profile = profile_table(frame, types, target=None, task=None)
    charts = data_charts(frame, profile, tmp_path, max_columns=2)
    kinds = [c.kind for c in charts]
    assert "target" not in kinds
    assert kinds.count("distribution") == 2 and kinds.count("categories") == 2
    # Without a target the table's own column order decides.
    assert [c.column for c in charts if c.kind == "categories"] == ["species", "island"]


def test_regression_target_and_a_datetime_column(tmp_path) -> None:
    rng = np.random.default_rng(0)
    n = 400
    frame = pd.DataFrame(
        {
            "price": rng.lognormal(3, 1, n),
            "sold": pd.to_datetime("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, n), "D"),
            "id": pd.Series([f"r{i}" for i in range(n)], dtype=object),
            "flag": pd.array(rng.random(n) < 0.3, dtype="boolean"),
        }
    )
    frame["sold"] = frame["sold"].astype("datetime64[ns]")
    types = {"price": "float", "sold": "datetime", "id": "id", "flag": "boolean"}
    profile = profile_table(frame, types, target="price", task="regression")
    charts = data_charts(frame, profile, tmp_path)
    by_kind = {c.kind: c for c in charts}
    assert "correlation" not in by_kind  # a single numeric column has nothing to correlate
    assert by_kind["target"].column == "price"
    assert {c.column for c in charts if c.kind == "distribution"} == {"sold"}
    assert {c.column for c in charts if c.kind == "categories"} == {"flag"}  # the id is skipped
    for chart in charts:
        _check_png(chart)


HOSTILE = [
    'He said "hi"',
    "<b>bold</b> & co",
    "=cmd()",
    "\U0001f600 smile",
    "x" * 300,
    "price in $ and $$",
    "line\nbreak\ttab",
    "\u65e5\u672c\u8a9e",
    "../../etc/passwd",
    "X" * 300 + "!",  # slugifies like the long one above: only the index tells them apart
]


def test_hostile_column_names_give_safe_distinct_files_and_short_titles(tmp_path) -> None:
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({name: rng.normal(size=200) for name in HOSTILE})
    frame["target $x$ <i>"] = pd.Series(rng.choice(["yes $", "<no>"], 200), dtype=object)
    frame.iloc[:30, 0] = np.nan
    types = dict.fromkeys(HOSTILE, "float") | {"target $x$ <i>": "categorical"}
    profile = profile_table(frame, types, target="target $x$ <i>", task="classification")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph or a mathtext parse would warn
        charts = data_charts(frame, profile, tmp_path)
    files = [c.filename for c in charts]
    assert len(files) == len(set(files)) == len(list(tmp_path.iterdir()))
    for chart in charts:
        _check_png(chart)
        assert chart.path.parent == tmp_path
        assert len(chart.title) <= 80 and "\n" not in chart.title and "\\$" not in chart.title
    assert {c.column for c in charts if c.kind == "distribution"} == set(HOSTILE)


def test_wide_tables_cap_the_heatmap_and_the_missing_bars(tmp_path) -> None:
    rng = np.random.default_rng(2)
    base = rng.normal(size=300)
    columns = {f"column number {i:02d} with a long name": rng.normal(size=300) for i in range(60)}
    columns["strong"] = base
    columns["strong twin"] = base + rng.normal(scale=0.1, size=300)
    frame = pd.DataFrame(columns)
    for i, name in enumerate(list(frame)[:40]):
        frame.loc[frame.index[: 5 + i], name] = np.nan
    profile = profile_table(frame, dict.fromkeys(frame, "float"), target=None, task=None)
    names = profile["correlations"]["columns"]
    matrix = np.array(profile["correlations"]["matrix"], dtype=float)
    keep = _heatmap_columns(names, matrix, profile)
    assert len(keep) == MAX_HEATMAP
    assert {names.index("strong"), names.index("strong twin")} <= set(keep)
    charts = data_charts(frame, profile, tmp_path)
    assert [c.kind for c in charts][:2] == ["missing", "correlation"]
    assert [c.kind for c in charts].count("distribution") == 12
    for chart in charts:
        _check_png(chart)


@pytest.mark.parametrize(
    ("frame", "types", "target", "task"),
    [
        (
            pd.DataFrame({"a": pd.Series([], dtype=float), "b": pd.Series([], dtype=object)}),
            {"a": "float", "b": "categorical"},
            "b",
            "classification",
        ),
        (
            pd.DataFrame({"a": np.arange(80.0), "b": pd.Series([None] * 80, dtype=object)}),
            {"a": "float", "b": "categorical"},
            "b",
            "classification",
        ),
        (
            pd.DataFrame({"a": np.arange(80.0), "y": np.full(80, np.nan)}),
            {"a": "float", "y": "float"},
            "y",
            "regression",
        ),
        (pd.DataFrame(index=range(5)), {}, None, None),
    ],
    ids=["no rows", "target all missing", "regression target all missing", "no columns"],
)
def test_degenerate_tables_still_chart(tmp_path, frame, types, target, task) -> None:
    profile = profile_table(frame, types, target=target, task=task)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        charts = data_charts(frame, profile, tmp_path)
    assert charts[0].kind == "missing"
    assert ("target" in [c.kind for c in charts]) == (target is not None)
    for chart in charts:
        _check_png(chart)
