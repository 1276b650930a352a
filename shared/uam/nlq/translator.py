"""Question -> Plan, behind a small interface a model-backed translator can implement later.

`RuleTranslator` reads a question with a fixed grammar (vocabulary.py holds its words): an
optional lead ("what is", "show me"), one head naming what to compute (heads.py), then
clauses in any order (clauses.py: conditions, grouping, ordering, bins, the noun counted,
filler words). Every token must be used by a reading; every reading is tried, within a
step budget; the answer is a plan only when all complete, valid readings agree. A word it
does not know, a value the column does not hold, or two different readings: Unsupported,
never a guess.

A future translator (a language model, say) returns the same `Plan`, and `answer_question`
puts every plan, from any translator, through the same `validate`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Protocol

from uam.nlq import vocabulary as V
from uam.nlq.heads import Heads
from uam.nlq.plan import Plan, Unsupported
from uam.nlq.reader import Head, OutOfSteps, Tail
from uam.nlq.schema import TableSchema
from uam.nlq.tokens import TokenError, tokenize
from uam.nlq.validate import InvalidPlan, validate

MAX_LEADS = 3


class Translator(Protocol):
    def translate(self, question: str, schema: TableSchema) -> Plan | Unsupported: ...


class RuleTranslator:
    """The deterministic translator UAM ships."""

    def translate(self, question: str, schema: TableSchema) -> Plan | Unsupported:
        if not isinstance(question, str) or not question.strip():
            return Unsupported("the question is empty")
        try:
            tokens = tokenize(question)
        except TokenError as exc:
            return Unsupported(str(exc))
        if not tokens:
            return Unsupported("the question is empty")
        parser = _Parser(tokens, schema)
        try:
            plans = parser.complete_plans()
        except OutOfSteps:
            return Unsupported("the question is too involved to read safely")
        if not plans:
            notes = tuple(sorted(parser.notes))[:5]
            return Unsupported("the question was not understood", notes=notes)
        if len(plans) > 1:
            from uam.nlq.describe import describe

            readings = " Or: ".join(describe(p, schema) for p in plans[:3])
            return Unsupported(f"the question can be read more than one way. {readings}")
        return plans[0]


class _Parser(Heads):
    def complete_plans(self) -> list[Plan]:
        """Every distinct valid plan that reads the whole question."""
        seen: dict[tuple, Plan] = {}
        for listing, i in self._leads(0, 0, listing=False):
            for start in self.opt(i, "the"):
                for head, j in self.heads(start, listing):
                    for tail, _ in self.tail(j, head, Tail()):
                        plan = self._build(head, tail)
                        if plan is not None:
                            seen.setdefault(_canonical(plan), plan)
        return list(seen.values())

    def _leads(self, i: int, used: int, *, listing: bool) -> Iterator[tuple[bool, int]]:
        """Lead words ("what is", "show me", "please"); `listing` once one of them asks to
        see things ("list", "show"), so a bare noun may mean rows or values."""
        yield listing, i
        if used < MAX_LEADS:
            for phrase, j in self.any(i, V.LEADS):
                more = listing or phrase in V.LISTING_LEADS
                yield from self._leads(j, used + 1, listing=more)

    def _build(self, head: Head, tail: Tail) -> Plan | None:
        plan = Plan(
            kind=head.kind,  # type: ignore[arg-type]
            aggregate=head.aggregate,  # type: ignore[arg-type]
            column=head.column,
            column2=head.column2,
            filters=head.filters + tail.filters,
            group_by=head.group_by or (tail.group_by or ()),
            order=head.order or tail.order,
            limit=head.limit,
            bins=tail.bins,
            only_missing=head.only_missing,
        )
        if plan.kind == "distribution" and plan.bins is None and self.numeric(plan.column):
            plan = replace(plan, bins=10)
        try:
            validate(plan, self.schema)
        except InvalidPlan as exc:
            self.notes.update(exc.problems)
            return None
        return plan


def _canonical(plan: Plan) -> tuple:
    """Plans equal up to the order of their conditions are one reading."""
    return (replace(plan, filters=()), tuple(sorted(plan.filters, key=repr)))


__all__ = ["RuleTranslator", "Translator"]
