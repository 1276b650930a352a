"""Keep the emulator's S3 objects across restarts in `data_dir/s3/`.

Choice: snapshot, not write-through. moto has no single write hook (PutObject, POST uploads,
CopyObject and multipart each take their own path), so a snapshotter lists every bucket every
few seconds and writes only objects whose ETag/LastModified changed, deleting files of removed
objects; `stop()` takes a final snapshot. A crash loses at most one interval of writes.

Layout: `s3/<bucket>/<sha1 of key>.bin` holds the body, `.json` beside it holds key,
content type and user metadata. Restore runs before bucket notifications are configured so
restored uploads do not re-trigger ingestion.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from pathlib import Path
from typing import Any

from infra.local.resources import client

log = logging.getLogger("infra.local")


class S3Persistence:
    def __init__(self, data_dir: Path, endpoint_url: str, region: str, interval: float = 3.0):
        self._root = data_dir / "s3"
        self._s3 = client("s3", endpoint_url, region)
        self._interval = interval
        self._saved: dict[tuple[str, str], str] = {}  # (bucket, key) -> version marker on disk
        self._lock = threading.Lock()
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None

    def _paths(self, bucket: str, key: str) -> tuple[Path, Path]:
        stem = hashlib.sha1(key.encode()).hexdigest()  # a file name, not security
        base = self._root / bucket
        return base / f"{stem}.bin", base / f"{stem}.json"

    def restore(self) -> int:
        """Put every persisted object back; buckets missing from the template are recreated."""
        if not self._root.is_dir():
            return 0
        existing = {b["Name"] for b in self._s3.list_buckets().get("Buckets", [])}
        count = 0
        for bucket_dir in sorted(p for p in self._root.iterdir() if p.is_dir()):
            bucket = bucket_dir.name
            if bucket not in existing:
                self._s3.create_bucket(Bucket=bucket)
            for meta_path in sorted(bucket_dir.glob("*.json")):
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                body_path = meta_path.with_suffix(".bin")
                kwargs: dict[str, Any] = {"Metadata": meta.get("metadata") or {}}
                if meta.get("content_type"):
                    kwargs["ContentType"] = meta["content_type"]
                self._s3.put_object(
                    Bucket=bucket, Key=meta["key"], Body=body_path.read_bytes(), **kwargs
                )
                count += 1
        self.snapshot()  # adopt restored objects so they are not rewritten needlessly
        return count

    def snapshot(self) -> int:
        """Write new/changed objects, drop removed ones; returns how many were written."""
        with self._lock:
            seen: set[tuple[str, str]] = set()
            written = 0
            for bucket in (b["Name"] for b in self._s3.list_buckets().get("Buckets", [])):
                pages = self._s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
                for obj in (o for page in pages for o in page.get("Contents", [])):
                    ident = (bucket, obj["Key"])
                    marker = f"{obj['ETag']}|{obj['LastModified'].isoformat()}"
                    seen.add(ident)
                    if self._saved.get(ident) != marker:
                        self._write(bucket, obj["Key"])
                        self._saved[ident] = marker
                        written += 1
            for bucket, key in set(self._saved) - seen:
                for path in self._paths(bucket, key):
                    path.unlink(missing_ok=True)
                del self._saved[(bucket, key)]
            return written

    def _write(self, bucket: str, key: str) -> None:
        response = self._s3.get_object(Bucket=bucket, Key=key)
        body_path, meta_path = self._paths(bucket, key)
        body_path.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "key": key,
            "content_type": response.get("ContentType"),
            "metadata": response.get("Metadata") or {},
        }
        _atomic_write(body_path, response["Body"].read())
        _atomic_write(meta_path, json.dumps(meta).encode())

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True, name="s3-persistence")
        self._thread.start()

    def _run(self) -> None:
        while not self._halt.wait(self._interval):
            try:
                self.snapshot()
            except Exception:
                if not self._halt.is_set():
                    log.exception("S3 snapshot failed; will retry")

    def stop(self) -> None:
        """Stop the periodic thread and take a final snapshot (server must still be up)."""
        self._halt.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.snapshot()


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
