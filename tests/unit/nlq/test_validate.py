"""The plan validator every translator's plan goes through: bad plans are refused."""

from __future__ import annotations

import pytest

from uam.nlq import Filter, InvalidPlan, Order, Plan, validate
from uam.nlq.schema import ColumnInfo, TableSchema

pytestmark = pytest.mark.unit

SCHEMA = TableSchema(
    columns=(
        ColumnInfo("species", "categorical", categories=("Adelie",), categories_complete=True),
        ColumnInfo("mass", "integer"),
        ColumnInfo("length", "float"),
        ColumnInfo("urban", "boolean"),
        ColumnInfo("when", "datetime"),
        ColumnInfo("notes", "text"),
        ColumnInfo("blob", "other"),
    ),
    row_count=10,
)

GOOD = [
    Plan("count"),
    Plan("count", filters=(Filter("species", "=", ("Adelie",)),), group_by=("urban",)),
    Plan("aggregate", aggregate="mean", column="mass", group_by=("species", "urban")),
    Plan("aggregate", aggregate="max", column="when"),
    Plan("aggregate", aggregate="count_distinct", column="notes"),
    Plan(
        "aggregate",
        aggregate="sum",
        column="length",
        group_by=("species",),
        order=Order(None, True),
        limit=3,
    ),
    Plan("rows", order=Order("mass", True), limit=5),
    Plan("missing"),
    Plan("missing", column="blob"),
    Plan("distinct", column="species"),
    Plan("distribution", column="mass", bins=10),
    Plan("distribution", column="urban"),
    Plan("correlation", column="mass", column2="length"),
    Plan("columns"),
    Plan("shape"),
    Plan("count", filters=(Filter("when", "between", ("2020-01-01", "2020-12-31 10:00")),)),
    Plan("count", filters=(Filter("notes", "contains", ("x",), True),)),
    Plan("count", filters=(Filter("mass", "in", (1, 2.5)),)),
    Plan("count", filters=(Filter("urban", "!=", (True,)),)),
    Plan("count", filters=(Filter("blob", "is_null"),)),
]


@pytest.mark.parametrize("plan", GOOD, ids=range(len(GOOD)))
def test_sound_plans_pass(plan: Plan) -> None:
    validate(plan, SCHEMA)


BAD = {
    "no such column": Plan("aggregate", aggregate="mean", column="weight"),
    "mean of text": Plan("aggregate", aggregate="mean", column="species"),
    "sum of a boolean": Plan("aggregate", aggregate="sum", column="urban"),
    "median of a date": Plan("aggregate", aggregate="median", column="when"),
    "max of text": Plan("aggregate", aggregate="max", column="notes"),
    "unknown aggregate": Plan("aggregate", aggregate="mode", column="mass"),  # type: ignore[arg-type]
    "unknown kind": Plan("delete"),  # type: ignore[arg-type]
    "three groups": Plan("count", group_by=("species", "urban", "mass")),
    "repeated group": Plan("count", group_by=("species", "species")),
    "group by unknown": Plan("count", group_by=("colour",)),
    "grouped rows": Plan("rows", group_by=("species",)),
    "order without groups": Plan("count", order=Order(None, True)),
    "order by other column": Plan("count", group_by=("species",), order=Order("mass", True)),
    "limit without order": Plan("count", group_by=("species",), limit=3),
    "limit zero": Plan("rows", limit=0),
    "limit too big": Plan("rows", limit=10**9),
    "limit not int": Plan("rows", limit=2.5),  # type: ignore[arg-type]
    "fewest under a filter": Plan(
        "count",
        filters=(Filter("urban", "=", (True,)),),
        group_by=("species",),
        order=Order(None, False),
        limit=1,
    ),
    "bins on text": Plan("distribution", column="species", bins=5),
    "no bins on numbers": Plan("distribution", column="mass"),
    "too many bins": Plan("distribution", column="mass", bins=10_000),
    "distribution of a date": Plan("distribution", column="when"),
    "correlation with text": Plan("correlation", column="mass", column2="species"),
    "correlation with itself": Plan("correlation", column="mass", column2="mass"),
    "shape with filter": Plan("shape", filters=(Filter("mass", ">", (1,)),)),
    "columns with a column": Plan("columns", column="mass"),
    "count with a column": Plan("count", column="mass"),
    "text compared with <": Plan("count", filters=(Filter("species", "<", ("B",)),)),
    "number compared with text": Plan("count", filters=(Filter("mass", "=", ("1; DROP",)),)),
    "number compared with a bool": Plan("count", filters=(Filter("mass", "=", (True,)),)),
    "number compared with NaN": Plan("count", filters=(Filter("mass", "<", (float("nan"),)),)),
    "contains on a number": Plan("count", filters=(Filter("mass", "contains", (1,)),)),
    "boolean with a string": Plan("count", filters=(Filter("urban", "=", ("yes",)),)),
    "boolean ordered": Plan("count", filters=(Filter("urban", ">", (True,)),)),
    "date not a date": Plan("count", filters=(Filter("when", ">", ("yesterday",)),)),
    "between one value": Plan("count", filters=(Filter("mass", "between", (1,)),)),
    "equals two values": Plan("count", filters=(Filter("mass", "=", (1, 2)),)),
    "empty in list": Plan("count", filters=(Filter("mass", "in", ()),)),
    "huge in list": Plan("count", filters=(Filter("mass", "in", tuple(range(500))),)),
    "unknown op": Plan("count", filters=(Filter("mass", "LIKE", (1,)),)),  # type: ignore[arg-type]
    "ignore case on a number": Plan("count", filters=(Filter("mass", "=", (1,), True),)),
    "huge text value": Plan("count", filters=(Filter("notes", "=", ("x" * 10_000,)),)),
    "filter on unusable column": Plan("count", filters=(Filter("blob", "=", ("x",)),)),
    "aggregate of unusable column": Plan("aggregate", aggregate="count_distinct", column="blob"),
    "too many filters": Plan("count", filters=tuple(Filter("mass", ">", (i,)) for i in range(30))),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_plans_are_refused(name: str) -> None:
    with pytest.raises(InvalidPlan) as caught:
        validate(BAD[name], SCHEMA)
    assert caught.value.problems


def test_the_limit_bound_follows_the_callers_row_cap() -> None:
    plan = Plan("rows", limit=50)
    validate(plan, SCHEMA, max_limit=50)
    with pytest.raises(InvalidPlan):
        validate(plan, SCHEMA, max_limit=49)


def test_plan_dict_round_trip_and_shape_checks() -> None:
    for plan in GOOD:
        assert Plan.from_dict(plan.to_dict()) == plan
    for bad in (
        "not a dict",
        {"kind": "drop"},
        {"kind": "count", "sql": "SELECT 1"},
        {"kind": "count", "filters": [{"column": "mass", "op": "=", "values": [{"x": 1}]}]},
        {"kind": "count", "filters": [{"column": 1, "op": "=", "values": [1]}]},
        {"kind": "rows", "limit": "5"},
        {"kind": "count", "group_by": "species"},
    ):
        with pytest.raises(ValueError):
            Plan.from_dict(bad)  # type: ignore[arg-type]
