"""The Content-Type of each kind of file UAM stores: written with it, downloaded with it."""

from pathlib import PurePosixPath

DEFAULT = "application/octet-stream"
CONTENT_TYPES = {
    ".json": "application/json",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".csv": "text/csv",
    ".parquet": "application/vnd.apache.parquet",
    ".joblib": DEFAULT,
    ".npy": DEFAULT,
}


def content_type_for(name: str) -> str:
    """By the file name's or key's extension; unknown ones are plain bytes."""
    return CONTENT_TYPES.get(PurePosixPath(name).suffix.lower(), DEFAULT)
