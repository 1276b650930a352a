"""Run generated SQL with DuckDB over one Parquet file, locked down.

Each session is a fresh in-memory DuckDB connection: one thread, a memory limit, the one
Parquet file as the view `data` (the only path the engine may open: `allowed_paths`), then
external access off (no other file, no network, no extension loading) and the configuration
locked so no statement can undo any of it. Each statement runs under a timer that interrupts
it, and at most `max_rows` rows are fetched (one more is asked for to say "truncated").
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    from uam.nlq.schema import TableSchema
    from uam.nlq.sql import Query


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 256
    timeout_s: float = 10.0
    max_rows: int = 1000


class NlqExecutionError(Exception):
    """The query was understood but could not be computed within the limits."""

    kind = "failed"


class QueryTimeout(NlqExecutionError):
    kind = "timeout"


class QueryOutOfMemory(NlqExecutionError):
    kind = "memory"


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[Any]]  # JSON-ready
    truncated: bool = False


class Session:
    """A locked-down connection with the Parquet file at `path` as `data`.

    Without a schema `data` is the file as stored; with one, each column is normalised to
    its UAM dtype (see `sql.view_sql`), so every query sees the types the analysis sees.
    """

    def __init__(self, path: Path, schema: TableSchema | None, limits: Limits) -> None:
        self._path = Path(path).resolve()
        self._schema = schema
        self._limits = limits
        self._conn: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> Session:
        from uam.nlq.sql import view_sql

        if not self._path.is_file():
            raise NlqExecutionError(f"no data file at {self._path}")
        conn = duckdb.connect(
            ":memory:",
            config={
                "threads": 1,
                "memory_limit": f"{int(self._limits.memory_mb)}MB",
                "autoinstall_known_extensions": False,
                "autoload_known_extensions": False,
            },
        )
        try:
            conn.execute("SET enable_progress_bar = false")
            conn.execute("SET allowed_paths = ?", [[str(self._path)]])
            # The relation API takes the path as a Python value: no SQL text is built from it.
            conn.read_parquet(str(self._path)).create_view("source")
            if self._schema is None:
                conn.execute("CREATE VIEW data AS SELECT * FROM source")
            else:
                conn.execute(view_sql(self._schema))
            conn.execute("SET enable_external_access = false")
            conn.execute("SET lock_configuration = true")
        except Exception:
            conn.close()
            raise
        self._conn = conn
        return self

    def __exit__(self, *exc: object) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The locked connection (tests use it to prove what it refuses)."""
        assert self._conn is not None, "use the session inside `with`"
        return self._conn

    def fetch(self, sql: str, params: Sequence[Any], max_rows: int | None = None) -> Table:
        """Run one statement with bound `params`; at most `max_rows` rows (all if None)."""
        conn = self.connection
        done = threading.Event()
        watchdog = threading.Thread(
            target=_interrupt_after, args=(conn, done, self._limits.timeout_s)
        )
        watchdog.daemon = True
        watchdog.start()
        try:
            cursor = conn.execute(sql, list(params))
            if max_rows is None:
                raw = cursor.fetchall()
                truncated = False
            else:
                raw = cursor.fetchmany(max_rows + 1)
                truncated = len(raw) > max_rows
                raw = raw[:max_rows]
            names = [d[0] for d in (cursor.description or [])]
        except duckdb.InterruptException as exc:
            raise QueryTimeout(
                f"the query took longer than {self._limits.timeout_s:g} s and was stopped"
            ) from exc
        except duckdb.OutOfMemoryException as exc:
            raise QueryOutOfMemory(
                f"the query needed more than {self._limits.memory_mb} MB of memory"
            ) from exc
        except duckdb.Error as exc:
            raise NlqExecutionError(f"the query failed: {exc}") from exc
        finally:
            done.set()
            watchdog.join()
        return Table(
            columns=names,
            rows=[[json_value(v) for v in row] for row in raw],
            truncated=truncated,
        )


def _interrupt_after(
    conn: duckdb.DuckDBPyConnection, done: threading.Event, seconds: float
) -> None:
    """Interrupt the running statement once `seconds` pass, and again every 50 ms until it
    stops (an interrupt that lands before the statement starts would otherwise be lost)."""
    if done.wait(seconds):
        return
    while not done.is_set():
        conn.interrupt()
        done.wait(0.05)


def describe_parquet(path: Path, limits: Limits) -> list[tuple[str, str]]:
    """(name, engine type) of each column of the Parquet file, in file order."""
    with Session(path, None, limits) as session:
        rows = session.fetch("SELECT column_name, column_type FROM (DESCRIBE data)", ()).rows
    return [(str(name), str(kind)) for name, kind in rows]


def run_query(query: Query, path: Path, schema: TableSchema, limits: Limits) -> Table:
    """Run a generated query over the file; rows capped at `limits.max_rows`."""
    with Session(path, schema, limits) as session:
        table = session.fetch(query.sql, query.params, max_rows=limits.max_rows)
    return Table(
        columns=list(query.columns) if query.columns else table.columns,
        rows=table.rows,
        truncated=table.truncated,
    )


def json_value(value: Any) -> Any:
    """A value json.dumps writes as-is: NaN and infinities become None, dates ISO text."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, decimal.Decimal):
        return json_value(float(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return str(value)
