"""Upload names: the allow-list of extensions, sanitizing, and the keys we choose."""

import re
import unicodedata
import uuid

from uam.datasets.exceptions import InvalidUpload, UnsupportedFileType

ALLOWED_EXTENSIONS = ("csv", "tsv", "txt", "parquet", "json", "jsonl", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "txt": "text/plain",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
    "jsonl": "application/jsonl",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "gz": "application/gzip",
}
MAX_NAME_LENGTH = 120
_UNSAFE = re.compile(r"[^\w.\- ()+]")


def sanitize_filename(raw: str) -> str:
    """A name safe to show and to put in a key: no path, no control characters, bounded."""
    # Browsers on Windows send C:\\fakepath\\name.csv; keep only the last part of any path.
    name = re.split(r"[\\/]", raw)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        name = (
            (stem[: MAX_NAME_LENGTH - len(ext) - 1] + dot + ext) if dot else name[:MAX_NAME_LENGTH]
        )
    if not name.strip("_"):
        raise InvalidUpload(f"file name {raw!r} has no usable characters; rename the file")
    return name


def extension_of(filename: str) -> tuple[str, bool]:
    """The table format the name claims and whether it is gzipped: ('csv', True) for x.csv.gz."""
    parts = filename.lower().rsplit(".", 2)
    gzipped = len(parts) > 1 and parts[-1] == "gz"
    ext = parts[-2] if gzipped and len(parts) > 2 else parts[-1] if len(parts) > 1 else ""
    if ext not in ALLOWED_EXTENSIONS:
        allowed = ", ".join(ALLOWED_EXTENSIONS)
        raise UnsupportedFileType(
            f"files ending in .{ext or '(nothing)'} are not accepted; "
            f"upload one of: {allowed} (optionally .gz)"
        )
    return ext, gzipped


def content_type_for(filename: str) -> str:
    ext, gzipped = extension_of(filename)
    return CONTENT_TYPES["gz" if gzipped else ext]


def upload_key(user_id: uuid.UUID, dataset_id: uuid.UUID, safe_name: str) -> str:
    return f"uploads/{user_id}/{dataset_id}/{safe_name}"


def parquet_key(user_id: uuid.UUID, dataset_id: uuid.UUID) -> str:
    return f"datasets/{user_id}/{dataset_id}/data.parquet"


def ids_from_upload_key(key: str) -> tuple[uuid.UUID, uuid.UUID] | None:
    """(user_id, dataset_id) of a key we issued, or None for anything else."""
    parts = key.split("/", 3)
    if len(parts) != 4 or parts[0] != "uploads":
        return None
    try:
        return uuid.UUID(parts[1]), uuid.UUID(parts[2])
    except ValueError:
        return None
