"""Tenant isolation, route by route: another user's ids answer 404 and leak nothing; a token
that is missing, expired, of the wrong type, or of a user who no longer exists or is disabled
answers 401.

The matrix is built from the app's OpenAPI document (its route table): every operation must
fall in one of the classes below, and every id it names (path, query or body) must be one the
test owns a resource for, so a new route, or a new kind of id, fails here until it has a case.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import ADMIN_EMAIL, FinishedRun, RunningStack
from tests.run_flows import Client, sign_up

pytestmark = pytest.mark.e2e

# A body for each operation that takes one, with {name} standing for the owner's ids.
BODIES: dict[str, dict[str, Any]] = {
    "POST /auth/register": {"name": "n", "email": "x@example.com", "password": "a long password"},
    "POST /auth/login": {"email": "x@example.com", "password": "a long password"},
    "POST /auth/token": {"username": "x@example.com", "password": "a long password"},
    "POST /auth/refresh": {"refresh_token": "x"},
    "POST /projects": {"name": "mine"},
    "PATCH /projects/{project_id}": {"name": "taken over"},
    "POST /datasets/presign": {"project_id": "{project_id}", "filename": "x.csv", "size": 10},
    "POST /datasets/upload": {"project_id": "{project_id}"},
    "POST /runs/start": {"project_id": "{project_id}", "dataset_id": "{dataset_id}"},
    "POST /models/{model_id}/predict": {"rows": [{"island": "Dream", "year": 2008}]},
    "POST /reports/generate": {"run_id": "{run_id}"},
    "POST /nlq": {"dataset_id": "{dataset_id}", "question": "how many rows are there"},
    "PATCH /admin/users/{user_id}": {"disabled": True},
}
# Operations anyone may call, and operations that only act on the caller's own data.
PUBLIC = {"GET /health", "POST /auth/register", "POST /auth/login", "POST /auth/token",
          "POST /auth/refresh"}  # fmt: skip
OWN = {"GET /auth/me", "GET /projects", "POST /projects", "GET /datasets", "GET /runs",
       "GET /models"}  # fmt: skip
PENGUIN = {
    "island": "Dream",
    "bill_length_mm": 40.0,
    "bill_depth_mm": 18.0,
    "flipper_length_mm": 190,
    "body_mass_g": 3700,
    "sex": "female",
    "year": 2008,
}
UPLOAD_FILE = {"file": ("x.csv", b"a,b\n1,2\n", "text/csv")}


def _operations(stack: RunningStack) -> list[tuple[str, str, dict[str, Any]]]:
    document = httpx.get(f"{stack.api_url}/openapi.json", timeout=30).json()
    return [
        (method.upper(), path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


def _call(
    http: httpx.Client, key: str, operation: dict, ids: dict[str, str], headers: dict[str, str]
) -> httpx.Response:
    method, path = key.split(" ", 1)
    url = path.format(**{name: ids[name] for name in ids if f"{{{name}}}" in path})
    query = {
        p["name"]: ids[p["name"]]
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p["name"] in ids
    }
    content = operation.get("requestBody", {}).get("content", {})
    body = _fill(BODIES.get(key), ids)
    if "multipart/form-data" in content and "application/json" not in content:
        return http.request(
            method, url, params=query, data=body, files=UPLOAD_FILE, headers=headers
        )
    if "application/x-www-form-urlencoded" in content:
        return http.request(method, url, params=query, data=body, headers=headers)
    return http.request(method, url, params=query, json=body, headers=headers)


def _named_ids(key: str, operation: dict) -> set[str]:
    names = {p["name"] for p in operation.get("parameters", []) if p["name"].endswith("_id")}
    body = json.dumps(BODIES.get(key, {}))
    return names | {n for n in ("project_id", "dataset_id", "run_id") if f"{{{n}}}" in body}


@pytest.fixture(scope="module")
def owner_ids(penguins_run: FinishedRun) -> dict[str, str]:
    """One of every resource, owned by the penguins run's user."""
    owner = penguins_run.owner
    http, headers = owner.http, owner.headers
    models = http.get("/models", params={"run_id": penguins_run.run_id}, headers=headers).json()
    model = models["items"][0] if isinstance(models, dict) else models[0]
    predicted = http.post(
        f"/models/{model['id']}/predict",
        json={"rows": [PENGUIN]},
        headers=headers,
    )
    assert predicted.status_code == 200, predicted.text
    artifacts = http.get(f"/runs/{penguins_run.run_id}/artifacts", headers=headers).json()
    report = next(a for a in artifacts if a["type"] == "report")
    assert any(a["type"] == "prediction" for a in artifacts)
    me = http.get("/auth/me", headers=headers).json()
    listed = http.get("/datasets", params={"project_id": owner.project_id}, headers=headers).json()
    datasets = listed["items"] if isinstance(listed, dict) else listed
    return {
        "project_id": owner.project_id,
        "dataset_id": datasets[0]["id"],
        "run_id": penguins_run.run_id,
        "model_id": model["id"],
        "report_id": report["id"],
        "artifact_id": predicted.json()["artifact_id"],
        "user_id": me["id"],
    }


def test_every_route_answers_404_to_another_users_ids_and_lists_none_of_them(
    stack: RunningStack, owner_ids: dict[str, str]
) -> None:
    intruder = sign_up(stack.http())
    leaked = set(owner_ids.values())
    outcomes: dict[str, int] = {}
    for method, path, operation in _operations(stack):
        key = f"{method} {path}"
        if "requestBody" in operation:
            assert key in BODIES, f"{key} takes a body: give it a case in BODIES"
        named = _named_ids(key, operation)
        unknown = named - owner_ids.keys() - {"target_id"}
        assert not unknown, f"{key} names {unknown}: give the owner one of those"
        if key in PUBLIC:
            continue
        response = _call(intruder.http, key, operation, owner_ids, intruder.headers)
        outcomes[key] = response.status_code
        if path.startswith("/admin/"):
            assert response.status_code == 403, (key, response.text)
        elif named:
            assert response.status_code == 404, (key, response.status_code, response.text)
            assert response.json()["detail"], key
        else:
            assert key in OWN, f"{key} names no id and is not listed as acting on own data"
            assert response.status_code < 300, (key, response.text)
        # Never data: no answer to the intruder mentions any of the owner's ids.
        assert not {i for i in leaked if i in response.text}, (key, response.text[:300])
    assert len(outcomes) >= 25, outcomes


def _tokens(stack: RunningStack, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Every kind of token the API must refuse, made with the stack's own signing key."""
    from uam.auth import tokens
    from uam.config import clear_settings_cache

    monkeypatch.setenv("SECRET_KEY", (stack.data_dir / "secret_key").read_text().strip())
    clear_settings_cache()
    http = stack.http()
    email = f"victim-{uuid.uuid4().hex[:8]}@example.com"
    body = {"name": "Victim", "email": email, "password": "a long enough password"}
    registered = http.post("/auth/register", json=body).json()
    victim_id = uuid.UUID(registered["user"]["id"])

    disabled = sign_up(http)
    admin = _admin(http)
    disabled_id = http.get("/auth/me", headers=disabled.headers).json()["id"]
    changed = http.patch(f"/admin/users/{disabled_id}", json={"disabled": True}, headers=admin)
    assert changed.status_code == 200, changed.text

    past = datetime.now(UTC) - timedelta(days=2)
    return {
        "no token": "",
        "expired": tokens.issue(victim_id, tokens.TokenType.ACCESS, now=past).token,
        "refresh token": registered["refresh_token"],
        "deleted user": tokens.issue(uuid.uuid4(), tokens.TokenType.ACCESS).token,
        "disabled user": disabled.headers["Authorization"].removeprefix("Bearer "),
        "forged": tokens.issue(victim_id, tokens.TokenType.ACCESS).token[:-4] + "AAAA",
    }


def _admin(http: httpx.Client) -> dict[str, str]:
    body = {"name": "Admin", "email": ADMIN_EMAIL, "password": "a long enough password"}
    response = http.post("/auth/register", json=body)
    if response.status_code == 409:  # an earlier test of this session registered it
        response = http.post(
            "/auth/login", json={"email": ADMIN_EMAIL, "password": body["password"]}
        )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_every_authenticated_route_answers_401_to_every_unusable_token(
    stack: RunningStack, owner_ids: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = _tokens(stack, monkeypatch)
    http = stack.http()
    matrix = 0
    for method, path, operation in _operations(stack):
        key = f"{method} {path}"
        if key in PUBLIC:
            assert "security" not in operation, key
            continue
        assert "security" in operation, f"{key} is neither public nor authenticated"
        for case, token in cases.items():
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            response = _call(http, key, operation, owner_ids, headers)
            assert response.status_code == 401, (key, case, response.status_code, response.text)
            assert response.json()["detail"], (key, case)
            matrix += 1
    assert matrix >= 25 * len(cases)


def test_the_owner_still_has_everything(
    penguins_run: FinishedRun, owner_ids: dict[str, str]
) -> None:
    """The intruder's PATCH, DELETE, cancel and report requests changed nothing."""
    owner: Client = penguins_run.owner
    http, headers = owner.http, owner.headers
    project = http.get(f"/projects/{owner_ids['project_id']}", headers=headers)
    assert project.status_code == 200 and project.json()["name"] != "taken over"
    assert http.get(f"/datasets/{owner_ids['dataset_id']}", headers=headers).status_code == 200
    status = http.get(f"/runs/{owner_ids['run_id']}/status", headers=headers).json()
    assert status["status"] == "SUCCEEDED"
    assert http.get(f"/models/{owner_ids['model_id']}", headers=headers).status_code == 200
