"""Good files in every supported format parse to the same typed penguins table."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from uam.datasets.parsing import parse_file, write_parquet

GOOD = Path(__file__).resolve().parents[2] / "data" / "good"
PENGUIN_DTYPES = {
    "species": "categorical",
    "island": "categorical",
    "bill_length_mm": "float",
    "bill_depth_mm": "float",
    "flipper_length_mm": "integer",
    "body_mass_g": "integer",
    "sex": "categorical",
    "year": "integer",
}
PENGUIN_FILES = {
    "penguins.csv": ("csv", ","),
    "penguins.tsv": ("tsv", "\t"),
    "penguins_semicolon.csv": ("csv", ";"),
    "penguins_pipe.txt": ("csv", "|"),
    "penguins.csv.gz": ("csv", ","),
    "penguins.parquet": ("parquet", None),
    "penguins.jsonl": ("jsonl", None),
    "penguins_array.json": ("json", None),
}


@pytest.mark.unit
@pytest.mark.parametrize("name", sorted(PENGUIN_FILES))
def test_penguins_in_every_format(name: str) -> None:
    parsed = parse_file(GOOD / name, filename=name)
    fmt, delimiter = PENGUIN_FILES[name]
    assert (parsed.rows, len(parsed.columns)) == (344, 8)
    assert (parsed.source_format, parsed.delimiter) == (fmt, delimiter)
    profiles = {c.name: c for c in parsed.columns}
    assert {n: p.dtype for n, p in profiles.items()} == PENGUIN_DTYPES
    assert profiles["sex"].missing == 11
    assert profiles["bill_length_mm"].missing == 2
    assert profiles["species"].unique == 3
    assert not any(p.formula_like for p in profiles.values())
    assert parsed.table.num_rows == 344


@pytest.mark.unit
def test_preview_is_json_safe_and_bounded() -> None:
    parsed = parse_file(GOOD / "penguins.csv", filename="penguins.csv")
    assert len(parsed.preview) == 20
    assert parsed.preview[3]["bill_length_mm"] is None  # NA row
    json.dumps(parsed.preview, allow_nan=False)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "encoding"),
    [("utf8_bom.csv", "utf-8"), ("utf16.csv", "utf-16"), ("cp1252.csv", "cp1252")],
)
def test_encodings_decode_to_the_same_text(name: str, encoding: str) -> None:
    parsed = parse_file(GOOD / name, filename=name)
    assert parsed.encoding == encoding
    assert parsed.table.column_names == ["name", "city", "score"]  # no \ufeff in "name"
    assert parsed.table.column("name").to_pylist() == ["Zoë", "José", "café"]
    assert parsed.table.column("city").to_pylist()[2] == "Zürich"
    assert parsed.table.column("score").type == pa.float64()


@pytest.mark.unit
def test_headerless_numeric_file_gets_generated_names() -> None:
    parsed = parse_file(GOOD / "no_header.csv", filename="no_header.csv")
    assert parsed.table.column_names == ["col_1", "col_2", "col_3"]
    assert [c.dtype for c in parsed.columns] == ["integer", "float", "datetime"]
    assert parsed.rows == 3


@pytest.mark.unit
def test_jsonl_with_mixed_and_nested_values_becomes_text() -> None:
    parsed = parse_file(GOOD / "mixed_types.jsonl", filename="mixed_types.jsonl")
    assert parsed.table.column_names == ["a", "b", "c"]
    assert parsed.table.column("a").to_pylist() == ["1", "two", "3"]
    assert parsed.table.column("b").to_pylist()[2] == '{"k": [1]}'
    assert parsed.table.column("c").to_pylist() == [None, True, None]


@pytest.mark.unit
def test_xlsx_first_sheet() -> None:
    pytest.importorskip("openpyxl")
    parsed = parse_file(GOOD / "small.xlsx", filename="small.xlsx")
    assert parsed.source_format == "xlsx"
    assert parsed.rows == 3
    dtypes = {c.name: c.dtype for c in parsed.columns}
    assert dtypes == {
        "id": "id",
        "name": "text",
        "amount": "float",
        "when": "datetime",
        "flag": "boolean",
    }
    assert parsed.preview[0]["when"] == "2024-01-02T03:04:05"


@pytest.mark.unit
def test_write_parquet_round_trips_with_zstd() -> None:
    parsed = parse_file(GOOD / "penguins.csv", filename="penguins.csv")
    buffer = io.BytesIO()
    write_parquet(parsed, buffer)
    buffer.seek(0)
    metadata = pq.ParquetFile(buffer).metadata
    assert metadata.row_group(0).column(0).compression == "ZSTD"
    buffer.seek(0)
    assert pq.read_table(buffer).equals(parsed.table)
