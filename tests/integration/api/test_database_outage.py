"""The database going away while the API runs: a 503 with a sentence while it is gone, and the
API answering again by itself once it is back (no restart, no request lost to a dead socket)."""

import re
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from tests.factories import register
from uam.config import clear_settings_cache
from uam.db.engine import dispose_engine

pytestmark = pytest.mark.integration
UNAVAILABLE = r"the database is unavailable; try again in a moment \(request id [0-9a-f-]{36}\)"


class Relay:
    """A unix-socket relay in front of PostgreSQL: `down()` is the database going away (every
    open connection cut, new ones refused), `up()` is it coming back."""

    def __init__(self, target: str, path: Path) -> None:
        self.target, self.path = target, path
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    def up(self) -> None:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(self.path))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self.path.unlink(missing_ok=True)
        with self._lock:
            for sock in self._open:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed by down()
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.connect(self.target)
            with self._lock:
                self._open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


@pytest.fixture
def relay(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Relay]:
    target = make_url(database_url).query["unix_sock"]
    assert isinstance(target, str)
    folder = Path(tempfile.mkdtemp(prefix="uam-relay-"))  # a unix socket path is short
    relay = Relay(target, folder / ".s.PGSQL.5432")
    relay.up()
    monkeypatch.setenv("DATABASE_URL", database_url.replace(target, str(relay.path)))
    clear_settings_cache()
    dispose_engine()
    try:
        yield relay
    finally:
        relay.down()
        dispose_engine()
        shutil.rmtree(folder, ignore_errors=True)


def test_the_database_going_away_is_a_503_and_the_api_recovers_when_it_returns(
    relay: Relay, aws: None
) -> None:
    from uam.api.app import create_app

    client = TestClient(create_app(), raise_server_exceptions=False)
    account = register(client)
    assert client.get("/auth/me", headers=account.headers).status_code == 200

    relay.down()  # the pooled connection dies and no new one can be made
    for _ in range(2):
        response = client.get("/auth/me", headers=account.headers)
        assert response.status_code == 503, response.text
        assert re.fullmatch(UNAVAILABLE, response.json()["detail"])
        assert response.headers["retry-after"] == "5"

    relay.up()  # back: the very next request is answered, on a fresh connection
    assert client.get("/auth/me", headers=account.headers).status_code == 200
    assert client.get("/projects", headers=account.headers).status_code == 200
