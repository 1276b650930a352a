"""The clauses that may follow a question's head, in any order: conditions ("where island
is Biscoe", "on Dream", "with more than 100 hits"), grouping ("by species and sex"),
ordering ("sorted by count descending"), bins ("with 20 bins"), the noun counted ("of
female penguins") and filler words ("in total", "please")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from uam.nlq import vocabulary as V
from uam.nlq.plan import Filter, Order, Value
from uam.nlq.reader import Head, Reader, Reading, Tail
from uam.nlq.schema import NUMERIC, ColumnInfo

FilterReading = Iterator[tuple[Filter, int]]


class Clauses(Reader):
    def tail(self, i: int, head: Head, tail: Tail) -> Iterator[tuple[Tail, int]]:
        """Every way the rest of the question, from `i`, reads as clauses."""
        if i == self.n:
            yield tail, i
            return
        for new, j in self._one_clause(i, head, tail):
            yield from self.tail(j, head, new)

    def _one_clause(self, i: int, head: Head, tail: Tail) -> Iterator[tuple[Tail, int]]:
        allowed = head.allowed
        if "filter" in allowed:
            for filters, j in self.filter_clause(i):
                yield replace(tail, filters=tail.filters + filters), j
        if "entity" in allowed:
            for filters, j in self._entity_clause(i):
                yield replace(tail, filters=tail.filters + filters), j
        yield from self._shaping_clause(i, head, tail)
        for j in self.ends(i, V.FILLERS):
            yield tail, j

    def _shaping_clause(self, i: int, head: Head, tail: Tail) -> Iterator[tuple[Tail, int]]:
        allowed = head.allowed
        if "group" in allowed and tail.group_by is None and not head.group_by:
            for groups, j in self._group_clause(i):
                yield replace(tail, group_by=groups), j
        if "order" in allowed and tail.order is None and head.order is None:
            for order, j in self._order_clause(i, head):
                yield replace(tail, order=order), j
        if "bins" in allowed and tail.bins is None:
            for bins, j in self._bins_clause(i):
                yield replace(tail, bins=bins), j

    # ----------------------------------------------------------------- conditions

    def filter_clause(self, i: int) -> Reading:
        for j in self.ends(i, V.FILTER_INTROS):
            yield from self._conditions(j)
        for j in self.ends(i, V.VALUE_INTROS):
            for f, k in self._value_condition(j):
                yield (f,), k
                for more, m in self._and_more(k):
                    yield (f, *more), m

    def _conditions(self, i: int) -> Reading:
        for f, j in self._condition(i):
            yield (f,), j
            for more, k in self._and_more(j):
                yield (f, *more), k

    def _and_more(self, i: int) -> Reading:
        """ "and" then a full condition, or a new intro and its condition. A bare value after
        "and" is not read: "on Biscoe and Dream" means either island, not both."""
        for j in self.ends(i, ("and", ", and", "and also")):
            yield from self._conditions(j)
            yield from self.filter_clause(j)

    def _value_condition(self, i: int) -> FilterReading:
        """After "on", "for", "are": a value alone ("Biscoe [island]"), a column and its
        value ("league N"), or a true/false column's name ("urban", "not urban")."""
        for j in self.opt(i, "the"):
            yield from self.bare_value(j)
            for name, k in self.column_span(j):
                col = self.col(name)
                if col.label:
                    for values, ic, m in self.values(k, col, ("or", ",", ", or")):
                        yield _equal(name, values, ic), m
                if col.dtype == "boolean":
                    yield Filter(name, "=", (True,)), k
            yield from self._negated_flag(j)

    def _negated_flag(self, i: int) -> FilterReading:
        for j in self.ends(i, ("not", "non", "no")):
            for name, k in self.column(j):
                if self.col(name).dtype == "boolean":
                    yield Filter(name, "=", (False,)), k

    def _condition(self, i: int) -> FilterReading:
        for start in self.opt(i, *V.ARTICLES):
            for name, j in self.column(start):
                yield from self._about_column(self.col(name), j)
            yield from self._number_first(start)
            for j in self.ends(start, V.MISSING_PREFIX):  # with missing salary
                for name, k in self.column(j):
                    yield Filter(name, "is_null"), k
            yield from self._negated_flag(start)

    def _number_first(self, i: int) -> FilterReading:
        """ "with more than 100 hits": the comparison, a number, then the column."""
        for op, words in V.LEADING_COMPARISONS.items():
            for j in self.ends(i, words):
                if j < self.n and self.t[j].kind == "number":
                    for name, k in self.column(j + 1):
                        if self.numeric(name):
                            yield Filter(name, op, (self.t[j].number,)), k  # type: ignore[arg-type]

    def _about_column(self, col: ColumnInfo, j: int) -> FilterReading:
        """What follows a column in a condition."""
        name = col.name
        if col.dtype == "boolean":
            yield Filter(name, "=", (True,)), j  # "where urban"
        if col.label:  # "with species Adelie"
            for value, ic, k in self.value(j, col, fuzzy=False):
                yield Filter(name, "=", (value,), ic), k
        yield from self._compared(col, j)
        yield from self._between(col, j)
        yield from self._in_list(col, j)
        yield from self._contains(col, j)
        for op, words in (("is_null", V.IS_NULL), ("not_null", V.NOT_NULL)):
            for k in self.ends(j, words):
                yield Filter(name, op), k  # type: ignore[arg-type]

    def _compared(self, col: ColumnInfo, j: int) -> FilterReading:
        ordered = col.dtype in NUMERIC or col.dtype == "datetime"
        for op, words in V.COMPARISONS.items():
            for k in self.ends(j, words):
                if op == "=":
                    for values, ic, m in self.values(k, col, ("or", ",", ", or")):
                        yield _equal(col.name, values, ic), m
                elif op == "!=" or ordered:
                    for value, ic, m in self.value(k, col):
                        yield Filter(col.name, op, (value,), ic), m  # type: ignore[arg-type]

    def _between(self, col: ColumnInfo, j: int) -> FilterReading:
        if not (col.dtype in NUMERIC or col.dtype == "datetime"):
            return
        for k in self.ends(j, V.BETWEEN):
            joins = V.BETWEEN_AND["from" if self.t[k - 1].low == "from" else "between"]
            for lo, _, m in self.value(k, col):
                for p in self.ends(m, joins):
                    for hi, _, q in self.value(p, col):
                        a, b = sorted((lo, hi), key=_sort_key)
                        yield Filter(col.name, "between", (a, b)), q

    def _in_list(self, col: ColumnInfo, j: int) -> FilterReading:
        for op, words in (("in", V.IN), ("not_in", V.NOT_IN)):
            for k in self.ends(j, words):
                for values, ic, m in self._value_list(k, col):
                    yield Filter(col.name, op, values, ic), m  # type: ignore[arg-type]
        for k in self.ends(j, V.EITHER):
            for values, ic, m in self.values(k, col, ("or", ", or", ",")):
                if len(values) > 1:
                    yield Filter(col.name, "in", values, ic), m

    def _value_list(self, i: int, col: ColumnInfo) -> Iterator[tuple[tuple[Value, ...], bool, int]]:
        if i < self.n and self.t[i].kind == "lparen":
            for values, ic, j in self.values(i + 1, col, (",",)):
                if j < self.n and self.t[j].kind == "rparen":
                    yield values, ic, j + 1
            return
        yield from self.values(i, col, (",", "or", "and", ", or", ", and"))

    def _contains(self, col: ColumnInfo, j: int) -> FilterReading:
        if not col.label:
            return
        for op, words in (("contains", V.CONTAINS), ("not_contains", V.NOT_CONTAINS)):
            for k in self.ends(j, words):
                for m in self.opt(k, "the text", "the word"):
                    if m < self.n and self.t[m].kind in ("string", "word", "number"):
                        tok = self.t[m]
                        if tok.kind != "word" or tok.low not in V.RESERVED:
                            yield Filter(col.name, op, (tok.text,), True), m + 1  # type: ignore[arg-type]

    # ----------------------------------------------------------------- other clauses

    def _entity_clause(self, i: int) -> Reading:
        """ "of female penguins", "for all players", "in the dataset"."""
        for j in self.ends(i, V.ENTITY_INTROS):
            for k in self.opt(j, "the", "all the", "these", "those"):
                yield from self.subject(k, need_entity=True)
                for m in self.ends(k, V.CONTAINERS):
                    yield (), m

    def _group_clause(self, i: int) -> Iterator[tuple[tuple[str, ...], int]]:
        for start in self.opt(i, *V.GROUP_PREFIX):
            for j in self.ends(start, V.GROUP_INTROS):
                for first, k in self.column(j):
                    yield (first,), k
                    for m in self.ends(k, V.GROUP_SEPARATORS):
                        for second, p in self.column(m):
                            if second != first:
                                yield (first, second), p

    def _direction(self, j: int) -> Iterator[tuple[bool | None, int]]:
        yield None, j
        for k in self.ends(j, V.DESCENDING):
            yield True, k
        for k in self.ends(j, V.ASCENDING):
            yield False, k

    def _order_clause(self, i: int, head: Head) -> Iterator[tuple[Order, int]]:
        grouped = head.kind in ("count", "aggregate")
        yield from self._bare_direction(i, head)
        for j in self.ends(i, V.ORDER_INTROS):
            if grouped:
                for k in self._metric_named(j, head):
                    for said, m in self._direction(k):
                        yield Order(None, bool(said)), m
            for name, k in self.column(j):
                for said, m in self._direction(k):
                    yield Order(name, bool(said)), m
            if head.kind == "distinct":
                yield from self._bare_direction(j, head)

    def _bare_direction(self, i: int, head: Head) -> Iterator[tuple[Order, int]]:
        """ "highest first", "in descending order": the value of a grouped result, or the
        distinct values themselves."""
        for said, j in self._direction(i):
            if said is None:
                continue
            if head.kind in ("count", "aggregate"):
                yield Order(None, said), j
            elif head.kind == "distinct":
                yield Order(head.column, said), j

    def _metric_named(self, i: int, head: Head) -> Iterator[int]:
        """The computed value named in "sorted by count" / "sorted by the mean [salary]"."""
        if head.kind == "count":
            yield from self.ends(i, V.COUNT_METRICS)
            return
        for k in self.opt(i, "the"):
            for agg, words in V.AGGREGATE_WORDS.items():
                if agg != head.aggregate:
                    continue
                for m in self.ends(k, words):
                    yield m
                    for p in self.ends(m, ("of", "of the")):
                        yield from (q for name, q in self.column(p) if name == head.column)
                    yield from (q for name, q in self.column(m) if name == head.column)

    def _bins_clause(self, i: int) -> Iterator[tuple[int, int]]:
        for j in self.ends(i, V.BIN_INTROS):
            for n, k in self.count_n(j):
                for m in self.ends(k, V.BIN_WORDS):
                    yield n, m


def _equal(name: str, values: tuple[Value, ...], ignore_case: bool) -> Filter:
    if len(values) == 1:
        return Filter(name, "=", values, ignore_case)
    return Filter(name, "in", tuple(dict.fromkeys(values)), ignore_case)


def _sort_key(value: Value) -> tuple[int, float | str]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, float(value))
    return (1, str(value))
