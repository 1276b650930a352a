"""The rule translator: exact plans for plain questions, Unsupported for anything it would
have to guess (unknown words, values a column does not hold, two readings)."""

from __future__ import annotations

import pytest

from uam.nlq import Filter, Order, Plan, RuleTranslator, Unsupported, example_questions
from uam.nlq.describe import describe

pytestmark = pytest.mark.unit

T = RuleTranslator()

PLANS = [
    (
        "penguins",
        "Average body mass by species and sex",
        Plan("aggregate", aggregate="mean", column="body_mass_g", group_by=("species", "sex")),
    ),
    (
        "penguins",
        "how many penguins where island is biscoe?",
        Plan("count", filters=(Filter("island", "=", ("Biscoe",)),)),
    ),
    (
        "penguins",
        "mean body mass by species and sex where island is Biscoe",
        Plan(
            "aggregate",
            aggregate="mean",
            column="body_mass_g",
            filters=(Filter("island", "=", ("Biscoe",)),),
            group_by=("species", "sex"),
        ),
    ),
    (
        "hitters",
        "top 2 divisions by mean salary",
        Plan(
            "aggregate",
            aggregate="mean",
            column="Salary",
            group_by=("Division",),
            order=Order(None, True),
            limit=2,
        ),
    ),
    (
        "hitters",
        "count of players with Hits > 60",
        Plan("count", filters=(Filter("Hits", ">", (60,)),)),
    ),
    (
        "penguins",
        "how many penguins where island is not Dream and bill length <= 40.5",
        Plan(
            "count",
            filters=(
                Filter("island", "!=", ("Dream",)),
                Filter("bill_length_mm", "<=", (40.5,)),
            ),
        ),
    ),
    (
        "penguins",
        "how many penguins where island in (biscoe, dream)",
        Plan("count", filters=(Filter("island", "in", ("Biscoe", "Dream")),)),
    ),
    (
        "penguins",
        "number of rows where species contains 'ade'",
        Plan("count", filters=(Filter("species", "contains", ("ade",), True),)),
    ),
    ("penguins", "missing values per column", Plan("missing")),
    ("penguins", "which columns have missing values", Plan("missing", only_missing=True)),
    ("penguins", "unique values of island", Plan("distinct", column="island")),
    (
        "penguins",
        "histogram of body mass with 20 bins",
        Plan("distribution", column="body_mass_g", bins=20),
    ),
    (
        "penguins",
        "correlation between bill length and bill depth",
        Plan("correlation", column="bill_length_mm", column2="bill_depth_mm"),
    ),
    ("penguins", "what are the columns?", Plan("columns")),
    ("penguins", "what is the shape of the dataset", Plan("shape")),
    (
        "hitters",
        "top 3 players by salary",
        Plan("rows", order=Order("Salary", True), limit=3),
    ),
    (
        "carseats",
        "how many stores are urban",
        Plan("count", filters=(Filter("Urban", "=", (True,)),)),
    ),
]


@pytest.mark.parametrize(("name", "question", "plan"), PLANS, ids=[p[1] for p in PLANS])
def test_plain_questions_become_exact_plans(datasets, name: str, question: str, plan: Plan) -> None:
    assert T.translate(question, datasets[name].schema) == plan


UNSUPPORTED = [
    ("hitters", "which league has the highest salary"),  # highest mean? max? a guess
    ("hitters", "how many hits"),  # a sum or a count of distinct values?
    ("hitters", "how many N players"),  # N is in League and NewLeague
    ("hitters", "mean of the top 5 salaries"),
    ("hitters", "average salary of players with more than 20 home runs"),
    ("penguins", "how many delayed penguins"),  # "delayed" is not known
    ("penguins", "average body mass by species, sex and island"),  # three groups
    ("penguins", "average species"),  # not numeric
    ("penguins", "how many penguins where island is biscoe or sex is male"),  # or across columns
    ("penguins", "what percentage of penguins are female"),
    ("penguins", "average body mass excluding Gentoo"),
    ("penguins", "count of species"),  # a count of rows per species, or of species?
    ("penguins", "top 5 species"),  # by what?
    ("penguins", "how many penguins where island is Atlantis"),
    ("penguins", "average weight"),  # a synonym, not a column
    ("penguins", "how many rows where body mass is not greater than 4000"),
    ("penguins", "penguins heavier than 4000"),
    ("penguins", "how many rows where island is biscoe and dream"),
    ("penguins", "which island has the fewest penguins where sex is male"),
    ("penguins", "average body mass in 2008"),
    ("penguins", "how many penguins where body mass > 4,000"),
    ("penguins", "how many penguins where body mass > 4000g"),
    ("penguins", "average body mass where island is not Biscoe or Dream"),
    ("penguins", "how many years"),  # year is a number: a count of what?
    ("carseats", "what is the most common shelving location"),  # not the column's name
]


@pytest.mark.parametrize(("name", "question"), UNSUPPORTED, ids=[u[1] for u in UNSUPPORTED])
def test_questions_that_would_need_a_guess_are_unsupported(
    datasets, name: str, question: str
) -> None:
    outcome = T.translate(question, datasets[name].schema)
    assert isinstance(outcome, Unsupported), describe(outcome, datasets[name].schema)


def test_two_readings_are_named_not_chosen(datasets) -> None:
    outcome = T.translate("how many N players", datasets["hitters"].schema)
    assert isinstance(outcome, Unsupported)
    assert "more than one way" in outcome.reason
    assert "League = 'N'" in outcome.reason and "NewLeague = 'N'" in outcome.reason


def test_a_value_the_column_lacks_is_named(datasets) -> None:
    outcome = T.translate("how many penguins where island is Atlantis", datasets["penguins"].schema)
    assert isinstance(outcome, Unsupported)
    assert any("'Atlantis' is not a value of island" in n for n in outcome.notes)


def test_the_interpretation_is_one_plain_sentence(datasets) -> None:
    schema = datasets["penguins"].schema
    plan = T.translate("average body mass by species and sex for Biscoe", schema)
    assert isinstance(plan, Plan)
    text = describe(plan, schema)
    assert text.startswith(
        "Mean of body_mass_g grouped by species and sex, over rows where island = 'Biscoe'"
    )
    assert (
        "rows with a missing sex left out" in text and "missing body_mass_g values skipped" in text
    )
    assert text.count(".") == 1 and text.endswith(".")


def test_examples_are_built_from_the_schema_and_answerable(datasets) -> None:
    for ds in datasets.values():
        examples = example_questions(ds.schema)
        assert 3 <= len(examples) <= 5
        for question in examples:
            assert isinstance(T.translate(question, ds.schema), Plan), question
        named = " ".join(examples)
        assert any(name in named for name in ds.schema.names)
