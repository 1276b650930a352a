"""Shared data: penguins as every analysis step sees it, and a small table of every type."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from uam.analysis.frame import load_frame, normalise
from uam.analysis.modeling import Preparation, prepare
from uam.datasets.parsing import ParseLimits, parse_file, write_parquet

PENGUINS = Path(__file__).resolve().parents[3] / "data" / "good" / "penguins.csv"


@pytest.fixture(scope="session")
def penguins(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, dict[str, str]]:
    parsed = parse_file(PENGUINS, filename="penguins.csv", limits=ParseLimits())
    path = tmp_path_factory.mktemp("penguins") / "p.parquet"
    write_parquet(parsed, path)
    types = {c.name: c.dtype for c in parsed.columns}
    return load_frame(path, types), types


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
