"""Login and registration throttling against the real database: 429 with Retry-After past
a limit, a sliding window (never a permanent lock), and no oracle in the refusals."""

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mangum import Mangum
from passlib.context import CryptContext
from sqlalchemy import event, text

from tests.factories import PASSWORD, register
from uam.auth import service
from uam.auth.exceptions import InvalidCredentials, LoginThrottled, RegistrationThrottled
from uam.auth.schemas import LoginRequest, RegisterRequest
from uam.config import clear_settings_cache
from uam.db.engine import get_engine, session_scope

pytestmark = pytest.mark.integration

WRONG = "not the password"
T0 = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def limits(monkeypatch: pytest.MonkeyPatch, **values: int) -> None:
    for name, value in values.items():
        monkeypatch.setenv(name.upper(), str(value))
    clear_settings_cache()


def login(client: TestClient, email: str, password: str) -> Any:
    return client.post("/auth/login", json={"email": email, "password": password})


def sql(query: str, **params: Any) -> list[Any]:
    with get_engine().begin() as conn:
        result = conn.execute(text(query), params)
        return list(result.all()) if result.returns_rows else []


def age_attempts(seconds: int) -> None:
    """Move every recorded attempt into the past: the clock moves, nothing is mocked."""
    sql(
        "UPDATE auth_attempts SET attempted_at = attempted_at - make_interval(secs => :s)",
        s=seconds,
    )


def authenticate(email: str, password: str, *, now: datetime, address: str = "198.51.100.1"):
    with session_scope() as session:
        return service.authenticate(
            LoginRequest(email=email, password=password), address=address, session=session, now=now
        )


def sign_up(email: str, *, now: datetime, address: str = "198.51.100.1") -> None:
    body = RegisterRequest(name="Ada", email=email, password=PASSWORD)
    with session_scope() as session:
        service.register(body, address=address, session=session, now=now)


def test_five_wrong_passwords_then_429_even_with_the_right_password(client: TestClient) -> None:
    account = register(client, "ada@example.com")
    for _ in range(5):
        assert login(client, account.email, WRONG).status_code == 401
    refused = login(client, account.email, PASSWORD)
    assert refused.status_code == 429
    retry_after = int(refused.headers["Retry-After"])
    assert 0 < retry_after <= 900
    detail = refused.json()["detail"]
    assert refused.json() == {"detail": detail}
    assert detail.startswith("too many failed logins for this account")
    assert f"try again in {retry_after} seconds" in detail
    # The OAuth2 form route is the same door: throttled too, not a way around.
    form = client.post("/auth/token", data={"username": account.email, "password": PASSWORD})
    assert form.status_code == 429
    assert "Retry-After" in form.headers


def test_after_the_window_the_account_logs_in_again(client: TestClient) -> None:
    account = register(client, "back@example.com")
    for _ in range(5):
        login(client, account.email, WRONG)
    assert login(client, account.email, PASSWORD).status_code == 429
    age_attempts(900)
    assert login(client, account.email, PASSWORD).status_code == 200


def test_the_window_slides_by_the_clock(database_url: str) -> None:
    sign_up("clock@example.com", now=T0)
    for minute in range(5):
        with pytest.raises(InvalidCredentials):
            authenticate("clock@example.com", WRONG, now=T0 + timedelta(minutes=minute))
    # The oldest failure (T0) leaves the 15-minute window at T0 + 15 min.
    just_before = T0 + timedelta(minutes=15) - timedelta(seconds=1)
    with pytest.raises(LoginThrottled) as refused:
        authenticate("clock@example.com", PASSWORD, now=just_before)
    assert refused.value.retry_after_s == 1
    with pytest.raises(LoginThrottled) as early:
        authenticate("clock@example.com", PASSWORD, now=T0 + timedelta(minutes=5))
    assert early.value.retry_after_s == 600
    user = authenticate("clock@example.com", PASSWORD, now=T0 + timedelta(minutes=15))
    assert user.email == "clock@example.com"


def test_a_refused_attempt_does_not_extend_the_lock(database_url: str) -> None:
    sign_up("patient@example.com", now=T0)
    for _ in range(5):
        with pytest.raises(InvalidCredentials):
            authenticate("patient@example.com", WRONG, now=T0)
    # An attacker hammering the locked account every minute records nothing more...
    for minute in range(1, 15):
        with pytest.raises(LoginThrottled):
            authenticate("patient@example.com", WRONG, now=T0 + timedelta(minutes=minute))
    # ...so the owner gets in as soon as the first five failures age out.
    authenticate("patient@example.com", PASSWORD, now=T0 + timedelta(minutes=15))


def test_a_successful_login_forgets_the_account_failures(client: TestClient) -> None:
    account = register(client, "typo@example.com")
    for _ in range(4):
        assert login(client, account.email, WRONG).status_code == 401
    assert login(client, account.email, PASSWORD).status_code == 200
    for _ in range(4):
        assert login(client, account.email, WRONG).status_code == 401
    assert login(client, account.email, PASSWORD).status_code == 200
    for _ in range(5):
        login(client, account.email, WRONG)
    assert login(client, account.email, PASSWORD).status_code == 429


def test_failures_are_counted_by_normalised_email(client: TestClient) -> None:
    account = register(client, "case@example.com")
    for email in ("CASE@example.com", "Case@Example.com", "case@EXAMPLE.COM", "cAsE@example.com"):
        assert login(client, email, WRONG).status_code == 401
    assert login(client, "case@example.com", WRONG).status_code == 401
    assert login(client, account.email.upper(), PASSWORD).status_code == 429


def test_one_address_is_limited_across_accounts(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits(monkeypatch, login_max_failures_per_address=3)
    victim = register(client, "victim@example.com")
    for n in range(3):
        assert login(client, f"guess-{n}@example.com", WRONG).status_code == 401
    refused = login(client, victim.email, PASSWORD)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("too many failed logins from your address")
    assert int(refused.headers["Retry-After"]) > 0
    # Another address is not punished for this one; the account itself has no failures.
    with TestClient(client.app, client=("203.0.113.9", 4000)) as elsewhere:
        assert login(elsewhere, victim.email, PASSWORD).status_code == 200


def test_the_account_limit_holds_across_addresses(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits(monkeypatch, login_max_failures_per_account=2)
    account = register(client, "spread@example.com")
    for n in range(2):
        with TestClient(client.app, client=(f"203.0.113.{n}", 4000)) as bot:
            assert login(bot, account.email, WRONG).status_code == 401
    assert login(client, account.email, PASSWORD).status_code == 429


def test_unknown_and_known_emails_are_throttled_alike(client: TestClient) -> None:
    register(client, "real@example.com")
    answers = {}
    for email in ("real@example.com", "ghost@example.com"):
        for _ in range(5):
            assert login(client, email, WRONG).status_code == 401
        answers[email] = login(client, email, WRONG)
    real, ghost = answers.values()
    assert real.status_code == ghost.status_code == 429
    assert real.json()["detail"].split(";")[0] == ghost.json()["detail"].split(";")[0]


def test_registration_is_limited_per_address(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits(monkeypatch, register_max_per_address=3)
    register(client, "one@example.com")
    register(client, "two@example.com")
    # A refused duplicate counts too: asking which emails exist is what the limit slows.
    taken = client.post(
        "/auth/register", json={"name": "x", "email": "one@example.com", "password": PASSWORD}
    )
    assert taken.status_code == 409
    refused = client.post(
        "/auth/register", json={"name": "x", "email": "three@example.com", "password": PASSWORD}
    )
    assert refused.status_code == 429
    retry_after = int(refused.headers["Retry-After"])
    assert 3500 < retry_after <= 3600
    assert refused.json() == {
        "detail": f"too many registrations from your address; try again in {retry_after} seconds"
    }
    assert sql("SELECT count(*) FROM users WHERE email = 'three@example.com'")[0][0] == 0
    with TestClient(client.app, client=("203.0.113.9", 4000)) as elsewhere:
        register(elsewhere, "three@example.com")


def test_the_registration_window_slides_by_the_clock(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits(monkeypatch, register_max_per_address=2, register_window_seconds=600)
    sign_up("a@example.com", now=T0)
    sign_up("b@example.com", now=T0 + timedelta(minutes=5))
    with pytest.raises(RegistrationThrottled) as refused:
        sign_up("c@example.com", now=T0 + timedelta(minutes=6))
    assert refused.value.retry_after_s == 240
    sign_up("c@example.com", now=T0 + timedelta(minutes=10))


def test_old_attempts_are_deleted_when_new_ones_are_recorded(database_url: str) -> None:
    sign_up("tidy@example.com", now=T0)
    for n in range(3):
        with pytest.raises(InvalidCredentials):
            authenticate(f"x{n}@example.com", WRONG, now=T0)
    assert sql("SELECT kind, count(*) FROM auth_attempts GROUP BY kind ORDER BY kind") == [
        ("login_failure", 3),
        ("registration", 1),
    ]
    with pytest.raises(InvalidCredentials):
        authenticate("x0@example.com", WRONG, now=T0 + timedelta(seconds=900))
    # The login failures out of the window are gone; the registration keeps its own window.
    assert sql("SELECT kind, count(*) FROM auth_attempts GROUP BY kind ORDER BY kind") == [
        ("login_failure", 1),
        ("registration", 1),
    ]


def test_the_address_is_api_gateways_source_ip(database_url: str) -> None:
    from uam.api.app import create_app

    handler = Mangum(create_app(), lifespan="off")
    body = json.dumps({"email": "nobody@example.com", "password": WRONG}).encode()
    event = {
        "version": "2.0",
        "routeKey": "ANY /{proxy+}",
        "rawPath": "/auth/login",
        "rawQueryString": "",
        # A client-written header must not choose the address that is counted.
        "headers": {"content-type": "application/json", "x-forwarded-for": "10.9.9.9"},
        "requestContext": {
            "http": {
                "method": "POST",
                "path": "/auth/login",
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.7",
                "userAgent": "test",
            },
            "requestId": "throttle",
            "routeKey": "ANY /{proxy+}",
            "stage": "$default",
            "timeEpoch": 0,
        },
        "body": base64.b64encode(body).decode(),
        "isBase64Encoded": True,
    }
    assert handler(event, None)["statusCode"] == 401
    assert sql("SELECT account, address FROM auth_attempts") == [
        ("nobody@example.com", "203.0.113.7")
    ]


@contextmanager
def database_work() -> Iterator[tuple[list[str], list[int]]]:
    """Every SQL statement sent and every password verification made, while inside."""
    statements: list[str] = []
    verifications: list[int] = []
    engine = get_engine()
    original_verify = CryptContext.verify

    def counting_verify(self: CryptContext, *args: Any, **kwargs: Any) -> bool:
        verifications.append(1)
        return original_verify(self, *args, **kwargs)

    def on_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", on_execute)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CryptContext, "verify", counting_verify)
        try:
            yield statements, verifications
        finally:
            event.remove(engine, "before_cursor_execute", on_execute)


def test_unknown_email_and_wrong_password_do_the_same_database_work(client: TestClient) -> None:
    register(client, "known@example.com")
    work = {}
    for email in ("known@example.com", "unknown@example.com"):
        login(client, email, WRONG)  # a first failure each: both paths find rows to count
        with database_work() as (statements, verifications):
            assert login(client, email, WRONG).status_code == 401
        work[email] = (statements, len(verifications))
    known, unknown = work.values()
    assert known == unknown
    statements, verifications = known
    assert verifications == 1
    # The throttle's count is one query; then the user, then the failure recorded.
    assert sum("auth_attempts" in s and s.lstrip().startswith("SELECT") for s in statements) == 1
    assert sum(s.lstrip().startswith("INSERT INTO auth_attempts") for s in statements) == 1


def test_a_throttled_login_checks_no_password_and_reads_no_user(client: TestClient) -> None:
    register(client, "locked@example.com")
    work = {}
    for email in ("locked@example.com", "unknown@example.com"):
        for _ in range(5):
            login(client, email, WRONG)
        with database_work() as (statements, verifications):
            assert login(client, email, PASSWORD).status_code == 429
        work[email] = (statements, len(verifications))
    assert work["locked@example.com"] == work["unknown@example.com"]
    statements, verifications = work["locked@example.com"]
    assert verifications == 0
    assert not [s for s in statements if "FROM users" in s]


def test_the_openapi_document_lists_the_429s() -> None:
    from uam.api.app import create_app

    paths = create_app().openapi()["paths"]
    for path in ("/auth/login", "/auth/token", "/auth/register"):
        refused = paths[path]["post"]["responses"]["429"]
        assert "Retry-After" in refused["headers"], path
        assert refused["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    assert "registrations" in paths["/auth/register"]["post"]["responses"]["429"]["description"]
    assert "failed logins" in paths["/auth/login"]["post"]["responses"]["429"]["description"]
