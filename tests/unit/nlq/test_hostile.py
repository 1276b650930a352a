"""Hostile questions: SQL fragments, quotes, semicolons, unicode, 100k characters. Each one
ends as a clean "not understood" (or, where it is a fair question, a right answer): never
an exception, never slow, and the data is the same afterwards."""

from __future__ import annotations

import time

import pytest

from uam.nlq import RuleTranslator, Unsupported, answer_question

pytestmark = pytest.mark.unit

HOSTILE = [
    "'; DROP TABLE data; --",
    "how many rows; DROP TABLE data",
    "how many rows where island is 'Biscoe' OR 1=1",
    "how many rows where island is 'Biscoe'' OR ''1''=''1'",
    'how many rows where island is "Biscoe" --',
    "SELECT * FROM data",
    "select count(*) from data",
    "average body_mass_g UNION SELECT * FROM read_csv('/etc/passwd')",
    "how many rows where island = (SELECT 1)",
    "how many rows where island is Biscoe /* comment */",
    "COPY data TO '/tmp/x.csv'",
    "ATTACH '/tmp/x.db'",
    'average "body_mass_g"); DROP TABLE data; --',
    "how many rows where species = 'Adelie\\'; DROP TABLE data; --'",
    "show rows where island is `Biscoe`; DELETE FROM data",
    "how many rows where bill_length_mm > 1e400",
    "how many rows where body mass > -1e308 and body mass < 1e308 or 1",
    "top 99999999999999999999 species by count",
    "top 0 species by count",
    "how many rows where island in (" + ", ".join(["Biscoe"] * 200) + ")",
    "how many rows \x00 where island is Biscoe",
    "how many rows\u200b where island is Biscoe",  # zero-width space
    "how many rows where island is \u202eeocsiB",  # right-to-left override
    "¿Cuántos pingüinos hay en la isla Biscoe?",
    "ペンギンは何羽いますか",
    "how many 🐧 are there",
    "how many rows where island is 'Bíscoe'",
    "average of average of average of body mass",
    "how many " + "and " * 300 + "rows",
    "where where where where",
    "?",
    "",
    "   ",
    "\n\t",
    "a" * 100_000,
    ("how many rows where island is Biscoe and " * 3000)[:100_000],
    "x" * 999 + "?",
]


@pytest.mark.parametrize("question", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_questions_end_cleanly(datasets, question: str) -> None:
    ds = datasets["penguins"]
    started = time.monotonic()
    result = answer_question(question, ds.schema, ds.path)
    assert time.monotonic() - started < 2
    assert not result.supported, (question[:80], result.interpretation)
    assert result.rows == [] and result.sql is None and result.plan is None
    assert 3 <= len(result.examples) <= 5
    assert result.reason


def test_fair_questions_with_odd_characters_are_answered_right(datasets) -> None:
    ds = datasets["penguins"]
    biscoe = int((ds.frame.island == "Biscoe").sum())
    for question in (
        "How many rows where island is 'Biscoe'?",
        "how many rows where island is \u201cBiscoe\u201d",  # typographic quotes
        "HOW MANY ROWS WHERE ISLAND IS BISCOE!!!",
        "  how   many rows\twhere island is biscoe  ",
        "how many rows where island is \uff22\uff29\uff33\uff23\uff2f\uff25",  # full-width (NFKC)
    ):
        r = answer_question(question, ds.schema, ds.path)
        assert r.supported and r.rows == [[biscoe]], (question, r.reason)


def test_the_data_is_unchanged_after_hostile_questions(datasets) -> None:
    ds = datasets["penguins"]
    before = ds.path.read_bytes()
    for question in HOSTILE[:20]:
        answer_question(question, ds.schema, ds.path)
    assert ds.path.read_bytes() == before
    assert answer_question("how many rows", ds.schema, ds.path).rows == [[len(ds.frame)]]


def test_the_translator_never_raises(datasets) -> None:
    translator = RuleTranslator()
    for ds in datasets.values():
        for question in [*HOSTILE, None, 42, b"how many rows"]:
            outcome = translator.translate(question, ds.schema)  # type: ignore[arg-type]
            assert isinstance(outcome, Unsupported)
