"""The rule translator's reading primitives: phrases, numbers, columns, values, nouns.

Every reader is a generator over the ways the tokens at a position can be read, yielding
what it read and where it ends; the grammar (clauses.py, heads.py) combines them and the
translator keeps the readings that use every token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from uam.nlq import vocabulary as V
from uam.nlq.matching import match_boolean, match_column, match_value, name_words, singular
from uam.nlq.plan import Filter, Order, Value
from uam.nlq.schema import NUMERIC, ColumnInfo, TableSchema
from uam.nlq.tokens import Token

MAX_STEPS = 200_000
MAX_COUNT = 1_000_000
MAX_COLUMN_WORDS = 6
MAX_VALUE_WORDS = 5

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")


class OutOfSteps(Exception):
    """The question has too many readings to check them all: it is not answered."""


@dataclass(frozen=True)
class Head:
    """What a question computes, and which clauses may follow it."""

    kind: str
    allowed: frozenset[str]
    aggregate: str | None = None
    column: str | None = None
    column2: str | None = None
    filters: tuple[Filter, ...] = ()
    group_by: tuple[str, ...] = ()
    order: Order | None = None
    limit: int | None = None
    only_missing: bool = False


@dataclass(frozen=True)
class Tail:
    filters: tuple[Filter, ...] = ()
    group_by: tuple[str, ...] | None = None
    order: Order | None = None
    bins: int | None = None


Reading = Iterator[tuple[tuple[Filter, ...], int]]


class Reader:
    def __init__(self, tokens: Sequence[Token], schema: TableSchema) -> None:
        self.t = list(tokens)
        self.n = len(self.t)
        self.schema = schema
        self.steps = 0
        self.notes: set[str] = set()
        self._column_cache: dict[int, list[tuple[str, int]]] = {}
        self._entity_cache: dict[int, bool] = {}
        self._bare_cache: dict[int, list[tuple[Filter, int]]] = {}
        words = {w for name in schema.names for w in name_words(name)}
        self._column_words = words | {singular(w) for w in words}

    # ----------------------------------------------------------------- phrases

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise OutOfSteps

    def phrase(self, i: int, phrase: str) -> int | None:
        """End of `phrase` if the tokens at `i` spell it (words, signs, commas)."""
        self.tick()
        words = phrase.split(" ")
        if i + len(words) > self.n:
            return None
        for k, w in enumerate(words):
            tok = self.t[i + k]
            if tok.kind == "string" or tok.low != w:
                return None
        return i + len(words)

    def any(self, i: int, phrases: Sequence[str]) -> Iterator[tuple[str, int]]:
        ends: set[int] = set()
        for p in phrases:
            j = self.phrase(i, p)
            if j is not None and j not in ends:
                ends.add(j)
                yield p, j

    def ends(self, i: int, phrases: Sequence[str]) -> Iterator[int]:
        for _, j in self.any(i, phrases):
            yield j

    def opt(self, i: int, *phrases: str) -> Iterator[int]:
        """Where reading may go on: right here, or after any of `phrases`."""
        yield i
        yield from self.ends(i, phrases)

    def count_n(self, i: int) -> Iterator[tuple[int, int]]:
        """A positive whole number (digits or a number word)."""
        if i >= self.n:
            return
        tok = self.t[i]
        if tok.kind == "number" and tok.text.isdigit() and 0 < int(tok.text) <= MAX_COUNT:
            yield int(tok.text), i + 1
        elif tok.kind == "word" and tok.low in V.NUMBER_WORDS:
            yield V.NUMBER_WORDS[tok.low], i + 1

    def col(self, name: str) -> ColumnInfo:
        col = self.schema.column(name)
        assert col is not None
        return col

    def numeric(self, name: str | None) -> bool:
        col = self.schema.column(name) if name else None
        return col is not None and col.dtype in NUMERIC

    def _run(self, i: int, kinds: tuple[str, ...], most: int) -> int:
        """End of the run of tokens of `kinds` from `i`, at most `most` long."""
        stop = i
        while stop < self.n and stop - i < most and self.t[stop].kind in kinds:
            stop += 1
        return stop

    def _text(self, i: int, j: int) -> str:
        return " ".join(tok.text for tok in self.t[i:j])

    # ----------------------------------------------------------------- columns

    def column(self, i: int) -> Iterator[tuple[str, int]]:
        """A column named at `i`: [the] name [column]."""
        for start in self.opt(i, "the"):
            for name, j in self.column_span(start):
                yield name, j
                yield from ((name, k) for k in self.ends(j, ("column", "field", "variable")))

    def column_span(self, i: int) -> list[tuple[str, int]]:
        """The longest run of words at `i` that names a column (all it names, if several)."""
        if i not in self._column_cache:
            self.tick()
            if i < self.n and self.t[i].kind == "string":
                match = match_column(self.t[i].text, self.schema, fuzzy=False)
                found = [(c, i + 1) for c in match.columns]
            else:
                found = self._column_exact(i) or self._column_misspelt(i)
            self._column_cache[i] = found
        return self._column_cache[i]

    def _column_exact(self, i: int) -> list[tuple[str, int]]:
        stop = self._run(i, ("word", "number"), MAX_COLUMN_WORDS)
        for end in range(stop, i, -1):
            match = match_column(self._text(i, end), self.schema, fuzzy=False)
            if match.columns:
                return [(c, end) for c in match.columns]
        return []

    def _column_misspelt(self, i: int) -> list[tuple[str, int]]:
        """A close misspelling of a whole name, in words the grammar does not use."""
        stop = self._run(i, ("word",), 3)
        for end in range(stop, i, -1):
            if any(tok.low in V.RESERVED for tok in self.t[i:end]):
                continue
            match = match_column(self._text(i, end), self.schema)
            if match.level == 3 and match.columns:
                return [(c, end) for c in match.columns]
        return []

    # ----------------------------------------------------------------- values

    def value(
        self, i: int, col: ColumnInfo, *, fuzzy: bool = True
    ) -> Iterator[tuple[Value, bool, int]]:
        """One value for `col` at `i`: (value, compare ignoring case, end)."""
        if i >= self.n:
            return
        if col.dtype in NUMERIC:
            if self.t[i].kind == "number":
                yield self.t[i].number, False, i + 1
        elif col.dtype == "boolean":
            if self.t[i].kind in ("word", "number", "string"):
                flag = match_boolean(self.t[i].text)
                if flag is not None:
                    yield flag, False, i + 1
        elif col.dtype == "datetime":
            yield from self._date_value(i, col)
        elif col.label:
            yield from self._label_value(i, col, fuzzy)

    def _date_value(self, i: int, col: ColumnInfo) -> Iterator[tuple[Value, bool, int]]:
        tok = self.t[i]
        if tok.kind == "date" or (tok.kind == "string" and _DATE.fullmatch(tok.text)):
            yield tok.text.replace("T", " "), False, i + 1
        elif tok.kind == "number" and tok.text.isdigit() and len(tok.text) == 4:
            self.notes.add(f"{col.name}: give a full date such as {tok.text}-01-01")

    def _label_value(
        self, i: int, col: ColumnInfo, fuzzy: bool
    ) -> Iterator[tuple[Value, bool, int]]:
        tok = self.t[i]
        if tok.kind not in ("string", "word", "number", "date"):
            return
        if not col.categories_complete:
            # The stored spellings are not all known: quoted text or one word, compared
            # ignoring case.
            if tok.kind != "word" or tok.low not in V.RESERVED:
                yield tok.text, True, i + 1
            return
        if tok.kind == "string":
            match = match_value(tok.text, col, fuzzy=False)
            if match.values:
                yield from ((v, False, i + 1) for v in match.values)
            else:
                self._value_note(tok.text, col)
            return
        stop = self._run(i, ("word", "number", "date"), MAX_VALUE_WORDS)
        for end in range(stop, i, -1):
            match = match_value(self._text(i, end), col, fuzzy=False)
            if match.values:
                yield from ((v, False, end) for v in match.values)
                return
        if fuzzy and tok.kind == "word" and tok.low not in V.RESERVED:
            match = match_value(tok.text, col)
            yield from ((v, False, i + 1) for v in match.values)
            if not match.values:
                self._value_note(tok.text, col)

    def _value_note(self, text: str, col: ColumnInfo) -> None:
        shown = ", ".join(repr(c) for c in (col.categories or ())[:8])
        more = ", ..." if len(col.categories or ()) > 8 else ""
        self.notes.add(f"{text!r} is not a value of {col.name} (its values: {shown}{more})")

    def values(
        self, i: int, col: ColumnInfo, separators: Sequence[str]
    ) -> Iterator[tuple[tuple[Value, ...], bool, int]]:
        """One or more values joined by `separators` ("Biscoe, Dream or Torgersen")."""
        for value, ic, j in self.value(i, col):
            yield (value,), ic, j
            for sep_end in self.ends(j, separators):
                for more, ic2, k in self.values(sep_end, col, separators):
                    yield (value, *more), ic or ic2, k

    def bare_value(self, i: int) -> list[tuple[Filter, int]]:
        """A category value alone ("Biscoe", "females"), exact or plural, with the column
        holding it; optionally followed by that column's name ("Biscoe island")."""
        if i not in self._bare_cache:
            self.tick()
            found: list[tuple[Filter, int]] = []
            if i < self.n and self.t[i].kind in ("word", "number", "string"):
                for col in self.schema.columns:
                    if col.label and col.categories_complete and col.categories:
                        found.extend(self._bare_in(i, col))
            self._bare_cache[i] = found
        return self._bare_cache[i]

    def _bare_in(self, i: int, col: ColumnInfo) -> Iterator[tuple[Filter, int]]:
        if self.t[i].kind == "string":
            stop = i + 1
        else:
            stop = self._run(i, ("word", "number"), MAX_VALUE_WORDS)
        for end in range(stop, i, -1):
            text = self.t[i].text if self.t[i].kind == "string" else self._text(i, end)
            match = match_value(text, col, fuzzy=False)
            if len(match.values) == 1:
                f = Filter(col.name, "=", (match.values[0],))
                yield f, end
                for name, k in self.column_span(end):
                    if name == col.name:
                        yield f, k
                return

    # ----------------------------------------------------------------- nouns

    def entity(self, i: int) -> Iterator[int]:
        """The noun being counted: "rows", "records", or one word that is not a column,
        a value or a grammar word ("penguins", "players", "stores")."""
        yield from self.ends(i, V.ROW_WORDS)
        if i not in self._entity_cache:
            self._entity_cache[i] = self._is_entity(i)
        if self._entity_cache[i]:
            yield i + 1

    def _is_entity(self, i: int) -> bool:
        tok = self.t[i] if i < self.n else None
        if tok is None or tok.kind != "word" or len(tok.low) < 2:
            return False
        low = tok.low
        if not low.replace("-", "").isalpha() or low in V.RESERVED:
            return False
        if low in self._column_words or singular(low) in self._column_words:
            return False
        if match_column(tok.text, self.schema).columns or match_boolean(low) is not None:
            return False
        return not any(
            col.label and col.categories and match_value(tok.text, col, fuzzy=False).values
            for col in self.schema.columns
        )

    def adjectives(self, i: int, depth: int = 0) -> Reading:
        """Zero or more category values before a noun: "female Adelie (penguins)"."""
        yield (), i
        if depth < 3:
            for f, j in self.bare_value(i):
                for more, k in self.adjectives(j, depth + 1):
                    yield (f, *more), k

    def subject(self, i: int, *, need_entity: bool = False) -> Reading:
        """[values...] [noun]: what is counted or listed. A true/false column's name is an
        adjective only before a noun ("urban stores": Urban = true)."""
        for filters, j in self.adjectives(i):
            if not need_entity:
                yield filters, j
            for k in self.entity(j):
                yield filters, k
            for name, k in self.column_span(j):
                if self.col(name).dtype == "boolean":
                    for m in self.entity(k):
                        yield (*filters, Filter(name, "=", (True,))), m
