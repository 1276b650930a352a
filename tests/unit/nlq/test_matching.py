"""Forgiving matching, only ever against the dataset's own columns and values."""

from __future__ import annotations

import pytest

from uam.nlq.matching import match_boolean, match_column, match_value, name_words, singular
from uam.nlq.schema import ColumnInfo, TableSchema

pytestmark = pytest.mark.unit

SCHEMA = TableSchema(
    columns=(
        ColumnInfo("body_mass_g", "integer"),
        ColumnInfo("bill_length_mm", "float"),
        ColumnInfo("Salary", "float"),
        ColumnInfo("CompPrice", "integer"),
        ColumnInfo("CHits", "integer"),
        ColumnInfo("Hits", "integer"),
        ColumnInfo("NewLeague", "categorical"),
        ColumnInfo("League", "categorical"),
        ColumnInfo("dep delay", "float"),
        ColumnInfo("year", "integer"),
        ColumnInfo("Years", "integer"),
    )
)


@pytest.mark.parametrize(
    ("phrase", "column"),
    [
        ("body_mass_g", "body_mass_g"),
        ("Body Mass G", "body_mass_g"),
        ("bodymassg", "body_mass_g"),
        ("body mass", "body_mass_g"),  # a trailing unit may be left out
        ("bill length", "bill_length_mm"),
        ("bill lengths", "bill_length_mm"),  # plural
        ("salaries", "Salary"),
        ("SALARY", "Salary"),
        ("comp price", "CompPrice"),  # camelCase as words
        ("compprice", "CompPrice"),
        ("new league", "NewLeague"),
        ("new_league", "NewLeague"),
        ("dep_delay", "dep delay"),  # spaces vs underscores
        ("dep-delay", "dep delay"),
        ("salry", "Salary"),  # close misspellings
        ("sallary", "Salary"),
        ("bodymas", "body_mass_g"),
        ("hits", "Hits"),  # exact wins over CHits
        ("year", "year"),  # exact wins over the plural of Years
        ("years", "Years"),
    ],
)
def test_a_column_is_found_forgivingly(phrase: str, column: str) -> None:
    match = match_column(phrase, SCHEMA)
    assert match.columns == (column,), match


@pytest.mark.parametrize(
    "phrase",
    [
        "weight",  # a synonym is not a spelling: never guessed
        "price",  # part of a name is not the name
        "mass",
        "sal",  # too short to correct
        "penguins",
        "",
    ],
)
def test_no_guess_beyond_the_columns(phrase: str) -> None:
    assert match_column(phrase, SCHEMA).columns == ()


def test_levels_say_how_a_column_was_found() -> None:
    assert match_column("salary", SCHEMA).level == 1
    assert match_column("hit", SCHEMA).level == 2  # singular of Hits (not CHits)
    assert match_column("hit", SCHEMA).columns == ("Hits",)
    assert match_column("salry", SCHEMA).level == 3


def test_misspellings_only_when_asked_and_clear() -> None:
    assert match_column("salry", SCHEMA, fuzzy=False).columns == ()
    two = TableSchema(columns=(ColumnInfo("price_a", "float"), ColumnInfo("price_b", "float")))
    # equally close to both: ambiguous, nothing chosen
    assert match_column("price_c", two).unique is None


def test_case_only_duplicates_prefer_the_spelling_asked() -> None:
    schema = TableSchema(columns=(ColumnInfo("Name", "text"), ColumnInfo("name", "text")))
    assert match_column("name", schema).columns == ("name",)
    assert match_column("NAME", schema).unique is None  # neither spelled so: ambiguous


def test_name_words_and_singular() -> None:
    assert name_words("CAtBat") == ["c", "at", "bat"]
    assert name_words("HmRun") == ["hm", "run"]
    assert name_words("body_mass_g") == ["body", "mass", "g"]
    assert name_words('x"; DROP TABLE data; --') == ["x", "drop", "table", "data"]
    assert [singular(w) for w in ("salaries", "boxes", "runs", "mass", "status", "us")] == [
        "salary",
        "box",
        "run",
        "mass",
        "status",
        "us",
    ]


ISLAND = ColumnInfo(
    "island",
    "categorical",
    categories=("Biscoe", "Dream", "Torgersen", "New York"),
    categories_complete=True,
)


@pytest.mark.parametrize(
    ("phrase", "stored"),
    [
        ("Biscoe", "Biscoe"),
        ("biscoe", "Biscoe"),  # case
        ("BISCOE", "Biscoe"),
        ("new york", "New York"),  # spaces
        ("new_york", "New York"),
        ("newyork", "New York"),
        ("Biscoes", "Biscoe"),  # plural
        ("torgerson", "Torgersen"),  # misspelling
        ("Bisco", "Biscoe"),
    ],
)
def test_a_value_is_matched_to_its_stored_spelling(phrase: str, stored: str) -> None:
    assert match_value(phrase, ISLAND).values == (stored,)


@pytest.mark.parametrize("phrase", ["Atlantis", "Bis", "", "Dreamland park"])
def test_a_value_not_in_the_column_matches_nothing(phrase: str) -> None:
    assert match_value(phrase, ISLAND).values == ()


def test_value_misspellings_can_be_turned_off() -> None:
    assert match_value("torgerson", ISLAND, fuzzy=False).values == ()


def test_booleans() -> None:
    assert [match_boolean(w) for w in ("yes", "TRUE", "no", "0", "maybe")] == [
        True,
        True,
        False,
        False,
        None,
    ]
