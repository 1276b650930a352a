"""Forgiving matching of words in a question to this table's own columns and values.

Only ever against the dataset's own column names and stored categories. In order, the
first level that matches anything decides (several matches at that level: ambiguous,
nothing is chosen):

1. the same name ignoring case, spaces, underscores, hyphens and camelCase
   ("body mass g", "Body_Mass_G", "bodymassg"; "comp price" for CompPrice);
2. a plural or singular of it ("salaries" for Salary, "islands" for island), or the name
   without a trailing unit ("body mass" for body_mass_g, "bill length" for bill_length_mm);
3. a close misspelling (difflib ratio >= 0.85, at least 5 letters, one clear winner).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from uam.nlq.schema import ColumnInfo, TableSchema

# Trailing words that name a unit, not a quantity: "body_mass_g" is "body mass".
UNITS = frozenset(
    "mm cm m km ft mi g kg mg lb lbs oz s sec secs ms mins h hr hrs yr yrs "
    "pct percent usd eur gbp ml l deg kph mph kwh".split()
)
FUZZY_CUTOFF = 0.85
FUZZY_MIN_LENGTH = 5
VALUE_FUZZY_CUTOFF = 0.8
VALUE_FUZZY_MIN_LENGTH = 4

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+|[^\W\d_]+", re.UNICODE)


def name_words(name: str) -> list[str]:
    """`body_mass_g` -> [body, mass, g]; `CAtBat` -> [c, at, bat]; `NewLeague` -> [new, league]."""
    words: list[str] = []
    for part in re.split(r"[\W_]+", unicodedata.normalize("NFKC", name)):
        if part:
            words.extend(w.casefold() for w in _CAMEL.findall(part))
    return words


def squash(words: Iterable[str]) -> str:
    return "".join(words)


def singular(word: str) -> str:
    """A plain English singular: salaries -> salary, boxes -> box, runs -> run."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _variants(words: Sequence[str]) -> set[str]:
    """Level-2 forms of a name: its last word singular, and without trailing units."""
    forms = set()
    if words:
        forms.add(squash([*words[:-1], singular(words[-1])]))
    trimmed = list(words)
    while len(trimmed) > 1 and trimmed[-1] in UNITS:
        trimmed.pop()
        forms.add(squash(trimmed))
        forms.add(squash([*trimmed[:-1], singular(trimmed[-1])]))
    return forms


@dataclass(frozen=True)
class ColumnMatch:
    columns: tuple[str, ...]  # one: matched; several: ambiguous; none: no match
    level: int  # 1 exact, 2 plural/unit, 3 misspelling; 0 no match

    @property
    def unique(self) -> str | None:
        return self.columns[0] if len(self.columns) == 1 else None


@dataclass(frozen=True)
class _Name:
    name: str
    exact: str  # the name's words run together
    forms: frozenset[str]  # level-2 forms and the exact one


@functools.lru_cache(maxsize=32)
def _index(names: tuple[str, ...]) -> tuple[_Name, ...]:
    out = []
    for name in names:
        words = name_words(name)
        exact = squash(words)
        out.append(_Name(name, exact, frozenset(_variants(words) | {exact})))
    return tuple(out)


def match_column(
    phrase: str | Sequence[str], schema: TableSchema, *, fuzzy: bool = True
) -> ColumnMatch:
    """The column(s) `phrase` names at the first level that names any."""
    parts = [phrase] if isinstance(phrase, str) else list(phrase)
    words = [w for part in parts for w in name_words(part)]
    if not words:
        return ColumnMatch((), 0)
    target = squash(words)
    index = _index(schema.names)
    exact = tuple(n.name for n in index if n.exact == target)
    if exact:
        return ColumnMatch(_prefer_case(exact, phrase), 1)
    # Only the column's side loses its unit: "price in" is not the column Price.
    phrase_forms = {target, squash([*words[:-1], singular(words[-1])])}
    close = tuple(n.name for n in index if phrase_forms & n.forms)
    if close:
        return ColumnMatch(close, 2)
    if not fuzzy or len(target) < FUZZY_MIN_LENGTH:
        return ColumnMatch((), 0)
    return _misspelt(target, index)


def _misspelt(target: str, index: tuple[_Name, ...]) -> ColumnMatch:
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(target)
    scored = []
    for entry in index:
        best = 0.0
        for form in entry.forms:
            matcher.set_seq1(form)
            if matcher.real_quick_ratio() >= FUZZY_CUTOFF - 0.05:
                best = max(best, matcher.ratio())
        scored.append((best, entry.name))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < FUZZY_CUTOFF:
        return ColumnMatch((), 0)
    return ColumnMatch(tuple(n for score, n in scored if score >= scored[0][0] - 0.05), 3)


def _prefer_case(names: tuple[str, ...], phrase: str | Sequence[str]) -> tuple[str, ...]:
    """Two columns equal ignoring case and separators: the one spelled as asked, if any."""
    if len(names) > 1 and isinstance(phrase, str):
        same = tuple(n for n in names if n == phrase)
        if len(same) == 1:
            return same
    return names


def _value_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _value_squash(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", _value_key(text))


@dataclass(frozen=True)
class ValueMatch:
    values: tuple[str, ...]  # stored spellings; one: matched; several: ambiguous
    level: int


@dataclass(frozen=True)
class _Values:
    exact: frozenset[str]
    by_key: dict[str, tuple[str, ...]]  # case and spacing folded
    by_squash: dict[str, tuple[str, ...]]  # spaces, underscores, hyphens dropped too
    by_plural: dict[str, tuple[str, ...]]  # last word singular
    squashed: tuple[tuple[str, str], ...]  # (squashed, stored) for misspellings


@functools.lru_cache(maxsize=256)
def _value_index(categories: tuple[str, ...]) -> _Values:
    by_key: dict[str, list[str]] = {}
    by_squash: dict[str, list[str]] = {}
    by_plural: dict[str, list[str]] = {}
    for c in categories:
        key = _value_key(c)
        by_key.setdefault(key, []).append(c)
        by_squash.setdefault(_value_squash(c), []).append(c)
        by_plural.setdefault(_plural_key(key), []).append(c)

    def frozen(d: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
        return {k: tuple(v) for k, v in d.items()}

    return _Values(
        exact=frozenset(categories),
        by_key=frozen(by_key),
        by_squash=frozen(by_squash),
        by_plural=frozen(by_plural),
        squashed=tuple((_value_squash(c), c) for c in categories),
    )


def match_value(phrase: str, column: ColumnInfo, *, fuzzy: bool = True) -> ValueMatch:
    """The stored category (or categories) `phrase` names in a label column."""
    categories = column.categories or ()
    if not categories or not phrase.strip():
        return ValueMatch((), 0)
    index = _value_index(tuple(categories))
    if phrase in index.exact:
        return ValueMatch((phrase,), 1)
    key = _value_key(phrase)
    squashed = _value_squash(phrase)
    for level, found in (
        (1, index.by_key.get(key)),
        (1, index.by_squash.get(squashed)),
        (2, index.by_plural.get(_plural_key(key))),
    ):
        if found:
            return ValueMatch(found, level)
    if not fuzzy or len(squashed) < VALUE_FUZZY_MIN_LENGTH:
        return ValueMatch((), 0)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(squashed)
    scored = []
    for form, stored in index.squashed:
        matcher.set_seq1(form)
        if matcher.real_quick_ratio() >= VALUE_FUZZY_CUTOFF - 0.05:
            scored.append((matcher.ratio(), stored))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < VALUE_FUZZY_CUTOFF:
        return ValueMatch((), 0)
    return ValueMatch(tuple(c for r, c in scored if r >= scored[0][0] - 0.05), 3)


def _plural_key(key: str) -> str:
    words = key.split(" ")
    return " ".join([*words[:-1], singular(words[-1])])


TRUE_WORDS = frozenset({"true", "yes", "y", "t", "1"})
FALSE_WORDS = frozenset({"false", "no", "n", "f", "0"})


def match_boolean(word: str) -> bool | None:
    key = word.casefold()
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    return None
