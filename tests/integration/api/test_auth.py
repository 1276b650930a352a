"""Auth over HTTP: register, login, form token, refresh rotation, me, and every bad token."""

import time
import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from fastapi.testclient import TestClient

from tests.conftest import TEST_SECRET
from tests.factories import PASSWORD, register

pytestmark = pytest.mark.integration


def me(client: TestClient, token: str) -> int:
    return client.get("/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code


def test_register_returns_tokens_and_user_without_secrets(client: TestClient) -> None:
    response = client.post(
        "/auth/register", json={"name": "Ada", "email": "Ada@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["token_type"] == "bearer"
    assert set(body["user"]) == {"id", "name", "email", "role", "created_at"}
    assert body["user"]["email"] == "ada@example.com"
    assert body["user"]["role"] == "user"
    assert me(client, body["access_token"]) == 200


@pytest.mark.parametrize("email", ["dup@example.com", "DUP@example.com", "Dup@Example.COM"])
def test_duplicate_email_in_any_case_is_409(client: TestClient, email: str) -> None:
    register(client, "dup@example.com")
    response = client.post(
        "/auth/register", json={"name": "B", "email": email, "password": PASSWORD}
    )
    assert response.status_code == 409
    assert "already exists" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "A", "email": "not-an-email", "password": PASSWORD}, "email"),
        ({"name": "A", "email": "a@example.com", "password": "short"}, "password"),
        ({"name": "A", "email": "a@example.com", "password": "x" * 257}, "password"),
        ({"name": "", "email": "a@example.com", "password": PASSWORD}, "name"),
        ({"email": "a@example.com", "password": PASSWORD}, "name"),
        ({"name": "A", "email": "a@example.com", "password": PASSWORD, "role": "admin"}, "role"),
    ],
)
def test_invalid_registration_is_422_naming_the_field(
    client: TestClient, body: dict, field: str
) -> None:
    response = client.post("/auth/register", json=body)
    assert response.status_code == 422
    assert field in {err["loc"][-1] for err in response.json()["detail"]}


def test_admin_emails_become_admins_and_nobody_else(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from uam.config import clear_settings_cache

    monkeypatch.setenv("UAM_ADMIN_EMAILS", "boss@example.com, other@example.com")
    clear_settings_cache()
    assert register(client, "Boss@example.com").user["role"] == "admin"
    assert register(client, "worker@example.com").user["role"] == "user"


def test_login_and_form_token(client: TestClient) -> None:
    account = register(client, "login@example.com")
    login = client.post("/auth/login", json={"email": "LOGIN@example.com", "password": PASSWORD})
    assert login.status_code == 200
    assert login.json()["user"]["id"] == account.user["id"]
    form = client.post("/auth/token", data={"username": "login@example.com", "password": PASSWORD})
    assert form.status_code == 200
    assert form.json()["token_type"] == "bearer"
    assert me(client, form.json()["access_token"]) == 200


def test_wrong_password_and_unknown_email_get_the_same_401(client: TestClient) -> None:
    register(client, "known@example.com")
    wrong = client.post("/auth/login", json={"email": "known@example.com", "password": "nope-nope"})
    unknown = client.post("/auth/login", json={"email": "ghost@example.com", "password": "x" * 9})
    form = client.post("/auth/token", data={"username": "ghost", "password": "x"})
    assert wrong.status_code == unknown.status_code == form.status_code == 401
    assert wrong.json() == unknown.json() == form.json()
    assert wrong.headers["www-authenticate"] == "Bearer"


def test_passwords_sharing_their_first_72_bytes_are_different_passwords(
    client: TestClient,
) -> None:
    prefix = "p" * 72
    register(client, "long@example.com", password=prefix + "-first")
    ok = client.post(
        "/auth/login", json={"email": "long@example.com", "password": prefix + "-first"}
    )
    other = client.post(
        "/auth/login", json={"email": "long@example.com", "password": prefix + "-second"}
    )
    assert ok.status_code == 200
    assert other.status_code == 401


def test_refresh_rotates_and_a_used_refresh_token_is_refused(client: TestClient) -> None:
    account = register(client)
    first = client.post("/auth/refresh", json={"refresh_token": account.refresh_token})
    assert first.status_code == 200
    new_pair = first.json()
    assert new_pair["refresh_token"] != account.refresh_token
    assert me(client, new_pair["access_token"]) == 200

    replay = client.post("/auth/refresh", json={"refresh_token": account.refresh_token})
    assert replay.status_code == 401
    # Replaying a used token is treated as theft: the newer refresh token dies too.
    after_theft = client.post("/auth/refresh", json={"refresh_token": new_pair["refresh_token"]})
    assert after_theft.status_code == 401


def _forge(claims: dict, key: str = TEST_SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def _claims(user_id: str, token_type: str = "access", **overrides: object) -> dict:
    now = datetime.now(UTC)
    claims = {
        "sub": user_id,
        "jti": str(uuid.uuid4()),
        "type": token_type,
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    claims.update(overrides)
    return claims


def test_bad_tokens_are_401(client: TestClient) -> None:
    account = register(client)
    uid = account.user["id"]
    header, payload, _ = account.access_token.split(".")
    unsigned = jwt.encode(_claims(uid), None, algorithm="none")
    expired = _forge(_claims(uid, exp=datetime.now(UTC) - timedelta(seconds=1)))
    cases = {
        "alg none": unsigned,
        "wrong key": _forge(_claims(uid), key="another-secret-key-that-is-also-long-enough"),
        "expired": expired,
        "refresh as access": account.refresh_token,
        "garbage": "not.a.jwt",
        "tampered signature": f"{header}.{payload}.AAAA",
        "missing jti": _forge({k: v for k, v in _claims(uid).items() if k != "jti"}),
        "unknown user": _forge(_claims(str(uuid.uuid4()))),
    }
    for name, token in cases.items():
        assert me(client, token) == 401, name
    assert client.get("/auth/me").status_code == 401
    expired_detail = client.get("/auth/me", headers={"Authorization": f"Bearer {expired}"})
    assert "expired" in expired_detail.json()["detail"]


def test_access_token_cannot_refresh(client: TestClient) -> None:
    account = register(client)
    response = client.post("/auth/refresh", json={"refresh_token": account.access_token})
    assert response.status_code == 401


def test_unknown_email_takes_about_as_long_as_a_wrong_password(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from uam.auth import passwords
    from uam.config import clear_settings_cache

    # Cost 10 (~60 ms) makes a skipped hash stand out against request overhead.
    monkeypatch.setenv("BCRYPT_ROUNDS", "10")
    clear_settings_cache()
    passwords.clear_cache()
    register(client, "timing@example.com")

    def duration(email: str) -> float:
        start = time.perf_counter()
        client.post("/auth/login", json={"email": email, "password": "wrong-password"})
        return time.perf_counter() - start

    # Compared, not timed against a budget: the unknown email must still pay for a hash.
    known = min(duration("timing@example.com") for _ in range(5))
    unknown = min(duration("nobody@example.com") for _ in range(5))
    assert unknown > known * 0.5
