"""Issue 2's must-show over real HTTP on `python -m infra.local up`."""

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from tests.e2e.conftest import RunningStack

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"


def register(http, email: str) -> dict:
    response = http.post(
        "/auth/register", json={"name": "E2E", "email": email, "password": PASSWORD}
    )
    assert response.status_code == 201, response.text
    return response.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_health_and_docs(stack: RunningStack) -> None:
    with stack.http() as http:
        assert http.get("/health").json() == {"status": "ok", "database": "ok", "storage": "ok"}
        assert http.get("/docs").status_code == 200
        assert "/datasets/presign" in http.get("/openapi.json").json()["paths"]


def test_auth_flow(stack: RunningStack) -> None:
    email = f"flow-{uuid.uuid4().hex[:8]}@example.com"
    with stack.http() as http:
        pair = register(http, email)
        login = http.post("/auth/login", json={"email": email.upper(), "password": PASSWORD})
        assert login.status_code == 200
        form = http.post("/auth/token", data={"username": email, "password": PASSWORD})
        assert form.status_code == 200
        assert (
            http.get("/auth/me", headers=bearer(form.json()["access_token"])).json()["email"]
            == email
        )

        rotated = http.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert rotated.status_code == 200
        again = http.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert again.status_code == 401

        dup = http.post(
            "/auth/register", json={"name": "x", "email": email.title(), "password": PASSWORD}
        )
        assert dup.status_code == 409
        bad = http.post("/auth/register", json={"name": "x", "email": "nope", "password": "1"})
        assert bad.status_code == 422
        assert {e["loc"][-1] for e in bad.json()["detail"]} == {"email", "password"}


def test_forged_expired_and_garbage_tokens_are_401(stack: RunningStack) -> None:
    with stack.http() as http:
        pair = register(http, f"tokens-{uuid.uuid4().hex[:8]}@example.com")
        uid = pair["user"]["id"]
        now = datetime.now(UTC)
        claims = {"sub": uid, "jti": str(uuid.uuid4()), "type": "access", "iat": now}
        secret = (stack.data_dir / "secret_key").read_text().strip()
        tokens = {
            "alg none": jwt.encode({**claims, "exp": now + timedelta(minutes=5)}, None, "none"),
            "wrong key": jwt.encode(
                {**claims, "exp": now + timedelta(minutes=5)}, "k" * 40, "HS256"
            ),
            "expired": jwt.encode({**claims, "exp": now - timedelta(seconds=5)}, secret, "HS256"),
            "refresh as access": pair["refresh_token"],
            "garbage": "garbage",
        }
        for name, token in tokens.items():
            assert http.get("/auth/me", headers=bearer(token)).status_code == 401, name
        valid = jwt.encode({**claims, "exp": now + timedelta(minutes=5)}, secret, "HS256")
        assert http.get("/auth/me", headers=bearer(valid)).status_code == 200


def test_projects_crud_and_isolation(stack: RunningStack) -> None:
    with stack.http() as http:
        owner = bearer(register(http, f"o-{uuid.uuid4().hex[:8]}@example.com")["access_token"])
        other = bearer(register(http, f"i-{uuid.uuid4().hex[:8]}@example.com")["access_token"])
        created = http.post("/projects", json={"name": "Penguins"}, headers=owner)
        assert created.status_code == 201
        url = f"/projects/{created.json()['id']}"
        assert http.get(url, headers=other).status_code == 404
        assert http.patch(url, json={"name": "x"}, headers=other).status_code == 404
        assert http.delete(url, headers=other).status_code == 404
        assert http.patch(url, json={"name": "Birds"}, headers=owner).json()["name"] == "Birds"
        assert [p["name"] for p in http.get("/projects", headers=owner).json()] == ["Birds"]
        assert http.post("/projects", json={"name": ""}, headers=owner).status_code == 422
        assert http.delete(url, headers=owner).status_code == 204
        assert http.get(url, headers=owner).status_code == 404
