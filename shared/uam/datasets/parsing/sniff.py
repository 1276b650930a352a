"""Decide what a file really is from its first bytes; the extension is only a hint."""

from __future__ import annotations

import zipfile
from pathlib import Path

from uam.datasets.parsing.errors import InvalidDataset

ALLOWED_EXTENSIONS = ("csv", "tsv", "txt", "parquet", "json", "jsonl", "xlsx")
SNIFF_BYTES = 64 * 1024

# Formats we recognise only to refuse them with a useful sentence.
_FOREIGN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "file is a PNG image, not a table"),
    (b"\xff\xd8\xff", "file is a JPEG image, not a table"),
    (b"GIF87a", "file is a GIF image, not a table"),
    (b"GIF89a", "file is a GIF image, not a table"),
    (b"%PDF-", "file is a PDF document, not a table; export the table as CSV"),
    (b"\x7fELF", "file is an executable program, not a table"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "file is a legacy Office document (.xls/.doc); save it as .xlsx or CSV",
    ),
    (b"SQLite format 3\x00", "file is an SQLite database; export the table as CSV or Parquet"),
    (b"BZh", "file is bzip2-compressed; only gzip (.gz) compression is supported"),
    (b"\xfd7zXZ\x00", "file is xz-compressed; only gzip (.gz) compression is supported"),
    (b"7z\xbc\xaf\x27\x1c", "file is a 7-Zip archive; upload the table itself or a .gz of it"),
    (b"Rar!\x1a\x07", "file is a RAR archive; upload the table itself or a .gz of it"),
    (b"\x28\xb5\x2f\xfd", "file is zstd-compressed; only gzip (.gz) compression is supported"),
    (b"ARROW1", "file is an Arrow IPC file; upload Parquet or CSV instead"),
)


def split_extension(filename: str) -> tuple[str, bool]:
    """Return (extension, gz) for an allowed name, else raise with the allowed list."""
    name = Path(filename).name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[: -len(".gz")]
    ext = name.rsplit(".", 1)[1] if "." in name else ""
    if ext not in ALLOWED_EXTENSIONS:
        shown = f".{ext}" if ext else "no extension"
        allowed = ", ".join(ALLOWED_EXTENSIONS)
        raise InvalidDataset(
            f"files with {shown} are not supported; upload one of: {allowed} "
            "(optionally gzip-compressed as .gz)"
        )
    return ext, gz


def read_prefix(path: Path, size: int = SNIFF_BYTES) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def sniff_kind(path: Path, prefix: bytes) -> str:
    """Classify the content as gzip, parquet, xlsx or text; refuse anything else."""
    if not prefix:
        raise InvalidDataset("empty file: the upload contains no bytes")
    if prefix.startswith(b"\x1f\x8b"):
        return "gzip"
    if prefix.startswith(b"PAR1"):
        return "parquet"
    if prefix.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(path)
    for magic, message in _FOREIGN_MAGIC:
        if prefix.startswith(magic):
            raise InvalidDataset(message)
    if prefix.startswith(b"MZ") and b"\x00" in prefix[:1024]:
        raise InvalidDataset("file is a Windows executable, not a table")
    return "text"


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InvalidDataset(
            "file looks like a ZIP archive but it is truncated or corrupt"
        ) from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        raise InvalidDataset("file is a Word document, not a table; export the table as CSV")
    if "ppt/presentation.xml" in names:
        raise InvalidDataset("file is a PowerPoint presentation, not a table")
    raise InvalidDataset(
        "file is a ZIP archive, not a spreadsheet; unzip it and upload the table itself "
        "(or compress a single file with gzip)"
    )
