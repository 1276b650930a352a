"""answer_question end to end: missing values handled as documented, dates, the chart hint,
JSON-ready results, and the seam a model-backed translator would plug into."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from uam.nlq import (
    ChartSpec,
    Plan,
    TableSchema,
    Unsupported,
    answer_question,
)
from uam.nlq.schema import ColumnInfo

from .conftest import ingest

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def gaps(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, TableSchema]:
    """A small table with missing values in group keys, numbers and labels."""
    path = tmp_path_factory.mktemp("gaps") / "g.parquet"
    table = pa.table(
        {
            "g": ["a", "a", "b", None, "c", "c"],
            "v": [1.0, None, 3.0, 4.0, None, float("nan")],  # NaN counts as missing
            "s": ["x", None, "y", "x", "z", None],
        }
    )
    pq.write_table(table, path)
    return path, TableSchema.from_parquet(
        path, {"g": "categorical", "v": "float", "s": "categorical"}
    )


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("how many rows", [[6]]),
        ("how many rows by g", [["a", 2], ["b", 1], ["c", 2]]),  # the missing key left out
        ("average v", [[(1 + 3 + 4) / 3]]),  # missing skipped
        ("average v by g", [["a", 1.0], ["b", 3.0], ["c", None]]),  # no values: no mean
        ("sum of v by g", [["a", 1.0], ["b", 3.0], ["c", None]]),  # no values: no sum
        ("number of distinct s", [[3]]),  # missing is not a value
        ("how many rows where s is not x", [[2]]),  # missing s matches no condition
        ("how many rows where v is missing", [[3]]),
        ("how many rows where v < 100", [[3]]),
        ("top 1 g by mean v", [["b", 3.0]]),  # a group without a mean is not ranked
        ("distinct values of s", [["x"], ["y"], ["z"]]),
        ("distribution of s", [["x", 2], ["y", 1], ["z", 1]]),
        ("missing values per column", [["g", 1], ["v", 3], ["s", 2]]),
        ("correlation between v and v", None),  # one column twice: refused
    ],
)
def test_missing_values_are_handled_as_documented(gaps, question: str, rows) -> None:
    path, schema = gaps
    r = answer_question(question, schema, path)
    if rows is None:
        assert not r.supported
    else:
        assert r.supported and r.rows == rows, (question, r.reason, r.rows)
    json.dumps(r.to_dict(), allow_nan=False)


def test_the_interpretation_says_what_was_left_out(gaps) -> None:
    path, schema = gaps
    text = answer_question("average v by g", schema, path).interpretation
    assert "missing v values skipped" in text and "rows with a missing g left out" in text
    text = answer_question("how many rows where s is not x", schema, path).interpretation
    assert "rows with s missing match no condition on it" in text


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, TableSchema]:
    root = tmp_path_factory.mktemp("dated")
    csv = root / "d.csv"
    csv.write_text(
        "when,amount,kind\n"
        "2013-01-01 05:10:00,3,a\n"
        "2013-01-02 00:00:00,4,b\n"
        "2013-01-02 23:59:00,5,a\n"
        "2013-02-01 12:00:00,6,b\n"
        ",7,a\n"
    )
    path, types = ingest(csv, root / "d.parquet")
    assert types["when"] == "datetime"
    return path, TableSchema.from_parquet(path, types)


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("how many rows where when is 2013-01-02", [[2]]),  # a date matches the whole day
        ("how many rows where when > 2013-01-01", [[3]]),
        ("how many rows where when <= 2013-01-02", [[3]]),
        ("how many rows where when between 2013-01-01 and 2013-01-02", [[3]]),
        ("how many rows where when is after 2013-01-02 12:00", [[2]]),
        ("min when", [["2013-01-01T05:10:00"]]),
        ("max when where kind is a", [["2013-01-02T23:59:00"]]),
        ("how many rows where when is missing", [[1]]),
        ("sum of amount where when before 2013-01-02", [[3]]),
    ],
)
def test_dates(dated, question: str, rows) -> None:
    path, schema = dated
    r = answer_question(question, schema, path)
    assert r.supported and r.rows == rows, (question, r.reason, r.rows)


def test_a_year_alone_is_not_taken_for_a_date(dated) -> None:
    path, schema = dated
    r = answer_question("how many rows where when > 2013", schema, path)
    assert not r.supported and any("full date" in n for n in r.notes)


def test_chart_hints(datasets) -> None:
    ds = datasets["penguins"]

    def chart(question: str) -> ChartSpec | None:
        r = answer_question(question, ds.schema, ds.path)
        assert r.supported, r.reason
        if r.chart is not None:  # the named columns are in the answer
            assert r.chart.x in r.columns and r.chart.y in r.columns
        return r.chart

    assert chart("average body mass by species and sex") == ChartSpec(
        "bar",
        "species",
        "mean_body_mass_g",
        "sex",
        title="Mean of body_mass_g grouped by species and sex (missing body_mass_g values "
        "skipped; rows with a missing sex left out)",
    )
    hist = chart("distribution of body mass")
    assert hist is not None and (hist.kind, hist.x, hist.x_end, hist.y) == (
        "histogram",
        "bin_start",
        "bin_end",
        "count",
    )
    bars = chart("distribution of island")
    assert bars is not None and (bars.kind, bars.x, bars.y) == ("bar", "island", "count")
    assert chart("how many rows") is None
    assert chart("top 3 penguins by body mass") is None


def test_results_are_json_ready(datasets) -> None:
    for ds in datasets.values():
        for question in (
            "how many rows",
            "show the first 5 rows",
            "what columns are there",
            "missing values per column",
            "nonsense question about nothing",
        ):
            r = answer_question(question, ds.schema, ds.path)
            text = json.dumps(r.to_dict(), allow_nan=False)
            assert json.loads(text)["supported"] is r.supported


class PlanTranslator:
    """What a model-backed translator would be: question in, a Plan (from JSON) out."""

    def __init__(self, plan: dict) -> None:
        self.plan = plan

    def translate(self, question: str, schema: TableSchema) -> Plan | Unsupported:
        try:
            return Plan.from_dict(self.plan)
        except ValueError as exc:
            return Unsupported(str(exc))


def test_another_translators_plans_go_through_the_same_validator(datasets) -> None:
    ds = datasets["penguins"]
    good = {"kind": "aggregate", "aggregate": "max", "column": "body_mass_g"}
    r = answer_question("anything", ds.schema, ds.path, translator=PlanTranslator(good))
    assert r.supported and r.rows == [[ds.frame.body_mass_g.max()]]
    for bad in (
        {"kind": "aggregate", "aggregate": "mean", "column": "species"},  # not numeric
        {"kind": "aggregate", "aggregate": "mean", "column": 'x"); DROP TABLE data; --'},
        {"kind": "rows", "limit": 10**9},
        {"kind": "count", "sql": "DROP TABLE data"},
    ):
        r = answer_question("anything", ds.schema, ds.path, translator=PlanTranslator(bad))
        assert not r.supported and r.sql is None and 3 <= len(r.examples) <= 5, bad


def test_a_translator_that_fails_is_a_clean_unsupported(datasets) -> None:
    class Broken:
        def translate(self, question: str, schema: TableSchema) -> Plan:
            raise RuntimeError("model offline")

    ds = datasets["penguins"]
    r = answer_question("how many rows", ds.schema, ds.path, translator=Broken())
    assert not r.supported and r.examples


def test_examples_exist_even_for_a_table_with_little_to_ask(tmp_path) -> None:
    path = tmp_path / "one.parquet"
    pq.write_table(pa.table({"blob": pa.array([[1], [2]], type=pa.list_(pa.int64()))}), path)
    schema = TableSchema.from_parquet(path)
    assert schema.columns == (ColumnInfo("blob", "other", "BIGINT[]", 0),)
    r = answer_question("average blob", schema, path)
    assert not r.supported and 3 <= len(r.examples) <= 5
    assert answer_question("how many rows", schema, path).rows == [[2]]
    assert answer_question("missing values", schema, path).rows == [["blob", 0]]
