"""The NLQ question set: plain-English questions over three real datasets, each answer checked
against the same figure computed independently with pandas (never with uam.nlq). Asked
in-process by tests/unit/nlq and over HTTP on the local stack by tests/e2e.

Scored per question: answered and right, answered and wrong, or not understood. At least
90% must be answered and right; none may be answered wrong. `pytest -s` prints the figures.

Conventions the references follow (the answerer's documented decisions): missing values
never match a condition, group keys that are missing are left out (pandas' dropna=True),
aggregates skip missing values, ranking keeps ties at the cut (nlargest keep="all"),
grouped results come sorted by their keys, value counts most frequent first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

Rows = list[list[Any]]


@dataclass(frozen=True)
class Case:
    dataset: str
    question: str
    expected: Callable[[pd.DataFrame, dict[str, str]], Rows]
    ordered: bool = True  # False: rows compared as a multiset (ties in any order)


def py(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if value is pd.NA or value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def one(value: Any) -> Rows:
    return [[py(value)]]


def by_key(series: pd.Series) -> Rows:
    """A grouped result: one row per key (tuple keys spread), sorted by key."""
    series = series.sort_index()
    rows = []
    for key, value in series.items():
        keys = list(key) if isinstance(key, tuple) else [key]
        rows.append([py(k) for k in keys] + [py(value)])
    return rows


def ranked(series: pd.Series, n: int, largest: bool = True) -> Rows:
    """Top/bottom n of a grouped value, ties at the cut kept, best first then by key."""
    series = series.dropna()
    cut = series.nlargest(n, keep="all") if largest else series.nsmallest(n, keep="all")
    frame = cut.rename("v").reset_index()
    keys = list(frame.columns[:-1])
    frame = frame.sort_values(["v", *keys], ascending=[not largest] + [True] * len(keys))
    return [[py(x) for x in row] for row in frame.itertuples(index=False)]


def value_counts(col: pd.Series) -> Rows:
    counts = col.dropna().value_counts().rename("n").reset_index()
    counts.columns = ["value", "n"]
    counts = counts.sort_values(["n", "value"], ascending=[False, True])
    return [[py(v), py(n)] for v, n in counts.itertuples(index=False)]


def histogram(col: pd.Series, bins: int) -> Rows:
    counts, edges = np.histogram(col.dropna().to_numpy(dtype=float), bins=bins)
    return [[py(edges[i]), py(edges[i + 1]), py(counts[i])] for i in range(bins)]


def correlation(df: pd.DataFrame, a: str, b: str) -> Rows:
    both = df[[a, b]].dropna()
    return [[py(both[a].corr(both[b])), len(both)]]


def missing(df: pd.DataFrame, only: bool = False) -> Rows:
    counts = df.isna().sum()
    return [[c, int(n)] for c, n in counts.items() if n > 0 or not only]


def rows_of(df: pd.DataFrame) -> Rows:
    return [[py(v) for v in row] for row in df.itertuples(index=False)]


def notna_ne(col: pd.Series, value: Any) -> pd.Series:
    return col.notna() & (col != value)


P, H, C = "penguins", "hitters", "carseats"

CASES: list[Case] = [
    # ---------------------------------------------------------------- penguins
    Case(P, "How many rows are there?", lambda d, t: one(len(d))),
    Case(
        P,
        "How many penguins where island is biscoe?",
        lambda d, t: one((d.island == "Biscoe").sum()),
    ),
    Case(
        P,
        "What is the average body mass by species and sex?",
        lambda d, t: by_key(d.groupby(["species", "sex"]).body_mass_g.mean()),
    ),
    Case(
        P,
        "average flipper length for Adelie penguins",
        lambda d, t: one(d[d.species == "Adelie"].flipper_length_mm.mean()),
    ),
    Case(P, "how many penguins per island", lambda d, t: by_key(d.groupby("island").size())),
    Case(
        P,
        "top 2 species by mean body mass",
        lambda d, t: ranked(d.groupby("species").body_mass_g.mean(), 2),
    ),
    Case(
        P, "which island has the most penguins?", lambda d, t: ranked(d.groupby("island").size(), 1)
    ),
    Case(P, "missing values per column", lambda d, t: missing(d)),
    Case(
        P,
        "distinct values of island",
        lambda d, t: [[v] for v in sorted(d.island.dropna().unique())],
    ),
    Case(P, "distribution of body mass", lambda d, t: histogram(d.body_mass_g, 10)),
    Case(
        P,
        "correlation between flipper length and body mass",
        lambda d, t: correlation(d, "flipper_length_mm", "body_mass_g"),
    ),
    Case(P, "What columns are there?", lambda d, t: [[c, t[c]] for c in d.columns]),
    Case(P, "how many rows and columns", lambda d, t: [[len(d), len(d.columns)]]),
    Case(P, "How many species are there?", lambda d, t: one(d.species.nunique())),
    Case(P, "how many female penguins", lambda d, t: one((d.sex == "female").sum())),
    Case(P, "median bill lenght", lambda d, t: one(d.bill_length_mm.median())),
    Case(
        P,
        "how many male penguins with body mass over 4500",
        lambda d, t: one(((d.sex == "male") & (d.body_mass_g > 4500)).sum()),
    ),
    Case(
        P, "max bill depth by island", lambda d, t: by_key(d.groupby("island").bill_depth_mm.max())
    ),
    Case(
        P,
        "minimum flipper length where species is gentoo",
        lambda d, t: one(d[d.species == "Gentoo"].flipper_length_mm.min()),
    ),
    Case(
        P,
        "how many penguins where sex is not male",
        lambda d, t: one(notna_ne(d.sex, "male").sum()),
    ),
    Case(
        P,
        "how many penguins where island is Biscoe or Dream",
        lambda d, t: one(d.island.isin(["Biscoe", "Dream"]).sum()),
    ),
    Case(
        P,
        "count of penguins with bill length between 40 and 45",
        lambda d, t: one(d.bill_length_mm.between(40, 45).sum()),
    ),
    Case(P, "how many penguins where sex is missing?", lambda d, t: one(d.sex.isna().sum())),
    Case(
        P,
        "What is the average body mass of penguins on Torgersen island by sex?",
        lambda d, t: by_key(d[d.island == "Torgersen"].groupby("sex").body_mass_g.mean()),
    ),
    Case(P, "what is the most common species", lambda d, t: ranked(d.groupby("species").size(), 1)),
    Case(P, "number of penguins by year", lambda d, t: by_key(d.groupby("year").size())),
    Case(
        P,
        "standard deviation of body mass for each species",
        lambda d, t: by_key(d.groupby("species").body_mass_g.std()),
    ),
    Case(
        P,
        "top 3 penguins by body mass",
        lambda d, t: rows_of(d.nlargest(3, "body_mass_g", keep="all")),
        ordered=False,
    ),
    Case(
        P,
        "number of distinct islands for Adelie penguins",
        lambda d, t: one(d[d.species == "Adelie"].island.nunique()),
    ),
    Case(
        P, "histogram of flipper length with 5 bins", lambda d, t: histogram(d.flipper_length_mm, 5)
    ),
    Case(P, "distribution of species", lambda d, t: value_counts(d.species)),
    Case(
        P,
        "average bill length where island is dream and sex is female",
        lambda d, t: one(d[(d.island == "Dream") & (d.sex == "female")].bill_length_mm.mean()),
    ),
    # ---------------------------------------------------------------- hitters
    Case(H, "average salary by league", lambda d, t: by_key(d.groupby("League").Salary.mean())),
    Case(
        H,
        "top 5 players by salary",
        lambda d, t: rows_of(d.nlargest(5, "Salary", keep="all")),
        ordered=False,
    ),
    Case(H, "how many players with more than 200 hits", lambda d, t: one((d.Hits > 200).sum())),
    Case(
        H,
        "which division has the highest average salary",
        lambda d, t: ranked(d.groupby("Division").Salary.mean(), 1),
    ),
    Case(
        H,
        "count by league and division",
        lambda d, t: by_key(d.groupby(["League", "Division"]).size()),
    ),
    Case(H, "how many missing salaries", lambda d, t: [["Salary", int(d.Salary.isna().sum())]]),
    Case(H, "how many players in league N", lambda d, t: one((d.League == "N").sum())),
    Case(
        H,
        "mean salary where years between 5 and 10",
        lambda d, t: one(d[d.Years.between(5, 10)].Salary.mean()),
    ),
    Case(H, "number of distinct leagues", lambda d, t: one(d.League.nunique())),
    Case(
        H,
        "max CRBI for players in the A league",
        lambda d, t: one(d[d.League == "A"].CRBI.max()),
    ),
    Case(H, "histogram of salary with 5 bins", lambda d, t: histogram(d.Salary, 5)),
    Case(
        H, "median salary by division", lambda d, t: by_key(d.groupby("Division").Salary.median())
    ),
    Case(H, "total HmRun by league", lambda d, t: by_key(d.groupby("League").HmRun.sum())),
    Case(
        H,
        "what is the sum of walks where league is A and division is W?",
        lambda d, t: one(d[(d.League == "A") & (d.Division == "W")].Walks.sum()),
    ),
    Case(
        H,
        "bottom 3 years by average salary",
        lambda d, t: ranked(d.groupby("Years").Salary.mean(), 3, largest=False),
    ),
    Case(H, "correlation between hits and salary", lambda d, t: correlation(d, "Hits", "Salary")),
    Case(H, "how many players have at least 10 years", lambda d, t: one((d.Years >= 10).sum())),
    Case(
        H, "average errors by new league", lambda d, t: by_key(d.groupby("NewLeague").Errors.mean())
    ),
    Case(H, "how many rows where salary is not missing", lambda d, t: one(d.Salary.notna().sum())),
    Case(
        H,
        "minimum putouts for players with more than 500 at bats",
        lambda d, t: one(d[d.AtBat > 500].PutOuts.min()),
    ),
    Case(H, "Which columns have missing values?", lambda d, t: missing(d, only=True)),
    Case(H, "distinct values of division", lambda d, t: [[v] for v in sorted(d.Division.unique())]),
    Case(
        H,
        "average salary of players with more than 20 home runs",  # "home runs" is not HmRun
        lambda d, t: one(d[d.HmRun > 20].Salary.mean()),
    ),
    Case(
        H,
        "how many players where league is not A and salary > 1000",
        lambda d, t: one((notna_ne(d.League, "A") & (d.Salary > 1000)).sum()),
    ),
    Case(
        H,
        "the 2 leagues with the highest total salary",
        lambda d, t: ranked(d.groupby("League").Salary.sum(), 2),
    ),
    # ---------------------------------------------------------------- carseats
    Case(C, "how many urban stores", lambda d, t: one((d.Urban == True).sum())),  # noqa: E712
    Case(C, "how many stores where urban is yes", lambda d, t: one((d.Urban == True).sum())),  # noqa: E712
    Case(C, "average sales by shelveloc", lambda d, t: by_key(d.groupby("ShelveLoc").Sales.mean())),
    Case(
        C,
        "average sales by shelve loc and US",
        lambda d, t: by_key(d.groupby(["ShelveLoc", "US"]).Sales.mean()),
    ),
    Case(
        C,
        "how many rows where ShelveLoc is good and US is no",
        lambda d, t: one(((d.ShelveLoc == "Good") & (d.US == False)).sum()),  # noqa: E712
    ),
    Case(C, "sales distribution", lambda d, t: histogram(d.Sales, 10)),
    Case(
        C,
        "count of stores with price < 100 and advertising >= 10",
        lambda d, t: one(((d.Price < 100) & (d.Advertising >= 10)).sum()),
    ),
    Case(
        C,
        "which shelveloc has the lowest median price",
        lambda d, t: ranked(d.groupby("ShelveLoc").Price.median(), 1, largest=False),
    ),
    Case(
        C,
        "how many rows where price in (100, 120, 130)",
        lambda d, t: one(d.Price.isin([100, 120, 130]).sum()),
    ),
    Case(
        C,
        "how many stores where shelveloc is not bad",
        lambda d, t: one(notna_ne(d.ShelveLoc, "Bad").sum()),
    ),
    Case(C, "top 3 ages by count", lambda d, t: ranked(d.groupby("Age").size(), 3)),
    Case(
        C,
        "how many stores where shelveloc contains 'OO'",
        lambda d, t: one(d.ShelveLoc.str.lower().str.contains("oo", regex=False).sum()),
    ),
    Case(
        C,
        "average income of stores that are not urban",
        lambda d, t: one(d[d.Urban == False].Income.mean()),  # noqa: E712
    ),
    Case(C, "what is the total sales?", lambda d, t: one(d.Sales.sum())),
    Case(C, "sum of population", lambda d, t: one(d.Population.sum())),
    Case(C, "std of price", lambda d, t: one(d.Price.std())),
    Case(C, "show the first 3 rows", lambda d, t: rows_of(d.head(3))),
    Case(C, "distribution of shelveloc", lambda d, t: value_counts(d.ShelveLoc)),
    Case(C, "mean price by US", lambda d, t: by_key(d.groupby("US").Price.mean())),
    Case(C, "how many stores where age is at most 30", lambda d, t: one((d.Age <= 30).sum())),
    Case(
        C,
        "average sales where price between 100 and 120 and urban is no",
        lambda d, t: one(d[d.Price.between(100, 120) & (d.Urban == False)].Sales.mean()),  # noqa: E712
    ),
    Case(
        C,
        "the 2 shelvelocs with the highest average sales",
        lambda d, t: ranked(d.groupby("ShelveLoc").Sales.mean(), 2),
    ),
    Case(C, "what is the maximum advertising?", lambda d, t: one(d.Advertising.max())),
    Case(C, "number of rows by US", lambda d, t: by_key(d.groupby("US").size())),
    Case(
        C,
        "How many stores have a price above 150 in the US?",  # US: a true/false column
        lambda d, t: one(((d.Price > 150) & (d.US == True)).sum()),  # noqa: E712
    ),
    Case(
        C,
        "average compprice for stores with income under 50 by shelveloc",
        lambda d, t: by_key(d[d.Income < 50].groupby("ShelveLoc").CompPrice.mean()),
    ),
]


def same(a: Any, b: Any) -> bool:
    a, b = py(a), py(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def same_rows(got: Rows, want: Rows, ordered: bool) -> bool:
    if len(got) != len(want) or any(len(g) != len(w) for g, w in zip(got, want, strict=False)):
        return False
    if not ordered:
        got = sorted(got, key=repr)
        want = sorted(want, key=repr)
        # repr differs between 2007 and 2007.0: fall back to a greedy match
        remaining = list(want)
        for row in got:
            hit = next((w for w in remaining if all(map(same, row, w))), None)
            if hit is None:
                return False
            remaining.remove(hit)
        return True
    return all(all(map(same, g, w)) for g, w in zip(got, want, strict=True))


@dataclass
class Score:
    figures: dict[str, dict[str, int]]
    wrong: list[str]
    unsupported: list[str]

    @property
    def total(self) -> dict[str, int]:
        keys = ("asked", "correct", "wrong", "unsupported")
        return {k: sum(f[k] for f in self.figures.values()) for k in keys}

    def report(self, title: str) -> str:
        lines = [f"\n{title} (answered and correct / wrong / not understood):"]
        for name, f in {**self.figures, "all": self.total}.items():
            lines.append(
                f"  {name:9s} {f['asked']:3d} asked: {f['correct']:3d} correct, "
                f"{f['wrong']} wrong, {f['unsupported']} unsupported "
                f"({f['correct'] / f['asked']:.0%} correct)"
            )
        lines += [f"  unsupported: {line}" for line in self.unsupported]
        return "\n".join(lines)


# (dataset, question) -> (supported, rows, interpretation, reason)
Asker = Callable[[str, str], tuple[bool, Rows, str, str]]
Reference = Callable[[str], tuple[pd.DataFrame, dict[str, str]]]


def score(ask: Asker, reference: Reference) -> Score:
    """Every case asked through `ask`, checked against its pandas reference."""
    result = Score({}, [], [])
    for case in CASES:
        supported, rows, interpretation, reason = ask(case.dataset, case.question)
        tally = result.figures.setdefault(
            case.dataset, {"asked": 0, "correct": 0, "wrong": 0, "unsupported": 0}
        )
        tally["asked"] += 1
        if not supported:
            tally["unsupported"] += 1
            result.unsupported.append(f"{case.dataset}: {case.question!r}: {reason}")
            continue
        expected = case.expected(*reference(case.dataset))
        if same_rows(rows, expected, case.ordered):
            tally["correct"] += 1
        else:
            tally["wrong"] += 1
            result.wrong.append(
                f"{case.dataset}: {case.question!r}\n  read as: {interpretation}\n"
                f"  got {rows[:5]}\n  want {expected[:5]}"
            )
    return result
