"""Penguins as every analysis step sees it: parsed, written to Parquet, loaded by load_frame."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from uam.analysis.frame import load_frame
from uam.datasets.parsing import ParseLimits, parse_file, write_parquet

PENGUINS = Path(__file__).resolve().parents[2] / "data" / "good" / "penguins.csv"


@pytest.fixture(scope="session")
def penguins(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, dict[str, str]]:
    parsed = parse_file(PENGUINS, filename="penguins.csv", limits=ParseLimits())
    path = tmp_path_factory.mktemp("penguins") / "p.parquet"
    write_parquet(parsed, path)
    types = {c.name: c.dtype for c in parsed.columns}
    return load_frame(path, types), types
