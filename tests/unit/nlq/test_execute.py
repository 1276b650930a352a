"""The executor's limits: a row cap, a time limit, a memory limit, and no way out of the one
Parquet file (no other file, no writing, no extensions, no undoing the lock-down)."""

from __future__ import annotations

import time

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from uam.nlq import (
    Limits,
    Plan,
    QueryOutOfMemory,
    QueryTimeout,
    TableSchema,
    answer_question,
)
from uam.nlq.execute import NlqExecutionError, Session, json_value

pytestmark = pytest.mark.unit

EXPENSIVE = (
    "SELECT count(*) FROM data a, data b, data c, data d "
    "WHERE a.body_mass_g + b.body_mass_g > c.body_mass_g - d.body_mass_g"
)


def test_row_cap_says_truncated(datasets) -> None:
    ds = datasets["penguins"]
    r = answer_question("show the penguins", ds.schema, ds.path, Limits(max_rows=10))
    assert r.supported and len(r.rows) == 10 and r.truncated
    assert [row[:2] for row in r.rows] == ds.frame[["species", "island"]].head(10).values.tolist()
    hitters = datasets["hitters"]
    r = answer_question(
        "distinct values of salary", hitters.schema, hitters.path, Limits(max_rows=5)
    )
    assert len(r.rows) == 5 and r.truncated
    r = answer_question("distinct values of island", ds.schema, ds.path, Limits(max_rows=5))
    assert len(r.rows) == 3 and not r.truncated


def test_missing_values_per_column_obey_the_cap(datasets) -> None:
    ds = datasets["hitters"]
    r = answer_question("missing values per column", ds.schema, ds.path, Limits(max_rows=4))
    assert len(r.rows) == 4 and r.truncated


def test_an_expensive_query_is_stopped_at_the_time_limit(datasets) -> None:
    ds = datasets["penguins"]
    with Session(ds.path, ds.schema, Limits(timeout_s=0.3)) as session:
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            session.fetch(EXPENSIVE, ())
        assert time.monotonic() - started < 5
        # the connection is still usable afterwards
        assert session.fetch("SELECT count(*) FROM data", ()).rows == [[344]]


def test_a_question_past_the_time_limit_raises_a_timeout(tmp_path) -> None:
    path = tmp_path / "big.parquet"
    n = 3_000_000
    keys = pa.array(np.arange(n) % 200_000)
    pq.write_table(pa.table({"k": keys, "v": pa.array(np.arange(n, dtype=float))}), path)
    schema = TableSchema.from_parquet(path, {"k": "integer", "v": "float"})
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        answer_question("median v by k", schema, path, Limits(timeout_s=0.02, max_rows=10))
    assert time.monotonic() - started < 5


def test_memory_limit_is_applied_and_enforced(datasets) -> None:
    ds = datasets["penguins"]
    with Session(ds.path, ds.schema, Limits(memory_mb=8)) as session:
        setting = session.fetch("SELECT current_setting('memory_limit')", ()).rows[0][0]
        assert setting.endswith(("MiB", "MB")) and float(setting.split()[0]) < 10
        assert session.fetch("SELECT current_setting('threads')", ()).rows == [[1]]
        with pytest.raises(QueryOutOfMemory):
            session.fetch(
                "SELECT count(*) FROM (SELECT DISTINCT range::VARCHAR || 'x' FROM range(2000000))",
                (),
            )


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM read_parquet('{other}')",
        "COPY data TO '{tmp}/out.csv'",
        "ATTACH '{tmp}/other.db' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "RESET enable_external_access",
        "SET allowed_paths = ['/etc/passwd']",
        "SET lock_configuration = false",
        "SELECT * FROM read_csv('https://example.com/x.csv')",
    ],
)
def test_the_connection_cannot_reach_beyond_its_file(datasets, tmp_path, sql: str) -> None:
    ds = datasets["penguins"]
    sql = sql.format(other=datasets["hitters"].path, tmp=tmp_path)
    with Session(ds.path, ds.schema, Limits()) as session:
        with pytest.raises(duckdb.Error):
            session.connection.execute(sql).fetchall()
        with pytest.raises(NlqExecutionError):
            session.fetch(sql, ())
        # ... while its own file is still there
        assert session.fetch("SELECT count(*) FROM data", ()).rows == [[344]]
    assert list(tmp_path.iterdir()) == []


def test_a_missing_file_is_an_execution_error(tmp_path, datasets) -> None:
    with pytest.raises(NlqExecutionError):
        answer_question("how many rows", datasets["penguins"].schema, tmp_path / "none.parquet")


def test_json_values() -> None:
    import datetime as dt
    import decimal

    assert json_value(float("nan")) is None
    assert json_value(float("inf")) is None
    assert json_value(decimal.Decimal("1.5")) == 1.5
    assert json_value(dt.datetime(2020, 1, 2, 3, 4)) == "2020-01-02T03:04:00"
    assert json_value(dt.date(2020, 1, 2)) == "2020-01-02"
    assert json_value(b"\x01") == "01"
    assert json_value([1, float("nan")]) == [1, None]
    assert json_value(True) is True


def test_plan_kinds_are_never_sql_from_the_question(datasets) -> None:
    """The SQL shown is built from the plan: the question's own words never appear in it."""
    ds = datasets["penguins"]
    r = answer_question("how many penguins where island is biscoe", ds.schema, ds.path)
    assert r.plan == Plan(r.plan.kind, filters=r.plan.filters)  # type: ignore[union-attr]
    assert "penguins" not in (r.sql or "") and "biscoe" not in (r.sql or "")
    assert "'Biscoe'" in (r.sql or "")
