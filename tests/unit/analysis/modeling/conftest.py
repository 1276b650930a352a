"""Penguin species prepared once, and a small table of every type (penguins: ../conftest.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from uam.analysis.frame import normalise
from uam.analysis.modeling import Preparation, prepare


@pytest.fixture(scope="session")
def species(
    penguins: tuple[pd.DataFrame, dict[str, str]],
) -> tuple[Preparation, pd.DataFrame, pd.DataFrame]:
    frame, types = penguins
    return prepare(frame, types, target="species")


def mixed_table(n: int = 300, seed: int = 0) -> tuple[pd.DataFrame, dict[str, str]]:
    """Every UAM type, awkward column names, missing values and a binary target with signal."""
    rng = np.random.default_rng(seed)
    signal = rng.normal(size=n)
    city = rng.choice(["Paris", "Zürich", "Córdoba", "東京"], size=n)
    when = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 900, n), unit="h")
    frame = pd.DataFrame(
        {
            "signal value ✓": np.where(rng.random(n) < 0.1, np.nan, signal),
            "noise": rng.normal(size=n),
            "=cmd()": rng.integers(0, 5, n).astype(float),
            "city": np.where(rng.random(n) < 0.1, None, city),
            "flag": pd.array(rng.random(n) < 0.5, dtype="boolean"),
            "when": when,
            "empty": np.full(n, np.nan),
            "mostly empty": np.where(np.arange(n) < 3, 1.5, np.nan),  # constant or empty per fold
            "constant": np.full(n, "same", dtype=object),
            "customer_id": [f"c-{i:05d}" for i in range(n)],
            "comment": [f"free text number {i} with words" for i in range(n)],
            "label": np.where(signal + 0.5 * (city == "Paris") + rng.normal(0, 0.7, n) > 0,
                              "yes", "no"),
        }
    )  # fmt: skip
    types = {
        "signal value ✓": "float",
        "noise": "float",
        "=cmd()": "integer",
        "city": "categorical",
        "flag": "boolean",
        "when": "datetime",
        "empty": "float",
        "mostly empty": "float",
        "constant": "categorical",
        "customer_id": "id",
        "comment": "text",
        "label": "categorical",
    }
    frame.loc[rng.random(n) < 0.05, "flag"] = pd.NA
    return normalise(frame, types), types


@pytest.fixture(scope="session")
def mixed() -> tuple[pd.DataFrame, dict[str, str]]:
    return mixed_table()
