"""The heads of questions: what is computed ("how many ...", "average X", "top 5 G by
...", "missing values", "distinct values of X", "distribution of X", "correlation between
X and Y", "what columns", "how many rows and columns", "show ... rows")."""

from __future__ import annotations

from collections.abc import Iterator

from uam.nlq import vocabulary as V
from uam.nlq.clauses import Clauses
from uam.nlq.plan import Order
from uam.nlq.reader import Head

HeadReading = Iterator[tuple[Head, int]]

COUNT_TAIL = frozenset({"filter", "group", "order", "entity"})
FILTER_TAIL = frozenset({"filter", "entity"})
LISTING_TAIL = frozenset({"filter", "order", "entity"})
NO_TAIL: frozenset[str] = frozenset()
LABELS = ("categorical", "text", "id")
# A ranking metric: (aggregate or None for a count, its column, descending if the words
# say so, end).
Metric = tuple[str | None, str | None, bool | None, int]


class Heads(Clauses):
    def heads(self, i: int, listing: bool) -> HeadReading:
        yield from self._shape(i)
        yield from self._columns(i)
        yield from self._how_many(i)
        yield from self._count_of(i)
        yield from self._count_distinct(i)
        yield from self._aggregate(i)
        yield from self._top_bottom(i)
        yield from self._with_the_most(i)
        yield from self._most_common(i)
        yield from self._which_is_most_common(i)
        yield from self._missing(i)
        yield from self._missing_of_column(i)
        yield from self._does_column_have_missing(i)
        yield from self._distinct(i)
        yield from self._distinct_questions(i)
        if listing:
            yield from self._listed(i)
        yield from self._distribution(i)
        yield from self._correlation(i)
        yield from self._correlation_questions(i)
        yield from self._rows(i, listing)

    # ----------------------------------------------------------------- table facts

    def _shape(self, i: int) -> HeadReading:
        head = Head("shape", NO_TAIL)
        for j in self.ends(i, V.SHAPE_WORDS):
            yield head, j
            for k in self.ends(j, ("of", "of the", "of this")):
                yield from ((head, m) for m in self.ends(k, V.CONTAINERS))
        for j in self.ends(i, ("how many", "number of", "count of")):
            for k in self.ends(j, ("rows and columns", "columns and rows", "columns")):
                yield head, k
        for j in self.ends(i, ("rows and columns", "columns and rows")):
            yield head, j
        for j in self.ends(i, ("how big is", "how large is", "how big are", "how large are")):
            for k in self.opt(j, "the", "this"):
                yield from ((head, m) for m in self.ends(k, V.CONTAINERS))

    def _columns(self, i: int) -> HeadReading:
        head = Head("columns", NO_TAIL)
        for j in self.opt(i, "what", "which", "the"):
            yield from ((head, k) for k in self.ends(j, V.COLUMN_WORDS))

    # ----------------------------------------------------------------- counts, aggregates

    def _how_many(self, i: int) -> HeadReading:
        for j in self.ends(i, ("how many",)):
            for filters, k in self.subject(j):
                yield Head("count", COUNT_TAIL, filters=filters), k
            for name, k in self.column(j):  # how many species (are there)
                if self.col(name).dtype in LABELS:
                    yield self._distinct_count(name), k

    def _count_of(self, i: int) -> HeadReading:
        for phrase, j in self.any(i, V.COUNT_HEADS):
            for filters, k in self.subject(j):
                if k > j or phrase == "count":
                    yield Head("count", COUNT_TAIL, filters=filters), k
            if phrase.split()[0] in ("number", "total"):  # number of islands
                for name, k in self.column(j):
                    if self.col(name).dtype in LABELS:
                        yield self._distinct_count(name), k
        for j in self.ends(i, ("row count", "rows count", "record count", "count rows")):
            yield Head("count", COUNT_TAIL), j

    def _count_distinct(self, i: int) -> HeadReading:
        """number of distinct X [values]; count unique X."""
        for j in self.ends(i, V.DISTINCT_COUNT_HEADS):
            for name, k in self.column(j):
                yield self._distinct_count(name), k
                for m in self.ends(k, V.VALUE_WORDS):
                    yield self._distinct_count(name), m

    def _distinct_count(self, name: str) -> Head:
        return Head("aggregate", COUNT_TAIL, aggregate="count_distinct", column=name)

    def aggregate_of(self, i: int) -> Iterator[tuple[str, str, int]]:
        """agg [of] [the] column: "average body mass", "the sum of Sales"."""
        for agg, words in V.AGGREGATE_WORDS.items():
            for j in self.ends(i, words):
                for k in self.opt(j, "of", "of the", "of all", "of all the"):
                    for name, m in self.column(k):
                        yield agg, name, m
        for j in self.ends(i, V.DISTINCT_COUNT_HEADS):
            for name, k in self.column(j):
                yield "count_distinct", name, k

    def _aggregate(self, i: int) -> HeadReading:
        for agg, name, j in self.aggregate_of(i):
            yield Head("aggregate", COUNT_TAIL, aggregate=agg, column=name), j

    # ----------------------------------------------------------------- ranking

    def _count_metric(self, i: int) -> Iterator[int]:
        """A count named as a metric: "count", "number of rows", "number of penguins".
        Only the bare noun: "number of female penguins" would hide groups with none."""
        yield from self.ends(i, V.COUNT_METRICS)
        for j in self.opt(i, "number of", "the number of", "count of"):
            for filters, k in self.subject(j, need_entity=True):
                if not filters:
                    yield k

    def _metric_by(self, i: int) -> Iterator[Metric]:
        """After "by": a count or an aggregate; the direction comes from top/bottom."""
        for j in self._count_metric(i):
            yield None, None, None, j
        for j in self.opt(i, "the"):
            for agg, name, k in self.aggregate_of(j):
                yield agg, name, None, k

    def _metric_superlative(self, i: int) -> Iterator[Metric]:
        """After "with the" / "has the": most/fewest <noun>, highest/lowest <count or
        aggregate>."""
        for said, words in ((True, V.MOST), (False, V.FEWEST)):
            for j in self.ends(i, words):
                for filters, k in self.subject(j, need_entity=True):
                    if not filters:
                        yield None, None, said, k
        for said, words in ((True, V.HIGHEST), (False, V.LOWEST)):
            for j in self.ends(i, words):
                for k in self._count_metric(j):
                    yield None, None, said, k
                for agg, name, k in self.aggregate_of(j):
                    yield agg, name, said, k

    def _row_metric(self, i: int, superlative: bool) -> Iterator[tuple[str, bool | None, int]]:
        """What rows are ranked on: a column (after "by"), or "the highest <column>"."""
        if not superlative:
            for name, j in self.column(i):
                yield name, None, j
            return
        for said, words in ((True, (*V.HIGHEST, *V.MOST)), (False, (*V.LOWEST, *V.FEWEST))):
            for j in self.ends(i, words):
                for name, k in self.column(j):
                    yield name, said, k

    def _ranked(
        self, i: int, limit: int, direction: bool | None, joiners: tuple[str, ...]
    ) -> HeadReading:
        """After "top N" (direction given, joined by "by") or "[N]"/"which" (direction from
        the superlative): the groups or the rows being ranked."""
        superlative = direction is None
        for name, j in self.column(i):
            for k in self.ends(j, joiners):
                metrics = self._metric_superlative(k) if superlative else self._metric_by(k)
                for agg, column, said, m in metrics:
                    descending = direction if said is None else said
                    if descending is not None:
                        yield _rank_head(name, agg, column, descending, limit), m
        for filters, j in self.subject(i, need_entity=True):
            for k in self.ends(j, joiners):
                for column, said, m in self._row_metric(k, superlative):
                    descending = direction if said is None else said
                    if descending is not None:
                        order = Order(column, descending)
                        head = Head("rows", FILTER_TAIL, filters=filters, order=order, limit=limit)
                        yield head, m

    def _top_bottom(self, i: int) -> HeadReading:
        """top|bottom N <group> by <metric>; top|bottom N <noun> by <column>."""
        for direction, words in ((True, V.TOP), (False, V.BOTTOM)):
            for j in self.ends(i, words):
                for limit, k in self.count_n(j):
                    yield from self._ranked(k, limit, direction, ("by",))

    def _with_the_most(self, i: int) -> HeadReading:
        """[N] <group|noun> with the most ...; which <group|noun> has the highest ..."""
        with_the = ("with the", "with", "that have the", "having the")
        for limit, j in [*self.count_n(i), (1, i)]:
            yield from self._ranked(j, limit, None, with_the)
        for j in self.ends(i, ("which", "what")):
            yield from self._ranked(j, 1, None, tuple(f"{h} the" for h in V.HAS))

    def _most_common(self, i: int) -> HeadReading:
        """[N] most|least common <group>."""
        for limit, j in [*self.count_n(i), (1, i)]:
            for descending, word in ((True, "most"), (False, "least")):
                for k in self.ends(j, (word,)):
                    for m in self.ends(k, V.COMMON):
                        for p in self.opt(m, "values of", "value of", "values of the"):
                            for name, q in self.column(p):
                                yield _rank_head(name, None, None, descending, limit), q

    def _which_is_most_common(self, i: int) -> HeadReading:
        """which <group> is the most common."""
        for j in self.ends(i, ("which", "what")):
            for name, k in self.column(j):
                for m in self.ends(k, ("is the", "is", "are the", "are")):
                    for descending, word in ((True, "most"), (False, "least")):
                        for p in self.ends(m, (word,)):
                            for q in self.ends(p, V.COMMON):
                                yield _rank_head(name, None, None, descending, 1), q

    # ----------------------------------------------------------------- missing values

    def _missing(self, i: int) -> HeadReading:
        """[are there] missing values [per column | in <column>]; which columns have ..."""
        for j in self.opt(i, "are there", "are there any", "is there", "is there any", "any"):
            for k in self.ends(j, V.MISSING_NOUNS):
                yield Head("missing", FILTER_TAIL), k
                for m in self.ends(k, V.PER_COLUMN):
                    yield Head("missing", FILTER_TAIL), m
                for m in self.ends(k, ("in", "of", "for", "in the", "of the", "for the")):
                    for name, p in self.column(m):
                        yield Head("missing", FILTER_TAIL, column=name), p
        have = ("have", "has", "with", "contain", "have any", "with any", "contain any")
        for j in self.opt(i, "which", "what"):
            for k in self.ends(j, V.COLUMN_NOUNS):
                for m in self.ends(k, have):
                    for p in self.ends(m, V.MISSING_NOUNS):
                        yield Head("missing", FILTER_TAIL, only_missing=True), p

    def _missing_of_column(self, i: int) -> HeadReading:
        """how many salaries are missing; how many missing salary values."""
        for j in self.ends(i, ("how many", "number of")):
            for name, k in self.column(j):
                for m in self.opt(k, "values", "value"):
                    for p in self.ends(m, ("are missing", "are null", "are empty", "is missing")):
                        yield Head("missing", FILTER_TAIL, column=name), p
            for k in self.ends(j, ("missing",)):
                for name, m in self.column(k):
                    for p in self.opt(m, "values", "value"):
                        yield Head("missing", FILTER_TAIL, column=name), p

    def _does_column_have_missing(self, i: int) -> HeadReading:
        """does X have missing values."""
        for j in self.ends(i, ("does", "do")):
            for name, k in self.column(j):
                for m in self.ends(k, ("have", "have any", "contain", "contain any")):
                    for p in self.ends(m, V.MISSING_NOUNS):
                        yield Head("missing", FILTER_TAIL, column=name), p

    # ----------------------------------------------------------------- distinct values

    def _distinct(self, i: int) -> HeadReading:
        """distinct values of X; unique X; values of X."""
        of = ("of", "in", "for", "of the", "in the", "for the")
        for j in self.ends(i, V.DISTINCT_WORDS):
            for k in self.ends(j, V.VALUE_WORDS):
                for m in self.ends(k, of):
                    yield from ((_distinct(n), p) for n, p in self.column(m))
            for name, k in self.column(j):
                for m in self.opt(k, *V.VALUE_WORDS):
                    yield _distinct(name), m
        for j in self.ends(i, V.VALUE_WORDS):
            for k in self.ends(j, of):
                yield from ((_distinct(n), m) for n, m in self.column(k))

    def _distinct_questions(self, i: int) -> HeadReading:
        """which islands are there; what values does sex take."""
        there = (
            "are there",
            "exist",
            "are present",
            "appear",
            "occur",
            "are in the data",
            "are in the dataset",
            "are possible",
        )
        for j in self.ends(i, ("which", "what")):
            for name, k in self.column(j):
                for m in self.opt(k, "values"):
                    yield from ((_distinct(name), p) for p in self.ends(m, there))
        for j in self.ends(i, ("what values does", "what values do", "which values does")):
            for name, k in self.column(j):
                yield from (
                    (_distinct(name), m) for m in self.ends(k, ("take", "have", "hold", "contain"))
                )
        for j in self.ends(i, ("what values can", "which values can")):
            for name, k in self.column(j):
                yield from ((_distinct(name), m) for m in self.ends(k, ("take", "have")))

    def _listed(self, i: int) -> HeadReading:
        """After "list" / "show" / "what are": [all] [the] X [values]."""
        for j in self.opt(i, "all", "all the", "the"):
            for name, k in self.column(j):
                for m in self.opt(k, *V.VALUE_WORDS):
                    yield _distinct(name), m

    # ----------------------------------------------------------------- distribution

    def _distribution(self, i: int) -> HeadReading:
        tail = frozenset({"filter", "bins", "entity"})
        for j in self.ends(i, V.DISTRIBUTION_WORDS):
            for k in self.ends(j, ("of", "for", "over", "of the", "for the")):
                for name, m in self.column(k):
                    for p in self.opt(m, "values"):
                        yield Head("distribution", tail, column=name), p
        for name, j in self.column(i):
            for k in self.ends(j, V.DISTRIBUTION_WORDS):
                yield Head("distribution", tail, column=name), k
        for j in self.ends(i, ("how is", "how are", "how is the", "how are the")):
            for name, k in self.column(j):
                for m in self.ends(k, ("distributed",)):
                    yield Head("distribution", tail, column=name), m

    # ----------------------------------------------------------------- correlation

    def _pair(self, i: int, joins: tuple[str, ...]) -> Iterator[tuple[str, str, int]]:
        for a, j in self.column(i):
            for k in self.ends(j, joins):
                for b, m in self.column(k):
                    yield a, b, m

    def _correlation(self, i: int) -> HeadReading:
        """correlation between X and Y; X and Y correlation."""
        for j in self.ends(i, V.CORRELATION_WORDS):
            for k in self.ends(j, ("between", "of", "for")):
                for a, b, m in self._pair(k, ("and", "with", "vs", "versus", ",")):
                    yield Head("correlation", FILTER_TAIL, column=a, column2=b), m
        for a, b, j in self._pair(i, ("and", "vs", "versus", "with")):
            for k in self.ends(j, ("correlation",)):
                yield Head("correlation", FILTER_TAIL, column=a, column2=b), k

    def _correlation_questions(self, i: int) -> HeadReading:
        """how correlated are X and Y; is X correlated with Y; are X and Y correlated."""
        how = (
            "how correlated are",
            "how correlated is",
            "how strongly correlated are",
            "how strongly correlated is",
            "how closely correlated are",
        )
        for j in self.ends(i, how):
            for a, b, k in self._pair(j, ("and", "with", "to")):
                yield Head("correlation", FILTER_TAIL, column=a, column2=b), k
        for j in self.ends(i, ("is", "are")):
            for a, b, k in self._pair(j, ("correlated with", "correlated to", "related to")):
                yield Head("correlation", FILTER_TAIL, column=a, column2=b), k
            for a, b, k in self._pair(j, ("and",)):
                for m in self.ends(k, ("correlated",)):
                    yield Head("correlation", FILTER_TAIL, column=a, column2=b), m

    # ----------------------------------------------------------------- rows

    def _rows(self, i: int, listing: bool) -> HeadReading:
        """show [the first N] [female] penguins ...; which penguins have ..."""
        if listing:
            for j in self.opt(i, "all", "all the", "the", "every"):
                for limit, k in [*self._first_n(j), (None, j)]:
                    for filters, m in self.subject(k, need_entity=True):
                        yield Head("rows", LISTING_TAIL, filters=filters, limit=limit), m
                    for m in self.ends(k, V.CONTAINERS):
                        yield Head("rows", LISTING_TAIL, limit=limit), m
        for j in self.ends(i, ("which", "what")):
            for filters, k in self.subject(j, need_entity=True):
                head = Head("rows", frozenset({"filter", "order"}), filters=filters)
                yield head, k

    def _first_n(self, i: int) -> Iterator[tuple[int, int]]:
        for j in self.opt(i, "first", "top"):
            yield from self.count_n(j)


def _rank_head(
    group: str, agg: str | None, column: str | None, descending: bool, limit: int
) -> Head:
    return Head(
        "count" if agg is None else "aggregate",
        FILTER_TAIL,
        aggregate=agg,
        column=column,
        group_by=(group,),
        order=Order(None, descending),
        limit=limit,
    )


def _distinct(name: str) -> Head:
    return Head("distinct", LISTING_TAIL, column=name)
