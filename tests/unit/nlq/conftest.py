"""Three real datasets as the product stores them: parsed by ingest, written to Parquet,
with the schema the question answerer reads and the pandas frame the analysis sees."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from uam.analysis.frame import load_frame
from uam.datasets.parsing import ParseLimits, parse_file, write_parquet
from uam.nlq import TableSchema

DATA = Path(__file__).resolve().parents[2] / "data"
FILES = {
    "penguins": DATA / "good" / "penguins.csv",
    "hitters": DATA / "real" / "hitters.csv",
    "carseats": DATA / "real" / "carseats.csv",
}


@dataclass(frozen=True)
class Dataset:
    name: str
    path: Path  # the Parquet copy
    types: dict[str, str]  # UAM dtypes recorded by ingest
    schema: TableSchema
    frame: pd.DataFrame  # load_frame's view, for pandas references


def ingest(csv: Path, out: Path) -> tuple[Path, dict[str, str]]:
    parsed = parse_file(csv, filename=csv.name, limits=ParseLimits())
    write_parquet(parsed, out)
    return out, {c.name: c.dtype for c in parsed.columns}


@pytest.fixture(scope="session")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Dataset]:
    root = tmp_path_factory.mktemp("nlq")
    out = {}
    for name, csv in FILES.items():
        path, types = ingest(csv, root / f"{name}.parquet")
        out[name] = Dataset(
            name=name,
            path=path,
            types=types,
            schema=TableSchema.from_parquet(path, types),
            frame=load_frame(path, types),
        )
    return out
