"""Delimited text (CSV/TSV/TXT): dialect sniffing on a prefix, then one pyarrow read."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv

from uam.datasets.parsing.decompress import human_bytes
from uam.datasets.parsing.errors import InvalidDataset
from uam.datasets.parsing.inference import FALSE_VALUES, NULL_VALUES, TRUE_VALUES
from uam.datasets.parsing.models import ParseLimits
from uam.datasets.parsing.names import check_column_count, clean_names, generated_names

_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_RECORDS = 200
_BLOCK_SIZE = 1 << 20
# After this many columns needed a string retry, read everything as strings in one go.
_MAX_COLUMN_RETRIES = 3
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_COLUMN_ERROR = re.compile(r"In CSV column #(\d+)")


class NotUtf8(Exception):
    """The text holds bytes that are not UTF-8; the caller transcodes and retries."""


@dataclass
class Dialect:
    delimiter: str
    header: bool
    names: list[str]
    # A quote in the sample means quoted fields may span lines, which needs pyarrow's
    # slower newline-aware chunker; files without quotes keep the fast path.
    quoted: bool


@dataclass
class DelimitedResult:
    table: pa.Table
    dialect: Dialect
    string_columns: set[str] = field(default_factory=set)

    @property
    def first_data_line(self) -> int | None:
        if self.dialect.quoted:
            return None
        return 2 if self.dialect.header else 1


def _value_like(field_text: str) -> bool:
    s = field_text.strip()
    return bool(_NUMBER.match(s) or _ISO_DATE.match(s))


def _records(text: str, delimiter: str, truncated: bool) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if row:  # pyarrow skips empty lines too
                rows.append(row)
            if len(rows) > _SNIFF_RECORDS:
                break
    except csv.Error:
        return []
    if truncated and len(rows) > 1:
        rows.pop()  # the last record may be cut by the prefix boundary
    return rows[:_SNIFF_RECORDS]


def sniff_dialect(text: str, *, truncated: bool, ext: str, limits: ParseLimits) -> Dialect:
    """Pick the delimiter whose field count is most consistent across the sample.

    Ties go to the delimiter the extension suggests, then , ; tab |. A sample where no
    candidate splits lines is a single-column file.
    """
    if truncated and "\n" in text:
        text = text[: text.rfind("\n") + 1]
    order = ("\t", ",", ";", "|") if ext == "tsv" else _DELIMITERS
    best: tuple[float, int] = (-1.0, 0)
    chosen, chosen_rows = order[0], []
    for delimiter in order:
        rows = _records(text, delimiter, truncated)
        if not rows:
            continue
        counts = [len(r) for r in rows]
        mode = Counter(counts).most_common(1)[0][0]
        score = (counts.count(mode) / len(counts), mode) if mode > 1 else (0.0, 1)
        if score > best:
            best, chosen, chosen_rows = score, delimiter, rows
    if not chosen_rows:
        raise InvalidDataset("the file could not be read as delimited text (unbalanced quotes?)")
    first = chosen_rows[0]
    check_column_count(len(first), limits.max_columns)
    # The first row is data, not a header, when every non-empty field in it is a number
    # or an ISO date: real headers almost always contain at least one word.
    filled = [f for f in first if f.strip()]
    header = not (filled and all(_value_like(f) for f in filled))
    names = clean_names(first) if header else generated_names(len(first))
    return Dialect(chosen, header, names, quoted='"' in text)


@dataclass
class _BadRowRecorder:
    expected: int = 0
    actual: int = 0
    text: str | None = None

    def __call__(self, row: pcsv.InvalidRow) -> str:
        if self.text is None:
            self.expected, self.actual, self.text = (
                row.expected_columns,
                row.actual_columns,
                row.text,
            )
        return "error"


def read_delimited(path: Path, dialect: Dialect, limits: ParseLimits) -> DelimitedResult:
    forced: dict[str, pa.DataType] = {}
    # A row longer than the block is a pyarrow error, which is how max_line_bytes is enforced.
    block_size = min(_BLOCK_SIZE, limits.max_line_bytes)
    while True:
        recorder = _BadRowRecorder()
        options = _options(dialect, block_size, forced, recorder)
        try:
            table = pcsv.read_csv(path, *options)
        except pa.ArrowInvalid as exc:
            message = str(exc)
            if recorder.text is not None:
                raise InvalidDataset(_ragged_message(path, dialect, recorder)) from exc
            if "straddling" in message:
                if block_size >= limits.max_line_bytes:
                    raise InvalidDataset(
                        f"a line is longer than the {human_bytes(limits.max_line_bytes)} limit "
                        "(or a quote is never closed)"
                    ) from exc
                block_size = limits.max_line_bytes
                continue
            if "invalid UTF8" in message:
                raise NotUtf8 from exc
            match = _COLUMN_ERROR.search(message)
            if match is None or "conversion error" not in message:
                raise InvalidDataset(
                    f"the file could not be read as delimited text: {message}"
                ) from exc
            # pyarrow guessed a type from early rows that later rows break: keep the column
            # as strings and let inference.refine_strings decide afterwards.
            forced[dialect.names[int(match.group(1))]] = pa.string()
            if len(forced) > _MAX_COLUMN_RETRIES:
                forced = dict.fromkeys(dialect.names, pa.string())
            continue
        if any(pa.types.is_binary(t) for t in table.schema.types):
            raise NotUtf8  # pyarrow falls back to binary for invalid UTF-8
        _check_unclosed_quote(table, dialect)
        return DelimitedResult(table, dialect, set(forced))


def _options(
    dialect: Dialect, block_size: int, forced: dict[str, pa.DataType], recorder: _BadRowRecorder
) -> tuple[pcsv.ReadOptions, pcsv.ParseOptions, pcsv.ConvertOptions]:
    read_options = pcsv.ReadOptions(
        column_names=dialect.names,
        skip_rows=1 if dialect.header else 0,
        block_size=block_size,
    )
    parse_options = pcsv.ParseOptions(
        delimiter=dialect.delimiter,
        newlines_in_values=dialect.quoted,
        invalid_row_handler=recorder,
    )
    convert_options = pcsv.ConvertOptions(
        null_values=NULL_VALUES,
        true_values=TRUE_VALUES,
        false_values=FALSE_VALUES,
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
        column_types=forced,
    )
    return read_options, parse_options, convert_options


def _ragged_message(path: Path, dialect: Dialect, bad: _BadRowRecorder) -> str:
    expected = f"header has {bad.expected}" if dialect.header else f"line 1 has {bad.expected}"
    line = _find_line(path, bad.text or "")
    where = f"line {line:,}" if line else f"a row ({(bad.text or '')[:60]!r})"
    hint = "; check for an unquoted delimiter or a missing quote"
    return f"{where} has {bad.actual} fields, {expected}{hint}"


def _find_line(path: Path, text: str) -> int | None:
    """Physical line number of the first line equal to text (error path only)."""
    target = text.encode("utf-8")
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            if line.rstrip(b"\r\n") == target:
                return number
    return None


def _check_unclosed_quote(table: pa.Table, dialect: Dialect) -> None:
    """An unclosed quote silently swallows the rest of the file into one cell.

    That cell then ends with the file's final newline, which a closed quote almost never
    does, so checking the last row is enough and costs nothing.
    """
    if table.num_rows == 0 or not dialect.quoted:
        return
    last = table.slice(table.num_rows - 1).to_pylist()[0]
    for name, value in last.items():
        if isinstance(value, str) and value.endswith("\n"):
            raise InvalidDataset(
                f"a quoted value in column '{name}' is never closed, so it runs to the end "
                'of the file; check for a stray " character'
            )
