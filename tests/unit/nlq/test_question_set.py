"""The question set asked in-process: at least 90% answered and right, none answered wrong.
`pytest -s` prints the figures. The cases and their pandas references: tests/nlq_question_set.py."""

from __future__ import annotations

import pytest

from tests.nlq_question_set import CASES, score
from uam.nlq import answer_question

pytestmark = pytest.mark.unit


def test_question_set(datasets) -> None:
    assert len(CASES) >= 60
    assert len({c.dataset for c in CASES}) >= 3

    def ask(dataset: str, question: str):
        ds = datasets[dataset]
        result = answer_question(question, ds.schema, ds.path)
        return result.supported, result.rows, result.interpretation, result.reason

    def reference(dataset: str):
        return datasets[dataset].frame, datasets[dataset].types

    result = score(ask, reference)
    print(result.report("NLQ question set, in process"))
    assert not result.wrong, "answered with a wrong result:\n" + "\n".join(result.wrong)
    assert result.total["correct"] / result.total["asked"] >= 0.9, result.unsupported
