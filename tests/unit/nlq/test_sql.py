"""SQL comes from the plan only: identifiers quoted from the schema, every value bound."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from uam.nlq import Filter, Limits, Order, Plan, TableSchema, answer_question, validate
from uam.nlq.execute import run_query
from uam.nlq.schema import quote_ident
from uam.nlq.sql import build_query, inline_params

pytestmark = pytest.mark.unit

EVIL = 'x"; DROP TABLE data; --'
EVIL_VALUE = "'); DROP TABLE data; --"
COLUMNS = {
    EVIL: [1, 2, 3, 4, None],
    "label": ["a", EVIL_VALUE, "O'Brien", EVIL_VALUE, None],
    'a"b': [0.5, 1.5, None, 2.5, 3.5],
    "?": [10, 20, 30, 40, 50],
    "select": ["s1", "s2", "s3", "s4", "s5"],
}
TYPES = {EVIL: "integer", "label": "categorical", 'a"b': "float", "?": "integer", "select": "text"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, TableSchema]:
    path = tmp_path_factory.mktemp("hostile") / "h.parquet"
    pq.write_table(pa.table(COLUMNS), path)
    return path, TableSchema.from_parquet(path, TYPES)


def test_quote_ident_doubles_embedded_quotes() -> None:
    assert quote_ident("plain") == '"plain"'
    assert quote_ident(EVIL) == '"x""; DROP TABLE data; --"'
    assert quote_ident('""') == '""""""'
    with pytest.raises(ValueError):
        quote_ident("nul\x00byte")


def test_schema_reads_hostile_names_and_values_verbatim(hostile) -> None:
    _, schema = hostile
    assert schema.names == tuple(COLUMNS)
    assert schema.row_count == 5
    label = schema.column("label")
    assert label is not None and label.categories_complete
    assert set(label.categories or ()) == {"a", EVIL_VALUE, "O'Brien"}
    assert schema.column(EVIL).missing == 1  # type: ignore[union-attr]


def test_hostile_identifiers_are_quoted_and_values_bound(hostile) -> None:
    path, schema = hostile
    plan = Plan(
        "aggregate",
        aggregate="sum",
        column=EVIL,
        filters=(Filter("label", "in", (EVIL_VALUE, "O'Brien")), Filter("?", ">", (15,))),
        group_by=('a"b',),
    )
    validate(plan, schema)
    query = build_query(plan, schema)
    assert query is not None
    assert '"x""; DROP TABLE data; --"' in query.sql
    assert '"a""b"' in query.sql and '"?" > ?' in query.sql
    assert "DROP TABLE data; --'" not in query.sql  # the value is a parameter, not text
    assert "O'Brien" not in query.sql
    assert query.params == (EVIL_VALUE, "O'Brien", 15)
    table = run_query(query, path, schema, Limits())
    # rows 2 (a"b 1.5, x 2), 3 (a"b None: left out), 4 (a"b 2.5, x 4)
    assert table.rows == [[1.5, 2], [2.5, 4]]
    # ... and nothing was dropped: the next query still sees every row
    count = run_query(build_query(Plan("count"), schema), path, schema, Limits())  # type: ignore[arg-type]
    assert count.rows == [[5]]


def test_display_inlines_values_as_escaped_literals_only_outside_identifiers(hostile) -> None:
    _, schema = hostile
    plan = Plan("count", filters=(Filter("label", "=", (EVIL_VALUE,)), Filter("?", "=", (10,))))
    query = build_query(plan, schema)
    assert query is not None
    assert query.display.endswith("""WHERE ("label" = '''); DROP TABLE data; --') AND ("?" = 10)""")
    assert (
        inline_params('SELECT "a?b", ? FROM data', ("it's",)) == "SELECT \"a?b\", 'it''s' FROM data"
    )


def test_every_kind_of_plan_runs_over_hostile_names(hostile) -> None:
    path, schema = hostile
    plans = [
        Plan("count", group_by=("label",), order=Order(None, True), limit=1),
        Plan("aggregate", aggregate="mean", column='a"b', group_by=("label", "select")),
        Plan("rows", order=Order(EVIL, False), limit=2),
        Plan("missing"),
        Plan("distinct", column="label"),
        Plan("distribution", column='a"b', bins=3),
        Plan("distribution", column="label"),
        Plan("correlation", column=EVIL, column2='a"b'),
        Plan("shape"),
        Plan("count", filters=(Filter("select", "contains", ("S",), True),)),
    ]
    for plan in plans:
        validate(plan, schema)
        query = build_query(plan, schema)
        assert query is not None
        table = run_query(query, path, schema, Limits())
        assert isinstance(table.rows, list)
    missing = build_query(Plan("missing"), schema)
    assert missing is not None and missing.reshape is not None
    rows = missing.reshape(run_query(missing, path, schema, Limits()).rows)
    assert rows == [[EVIL, 1], ["label", 1], ['a"b', 1], ["?", 0], ["select", 0]]


def test_questions_over_hostile_names(hostile) -> None:
    path, schema = hostile
    r = answer_question('sum of `x"; DROP TABLE data; --`', schema, path)
    assert r.supported and r.rows == [[10]], r
    r = answer_question('how many rows where label is "\'); DROP TABLE data; --"', schema, path)
    assert r.supported and r.rows == [[2]], r
    r = answer_question('How many rows where label is "o\'brien"?', schema, path)
    assert r.supported and r.rows == [[1]] and r.plan.filters[0].values == ("O'Brien",)  # type: ignore[union-attr]
    r = answer_question("what columns are there", schema, path)
    assert [row[0] for row in r.rows] == list(COLUMNS)
    assert answer_question("how many rows", schema, path).rows == [[5]]
