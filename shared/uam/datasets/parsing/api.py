"""parse_file: sniff, decompress, decode, read, refine and profile one uploaded file."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from uam.datasets.parsing.decompress import gunzip_capped
from uam.datasets.parsing.delimited import NotUtf8, read_delimited, sniff_dialect
from uam.datasets.parsing.encoding import (
    MIXED,
    UTF8,
    UTF8_SIG,
    detect_encoding,
    needs_transcoding,
    transcode_to_utf8,
)
from uam.datasets.parsing.errors import InvalidDataset
from uam.datasets.parsing.inference import refine_strings
from uam.datasets.parsing.models import ParsedTable, ParseLimits
from uam.datasets.parsing.profile import check_cell_sizes, preview_rows, profile_columns
from uam.datasets.parsing.readers import read_json, read_parquet
from uam.datasets.parsing.sniff import SNIFF_BYTES, read_prefix, sniff_kind, split_extension
from uam.datasets.parsing.spreadsheet import read_xlsx


def parse_file(path: Path, *, filename: str, limits: ParseLimits = ParseLimits()) -> ParsedTable:  # noqa: B008
    """Turn an uploaded file into a typed table, or raise InvalidDataset saying why not.

    `filename` is the user's original name; its extension must be allowed but the content
    decides the format.
    """
    ext, _ = split_extension(filename)
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="uam-parse-") as tmp:
        work = Path(tmp)
        prefix = read_prefix(path)
        kind = sniff_kind(path, prefix)
        if kind == "gzip":
            inflated = work / "inflated"
            gunzip_capped(path, inflated, limits.max_decompressed_bytes)
            path, prefix = inflated, read_prefix(inflated)
            kind = sniff_kind(path, prefix)
            if kind == "gzip":
                raise InvalidDataset("the file is gzip-compressed twice; compress it only once")
        if kind == "parquet":
            table, refine = read_parquet(path, limits)
            return _finish(table, refine, limits, "parquet", None, None, None)
        if kind == "xlsx":
            table, refine = read_xlsx(path, limits)
            return _finish(table, refine, limits, "xlsx", None, None, None)
        return _parse_text(path, prefix, ext, limits, work)


def write_parquet(parsed: ParsedTable, dest: Path | BinaryIO) -> None:
    pq.write_table(parsed.table, dest, compression="zstd")


def _parse_text(
    path: Path, prefix: bytes, ext: str, limits: ParseLimits, work: Path
) -> ParsedTable:
    encoding = detect_encoding(prefix)
    utf8_path = path
    if needs_transcoding(encoding):
        utf8_path = work / "utf8"
        transcode_to_utf8(path, utf8_path, encoding)
    text, truncated = _text_prefix(utf8_path, limits)
    if not text.strip():
        raise InvalidDataset("the file contains only whitespace, no data")
    reported = UTF8 if encoding == UTF8_SIG else encoding
    start = text.lstrip()[:1]
    if ext in ("json", "jsonl") or (ext in ("parquet", "xlsx") and start in ("[", "{")):
        table, refine, fmt = read_json(utf8_path, text.lstrip(), limits)
        return _finish(table, refine, limits, fmt, reported, None, None)
    dialect = sniff_dialect(text, truncated=truncated, ext=ext, limits=limits)
    try:
        result = read_delimited(utf8_path, dialect, limits)
    except NotUtf8:
        # The prefix looked like UTF-8 but later bytes are not: keep the UTF-8 and read
        # the stray bytes as cp1252 rather than rejecting the whole file.
        if encoding != UTF8:
            raise InvalidDataset("the file's text encoding could not be decoded") from None
        utf8_path, reported = work / "mixed", MIXED
        transcode_to_utf8(path, utf8_path, MIXED)
        result = read_delimited(utf8_path, dialect, limits)
    fmt = "tsv" if dialect.delimiter == "\t" else "csv"
    return _finish(
        result.table,
        result.string_columns,
        limits,
        fmt,
        reported,
        dialect.delimiter,
        result.first_data_line,
    )


def _text_prefix(path: Path, limits: ParseLimits) -> tuple[str, bool]:
    """Decoded prefix holding at least one full line, and whether the file goes on."""
    size = SNIFF_BYTES
    file_size = path.stat().st_size
    while True:
        raw = read_prefix(path, size)
        if b"\n" in raw or len(raw) >= file_size:
            break
        if size >= limits.max_line_bytes:
            raise InvalidDataset(
                f"the first line is longer than the {limits.max_line_bytes:,}-byte limit"
            )
        size = min(size * 4, limits.max_line_bytes)
    return raw.decode("utf-8", errors="replace").removeprefix("\ufeff"), len(raw) < file_size


def _finish(
    table: pa.Table,
    refine: set[str],
    limits: ParseLimits,
    source_format: str,
    encoding: str | None,
    delimiter: str | None,
    first_data_line: int | None,
) -> ParsedTable:
    if table.num_rows == 0:
        if table.num_columns and source_format in ("csv", "tsv", "xlsx"):
            raise InvalidDataset("the file has a header but no data rows")
        raise InvalidDataset("the file has no data rows")
    for index, name in enumerate(table.column_names):
        col = table.column(index)
        if name in refine or pa.types.is_null(col.type):
            table = table.set_column(index, name, refine_strings(col))
    check_cell_sizes(table, limits.max_cell_bytes, first_data_line)
    return ParsedTable(
        table=table,
        columns=profile_columns(table),
        rows=table.num_rows,
        preview=preview_rows(table, limits.preview_rows),
        source_format=source_format,
        encoding=encoding,
        delimiter=delimiter,
    )
