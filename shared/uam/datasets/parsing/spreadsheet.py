"""XLSX via openpyxl in read-only mode: first worksheet, first non-empty row as header."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pyarrow as pa

from uam.datasets.parsing.decompress import human_bytes
from uam.datasets.parsing.errors import InvalidDataset
from uam.datasets.parsing.models import ParseLimits
from uam.datasets.parsing.names import check_column_count, clean_names, generated_names
from uam.datasets.parsing.records import rows_to_table


def _check_zip_size(path: Path, limits: ParseLimits) -> None:
    # An xlsx is a zip: refuse a zip bomb before openpyxl inflates any part of it.
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidDataset("the xlsx file is truncated or corrupt") from exc
    if total > limits.max_decompressed_bytes:
        raise InvalidDataset(
            f"decompressed size exceeds the {human_bytes(limits.max_decompressed_bytes)} limit"
        )


def _is_value(cell: object) -> bool:
    return (isinstance(cell, (int, float)) and not isinstance(cell, bool)) or hasattr(
        cell, "isoformat"
    )


def read_xlsx(path: Path, limits: ParseLimits) -> tuple[pa.Table, set[str]]:
    try:
        import openpyxl
    except ImportError as exc:
        raise InvalidDataset("xlsx not supported yet; save the sheet as CSV") from exc
    _check_zip_size(path, limits)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for broken packages
        raise InvalidDataset(f"the xlsx file cannot be opened ({type(exc).__name__})") from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise InvalidDataset("the xlsx file has no worksheets")
        rows = []
        for row in sheet.iter_rows(values_only=True):
            check_column_count(len(row), limits.max_columns)
            rows.append(row)
    finally:
        workbook.close()
    return _rows_to_table(rows)


def _rows_to_table(rows: list[tuple]) -> tuple[pa.Table, set[str]]:
    def blank(cell: object) -> bool:
        return cell is None or (isinstance(cell, str) and not cell.strip())

    rows = [r for r in rows if not all(blank(c) for c in r)]
    if not rows:
        raise InvalidDataset("empty file: the first worksheet has no cells")
    # read_only mode reports the sheet's declared width; drop columns that are empty
    # everywhere so formatting-only columns do not become col_N.
    width = max((i + 1 for r in rows for i, c in enumerate(r) if not blank(c)), default=0)
    rows = [tuple(r[:width]) + (None,) * (width - len(r)) for r in rows]
    first = rows[0]
    filled = [c for c in first if not blank(c)]
    header = not (filled and all(_is_value(c) for c in filled))
    names = clean_names(first) if header else generated_names(width)
    data = rows[1:] if header else rows
    if not data:
        raise InvalidDataset("the file has a header but no data rows")
    columns = [[r[i] for r in data] for i in range(width)]
    return rows_to_table(names, columns)
