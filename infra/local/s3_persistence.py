"""Keep the emulator's S3 objects across restarts in `data_dir/s3/`, written through.

S3 promises that an object it acknowledged is durable, so the emulator must not answer a
mutating request before the change is on disk: a SIGKILL right after a 200/204 must lose
nothing. Two small pieces do it, both in the server's process:

- hooks on moto's `S3Backend.put_object`, `delete_object`, `create_bucket` and
  `delete_bucket` note which (bucket, key) the current request touched. Every mutating
  operation funnels into these: PutObject, POST form uploads (after `${filename}`
  substitution), CopyObject, CompleteMultipartUpload, DeleteObject and DeleteObjects alike,
  so nothing is parsed from the request here; moto already did that.
- a WSGI middleware around moto's app, after moto has handled a PUT/POST/DELETE, writes the
  current state of each touched key (body and metadata, temp file + fsync + os.replace, then
  the directory fsync'd) or removes its files, and only then returns the response. WSGI
  servers send nothing before the first chunk of the returned body (PEP 3333), so the client
  sees success only once the object is on disk; if the write fails the request fails (500).

The state is read after the whole request, not inside the hooks, because moto sets an
upload's metadata after `put_object` returns. Per-key locks make concurrent writers of one key
end with the last state on disk. There is no periodic snapshot any more: one mechanism.
`close()` (before the emulator is reset at stop) waits for writes under way and refuses new
ones, so a wiped backend is never mistaken for deleted objects.
S3 event notifications are sent by moto inside `put_object`, so a consumer may start a few
milliseconds before the object is durable; it reads from memory, which already has it.

Layout: `s3/<bucket>/<sha1 of key>.bin` holds the body, `.json` beside it holds key,
content type and user metadata. Restore runs before bucket notifications are configured so
restored uploads do not re-trigger ingestion, and is not written through again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from moto.s3.models import FakeKey, S3Backend
from werkzeug.serving import BaseWSGIServer, make_server

from infra.local.resources import client

log = logging.getLogger("infra.local")

USER_METADATA_PREFIX = "x-amz-meta-"
MUTATING_METHODS = frozenset({"PUT", "POST", "DELETE"})
HOOKED = ("put_object", "delete_object", "create_bucket", "delete_bucket")

# (backend, bucket, key or None for the bucket itself) touched by the request on this thread.
_request = threading.local()
Touched = tuple[S3Backend, str, str | None]


class S3Persistence:
    def __init__(self, data_dir: Path, endpoint_url: str, region: str):
        self._root = data_dir / "s3"
        self._s3 = client("s3", endpoint_url, region)
        self._locks = [threading.Lock() for _ in range(64)]  # striped by (bucket, key)
        self._restoring = False
        self._state = threading.Condition()  # guards _closed and _active (writes under way)
        self._closed = False
        self._active = 0
        self._originals: dict[str, Callable[..., Any]] = {}

    # -- hooks and middleware ---------------------------------------------------------------

    def install(self) -> None:
        """Hook moto's S3 backend so requests record what they touch (no-op off a request)."""
        if self._originals:
            return
        for name in HOOKED:
            original = getattr(S3Backend, name)
            self._originals[name] = original
            setattr(S3Backend, name, _recording(original, bucket_only=name.endswith("bucket")))

    def uninstall(self) -> None:
        for name, original in self._originals.items():
            setattr(S3Backend, name, original)
        self._originals = {}

    def middleware(self, app: Callable[..., Any]) -> Callable[..., Any]:
        """Wrap moto's WSGI app: persist what a mutating request touched before answering."""

        def write_through(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
            if environ.get("REQUEST_METHOD") not in MUTATING_METHODS or self._restoring:
                return app(environ, start_response)
            _request.touched = touched = []
            try:
                response = app(environ, start_response)
            finally:
                _request.touched = None
            if touched:
                try:
                    self._persist_unless_closed(touched)
                except BaseException:
                    if hasattr(response, "close"):
                        response.close()
                    log.exception("could not persist an S3 change; the request fails")
                    raise
            return response

        return write_through

    def _persist_unless_closed(self, touched: list[Touched]) -> None:
        with self._state:
            if self._closed:
                raise RuntimeError("the emulator is stopping; S3 changes are no longer kept")
            self._active += 1
        try:
            self.persist(touched)
        finally:
            with self._state:
                self._active -= 1
                self._state.notify_all()

    def close(self) -> None:
        """No more writes; waits for those under way. Call before resetting the emulator,
        whose wiped buckets would otherwise read as deleted to a write still in flight."""
        with self._state:
            self._closed = True
            self._state.wait_for(lambda: self._active == 0, timeout=30)

    def persist(self, touched: Iterable[Touched]) -> None:
        """Make disk match moto's current state for each touched bucket or key."""
        dirs: set[Path] = set()
        for backend, bucket, key in dict.fromkeys(touched):  # unique, in order
            if not bucket or bucket in (".", "..") or "/" in bucket:
                continue  # a rejected request's name must never become a path (rmtree!)
            if key is None:
                dirs.add(self._persist_bucket(backend, bucket))
            else:
                with self._locks[hash((bucket, key)) % len(self._locks)]:
                    dirs.add(self._persist_key(backend, bucket, key))
        for directory in dirs:
            _fsync_dir(directory)

    def _persist_bucket(self, backend: S3Backend, bucket: str) -> Path:
        if bucket in backend.buckets:
            (self._root / bucket).mkdir(parents=True, exist_ok=True)
        else:
            shutil.rmtree(self._root / bucket, ignore_errors=True)
        return self._root

    def _paths(self, bucket: str, key: str) -> tuple[Path, Path]:
        stem = hashlib.sha1(key.encode()).hexdigest()  # a file name, not security
        base = self._root / bucket
        return base / f"{stem}.bin", base / f"{stem}.json"

    def _persist_key(self, backend: S3Backend, bucket: str, key: str) -> Path:
        body_path, meta_path = self._paths(bucket, key)
        state = _read_current(backend, bucket, key)
        if state is None:
            meta_path.unlink(missing_ok=True)  # .json first: a .bin alone is never restored
            body_path.unlink(missing_ok=True)
        else:
            body, metadata = state
            body_path.parent.mkdir(parents=True, exist_ok=True)
            meta = {
                "key": key,
                "content_type": metadata.get("content-type"),
                "metadata": {
                    name[len(USER_METADATA_PREFIX) :]: value
                    for name, value in metadata.items()
                    if name.startswith(USER_METADATA_PREFIX)
                },
            }
            _atomic_write(body_path, body)
            _atomic_write(meta_path, json.dumps(meta).encode())
        return body_path.parent

    # -- restore ----------------------------------------------------------------------------

    def restore(self) -> int:
        """Put every persisted object back; buckets missing from the template are recreated."""
        if not self._root.is_dir():
            return 0
        existing = {b["Name"] for b in self._s3.list_buckets().get("Buckets", [])}
        count = 0
        self._restoring = True  # the files are the source: do not write them again
        try:
            for bucket_dir in sorted(p for p in self._root.iterdir() if p.is_dir()):
                bucket = bucket_dir.name
                if bucket not in existing:
                    self._s3.create_bucket(Bucket=bucket)
                for leftover in bucket_dir.glob("*.tmp"):  # a write cut short by a crash
                    leftover.unlink()
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
        finally:
            self._restoring = False
        return count


class WriteThroughMotoServer:
    """moto's server (as `ThreadedMotoServer` builds it) with the write-through middleware,
    its apps built by `s3_cors.create_app`: CORS answered by the bucket's rules, as S3 does."""

    def __init__(self, persistence: S3Persistence, port: int, host: str = "127.0.0.1") -> None:
        self._persistence = persistence
        self._host, self._port = host, port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler

        from infra.local.s3_cors import create_app

        app = self._persistence.middleware(DomainDispatcherApplication(create_app))
        self._server = make_server(
            self._host, self._port, app, threaded=True, request_handler=MotoRequestHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True, name="moto-server"
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None


def _recording(method: Callable[..., Any], *, bucket_only: bool) -> Callable[..., Any]:
    @functools.wraps(method)
    def hooked(backend: S3Backend, bucket_name: str, *args: Any, **kwargs: Any) -> Any:
        touched = getattr(_request, "touched", None)
        try:
            return method(backend, bucket_name, *args, **kwargs)
        finally:  # even on error: persisting the current state is always right
            if touched is not None:
                key = None if bucket_only else (args[0] if args else kwargs["key_name"])
                touched.append((backend, bucket_name, key))

    return hooked


def _read_current(backend: S3Backend, bucket: str, key: str) -> tuple[bytes, dict] | None:
    """Body and metadata of the key's current version, or None if it is gone."""
    for _ in range(10):
        found = backend.buckets.get(bucket)
        current = found.keys.get(key) if found is not None else None
        if not isinstance(current, FakeKey):  # missing, or a delete marker
            return None
        try:
            return current.value, dict(current.metadata)
        except ValueError:  # replaced (and its buffer closed) while we read: read the newer one
            continue
    raise RuntimeError(f"s3://{bucket}/{key} kept changing while being persisted")


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def _fsync_dir(path: Path) -> None:
    """Make renames and unlinks in `path` durable, not just the files' contents."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:  # nothing was ever written there
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
