"""The API's request logging: one JSON line per request, its path ids on every line it logs."""

import json
import logging
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from uam.api import request_logging
from uam.observability.logs import function_logger

pytestmark = pytest.mark.unit


def lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [json.loads(t) for t in capsys.readouterr().out.splitlines() if t.startswith("{")]


@pytest.fixture
def app() -> FastAPI:
    app = FastAPI()
    request_logging.install(app, function_logger("uam-test-api"))

    @app.get("/things/{thing_id}")
    def thing(thing_id: str) -> dict:  # sync: FastAPI runs it in a worker thread
        logging.getLogger("uam.tests.probe").warning("inside the route")
        return {"id": thing_id}

    @app.get("/broken/{thing_id}")
    async def broken(thing_id: str) -> dict:
        raise RuntimeError("the route fell over")

    return app


def test_the_ids_in_the_path_are_on_every_line_of_their_request_only(
    app: FastAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    with TestClient(app) as client:
        assert client.get("/things/abc").status_code == 200
        assert client.get("/things").status_code == 404

    inside, request, other = lines(capsys)
    # A stdlib logger of the uam package, in the route's thread, writes the same JSON.
    assert (inside["message"], inside["name"], inside["level"]) == (
        "inside the route",
        "uam.tests.probe",
        "WARNING",
    )
    assert inside["service"] == "uam-test-api"
    assert inside["thing_id"] == "abc"

    assert request["message"] == "request"
    assert request["thing_id"] == "abc"
    assert (request["method"], request["route"], request["path"]) == (
        "GET",
        "/things/{thing_id}",
        "/things/abc",
    )
    assert request["status"] == 200
    assert isinstance(request["duration_ms"], float)

    assert (other["message"], other["status"], other["path"]) == ("request", 404, "/things")
    assert "thing_id" not in other and "route" not in other


def test_a_request_that_raises_is_logged_as_a_500_with_its_error(
    app: FastAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/broken/xyz").status_code == 500

    (line,) = [entry for entry in lines(capsys) if entry["message"] == "request failed"]
    assert line["level"] == "ERROR"
    assert (line["status"], line["route"], line["thing_id"]) == (500, "/broken/{thing_id}", "xyz")
    assert "the route fell over" in line["exception"]
