"""Value types shared by the readers and the public API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

# The dtype vocabulary the rest of UAM sees; keep in sync with inference.classify.
DTYPES = ("integer", "float", "boolean", "datetime", "categorical", "text", "id")


@dataclass(frozen=True)
class ParseLimits:
    max_columns: int = 2000
    max_cell_bytes: int = 1_000_000  # any single field longer -> INVALID
    max_line_bytes: int = 10_000_000
    max_decompressed_bytes: int = 4 * 1024**3  # .gz bomb cap; stop reading at the cap
    preview_rows: int = 20


@dataclass
class ColumnProfile:
    name: str
    dtype: str  # one of DTYPES
    missing: int
    unique: int
    # Some cells start with = + - @ (CSV injection risk). The data is kept verbatim; the
    # flag lets exporters and UIs neutralise them.
    formula_like: bool


@dataclass
class ParsedTable:
    table: pa.Table
    columns: list[ColumnProfile]
    rows: int
    preview: list[dict] = field(default_factory=list)
    source_format: str = "csv"  # csv | tsv | parquet | jsonl | json | xlsx
    encoding: str | None = None
    delimiter: str | None = None
