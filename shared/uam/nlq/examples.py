"""Three to five example questions built from a table's own columns, each one the rule
translator answers (checked here, so an example never leads to "not understood")."""

from __future__ import annotations

from uam.nlq.plan import Plan
from uam.nlq.schema import NUMERIC, ColumnInfo, TableSchema
from uam.nlq.tokens import TokenError, tokenize

MAX_EXAMPLES = 5


def example_questions(schema: TableSchema) -> list[str]:
    from uam.nlq.translator import RuleTranslator

    numbers = [c for c in schema.columns if c.dtype in NUMERIC and _ref(c.name)]
    labels = [
        c
        for c in schema.columns
        if c.label
        and c.categories_complete
        and c.categories
        and 2 <= len(c.categories) <= 50
        and _ref(c.name)
    ]
    candidates: list[str] = []
    if numbers and labels:
        candidates.append(f"What is the average {_ref(numbers[0].name)} by {_ref(labels[0].name)}?")
    if labels:
        value = _value_ref(labels[0])
        if value:
            candidates.append(f"How many rows where {_ref(labels[0].name)} is {value}?")
        candidates.append(f"What is the most common {_ref(labels[-1].name)}?")
    if len(numbers) >= 2:
        a, b = _ref(numbers[0].name), _ref(numbers[1].name)
        candidates.append(f"What is the correlation between {a} and {b}?")
    if numbers:
        candidates.append(f"What is the distribution of {_ref(numbers[-1].name)}?")
        candidates.append(f"What is the maximum {_ref(numbers[-1].name)}?")
    candidates += [
        "How many rows are there?",
        "Which columns have missing values?",
        "What columns are there?",
        "How many rows and columns are there?",
    ]
    translator = RuleTranslator()
    chosen: list[str] = []
    for question in dict.fromkeys(candidates):
        if isinstance(translator.translate(question, schema), Plan):
            chosen.append(question)
        if len(chosen) == MAX_EXAMPLES:
            break
    return chosen


def _ref(name: str) -> str:
    """How a question names the column: as written when it reads as words, else quoted."""
    try:
        tokens = tokenize(name)
    except TokenError:
        tokens = []
    if (
        tokens
        and all(t.kind == "word" for t in tokens)
        and " ".join(t.text for t in tokens) == name
    ):
        return name
    for quote in ('"', "'", "`"):
        if quote not in name and name.strip():
            return f"{quote}{name}{quote}"
    return ""


def _value_ref(col: ColumnInfo) -> str:
    for value in col.categories or ():
        ref = _ref(value)
        if ref:
            return ref
    return ""
