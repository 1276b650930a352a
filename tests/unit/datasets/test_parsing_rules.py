"""The inference and hygiene decisions, one small generated file each."""

from __future__ import annotations

import gzip
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from uam.datasets.parsing import InvalidDataset, parse_file
from uam.datasets.parsing.inference import refine_strings
from uam.datasets.parsing.names import clean_names


def _parse(tmp_path: Path, text: str, name: str = "data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_file(path, filename=name)


def _dtypes(parsed) -> dict[str, str]:
    return {c.name: c.dtype for c in parsed.columns}


@pytest.mark.unit
def test_booleans_yes_no_but_zero_one_stays_integer(tmp_path: Path) -> None:
    rows = "".join(
        f"{'yes' if i % 2 else 'no'},{i % 2},{'TRUE' if i % 3 else 'false'}\n" for i in range(40)
    )
    parsed = _parse(tmp_path, "answer,flag,ok\n" + rows)
    assert _dtypes(parsed) == {"answer": "boolean", "flag": "integer", "ok": "boolean"}


@pytest.mark.unit
def test_categorical_threshold_and_text(tmp_path: Path) -> None:
    rows = "".join(f"c{i % 5},word number {i}\n" for i in range(100))
    parsed = _parse(tmp_path, "kind,note\n" + rows)
    assert _dtypes(parsed) == {"kind": "categorical", "note": "text"}
    # A handful of distinct values in a handful of rows is text, not categories.
    assert _dtypes(_parse(tmp_path, "who\nann\nbob\ncy\n"))["who"] == "text"


@pytest.mark.unit
def test_id_by_name_or_uuid_shape(tmp_path: Path) -> None:
    rows = "".join(f"{i},{uuid.UUID(int=i * 7919)},{i % 3},{i}\n" for i in range(1, 30))
    parsed = _parse(tmp_path, "customer_id,token,group_id,amount\n" + rows)
    dtypes = _dtypes(parsed)
    assert dtypes["customer_id"] == "id"
    assert dtypes["token"] == "id"  # unique uuid-shaped strings
    assert dtypes["group_id"] == "integer"  # repeats, so not an id
    assert dtypes["amount"] == "integer"  # unique but not named like an id


@pytest.mark.unit
def test_missing_value_vocabulary(tmp_path: Path) -> None:
    parsed = _parse(tmp_path, "a,b\n1,NA\nN/A,null\n3,-\n4,\n5,None\n")
    profiles = {c.name: c for c in parsed.columns}
    assert profiles["a"].missing == 1 and profiles["a"].dtype == "integer"
    assert profiles["b"].missing == 4  # "-" is a value, not missing
    assert parsed.table.column("b").to_pylist()[2] == "-"


@pytest.mark.unit
def test_formula_cells_are_kept_verbatim_and_flagged(tmp_path: Path) -> None:
    parsed = _parse(tmp_path, 'a,b,c\n=1+2,-3,x\n"@cmd",-4.5,y\nok,2,-z\n')
    profiles = {c.name: c for c in parsed.columns}
    assert profiles["a"].formula_like and profiles["c"].formula_like
    assert not profiles["b"].formula_like and profiles["b"].dtype == "float"
    assert parsed.table.column("a").to_pylist() == ["=1+2", "@cmd", "ok"]


@pytest.mark.unit
def test_type_change_after_the_first_megabytes(tmp_path: Path) -> None:
    body = "1,2\n" * 400_000 + "x,2.5\n"
    parsed = _parse(tmp_path, "a,b\n" + body)
    assert _dtypes(parsed) == {"a": "categorical", "b": "float"}
    assert parsed.rows == 400_001


@pytest.mark.unit
def test_content_beats_extension(tmp_path: Path) -> None:
    parquet = tmp_path / "p.bin"
    pq.write_table(pa.table({"x": [1, 2, 3]}), parquet)
    assert parse_file(parquet, filename="looks.csv").source_format == "parquet"
    gz = tmp_path / "g.bin"
    gz.write_bytes(gzip.compress(b"a;b\n1;2\n"))
    parsed = parse_file(gz, filename="plain.csv")
    assert (parsed.rows, parsed.delimiter) == (1, ";")


@pytest.mark.unit
def test_no_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidDataset, match="no extension"):
        _parse(tmp_path, "a\n1\n", name="data")


@pytest.mark.unit
def test_clean_names() -> None:
    assert clean_names(["\ufeffid", " ", "A", "a", "a_2", None]) == [
        "id",
        "col_2",
        "A",
        "a_3",
        "a_2",
        "col_6",
    ]


@pytest.mark.unit
def test_refine_strings() -> None:
    def refine(values: list) -> pa.ChunkedArray:
        return refine_strings(pa.chunked_array([pa.array(values, pa.string())]))

    assert refine(["1", "2", None]).type == pa.int64()
    assert refine(["1", "2.5"]).type == pa.float64()
    assert refine(["Yes", "no", "NA"]).to_pylist() == [True, False, None]
    assert pa.types.is_date(refine(["2024-01-02", ""]).type)
    assert pa.types.is_timestamp(refine(["2024-01-02T03:04:05Z"]).type)
    assert refine(["a", "1"]).type == pa.string()
