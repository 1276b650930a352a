"""The dataset's Parquet copy on local disk, fetched once per warm function."""

from __future__ import annotations

import hashlib
import tempfile
import threading
from pathlib import Path
from typing import Any

from uam.aws import s3 as storage
from uam.config import get_aws_settings
from uam.datasets.models import Dataset

CACHE_DIR = Path(tempfile.gettempdir()) / "uam-nlq"
# Lambda's /tmp is small (512 MB by default): keep the datasets asked about most recently.
KEEP_FILES = 4
_lock = threading.Lock()


def local_parquet(dataset: Dataset, *, s3: Any) -> Path:
    """A local copy of the dataset's Parquet file. The name is derived from the object key,
    which ingest never reuses for other content, so a cached file is never stale."""
    assert dataset.parquet_key is not None
    digest = hashlib.sha256(dataset.parquet_key.encode()).hexdigest()[:32]
    path = CACHE_DIR / f"{digest}.parquet"
    with _lock:
        if not path.exists():
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            storage.download(
                s3, bucket=get_aws_settings().artifacts_bucket, key=dataset.parquet_key,
                dest=partial,
            )  # fmt: skip
            partial.replace(path)  # never a half-written file under the final name
            _evict_all_but_newest(KEEP_FILES)
        path.touch()  # most recently used
    return path


def _evict_all_but_newest(keep: int) -> None:
    files = sorted(CACHE_DIR.glob("*.parquet"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)
