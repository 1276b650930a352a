"""Response hygiene: security headers on every answer, CORS only for the configured origins,
and error bodies that never show a traceback, SQL, a path or a host."""

import base64
import hashlib
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.factories import register
from uam.config import clear_settings_cache

pytestmark = pytest.mark.integration

STRICT_CSP = "default-src 'none'; frame-ancestors 'none'"


def assert_base_headers(response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_every_answer_has_the_security_headers(client: TestClient) -> None:
    account = register(client)
    answers = [
        client.get("/health"),
        client.get("/openapi.json"),
        client.get("/projects"),  # 401
        client.get("/projects", headers=account.headers),
        client.post("/projects", json={}, headers=account.headers),  # 422
        client.get("/no/such/route"),  # 404
        client.post("/auth/login", json={"email": account.email, "password": "wrong one"}),
    ]
    for response in answers:
        assert_base_headers(response)
        assert response.headers["content-security-policy"] == STRICT_CSP, response.url
        assert "strict-transport-security" not in response.headers


def test_authenticated_and_token_answers_are_never_stored(client: TestClient) -> None:
    account = register(client)
    assert client.get("/health").headers.get("cache-control") != "no-store"
    assert client.get("/auth/me", headers=account.headers).headers["cache-control"] == "no-store"
    # A bad token too: the request carried one.
    bad = {"Authorization": "Bearer not-a-token"}
    assert client.get("/auth/me", headers=bad).headers["cache-control"] == "no-store"
    login = {"email": account.email, "password": "correct horse battery staple"}
    for response in (
        client.post("/auth/login", json=login),
        client.post("/auth/token", data={"username": account.email, "password": login["password"]}),
        client.post("/auth/refresh", json={"refresh_token": account.refresh_token}),
        client.post(
            "/auth/register", json={"name": "B", "email": "b@example.com", "password": "p" * 12}
        ),
    ):
        assert response.status_code in (200, 201), response.text
        assert response.headers["cache-control"] == "no-store", response.url


def test_docs_pages_allow_only_their_cdn_and_their_own_inline_script(client: TestClient) -> None:
    for path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        response = client.get(path)
        assert response.status_code == 200
        assert_base_headers(response)
        policy = dict(
            d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";")
        )
        assert policy["default-src"] == "'none'"
        assert "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-eval'" not in policy["script-src"]
        assert policy["script-src"].split()[0] == "https://cdn.jsdelivr.net"
        assert policy["connect-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"
        # Every inline script of the page is allowed by its hash, and nothing else.
        inline = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
        hashes = {
            "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
            for s in inline
        }
        assert set(policy["script-src"].split()[1:]) == hashes
        for src in re.findall(r'<script src="([^"]+)"', response.text):
            assert src.startswith("https://cdn.jsdelivr.net/")
    assert "https://fonts.googleapis.com" in client.get("/redoc").headers["content-security-policy"]


def test_hsts_only_over_https(client: TestClient) -> None:
    assert "strict-transport-security" not in client.get("/health").headers
    response = client.get("/health", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    https = TestClient(client.app, base_url="https://api.example.com")
    assert https.get("/health").headers["strict-transport-security"] == "max-age=31536000"


@pytest.fixture
def cors_client(
    database_url: str, aws: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    monkeypatch.setenv("CORS_ORIGINS", "https://app.example.com, https://admin.example.com")
    clear_settings_cache()
    from uam.api.app import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


def preflight(client: TestClient, origin: str):
    return client.options(
        "/auth/login",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )


def test_cors_answers_only_the_configured_origins(cors_client: TestClient) -> None:
    for origin in ("https://app.example.com", "https://admin.example.com"):
        allowed = preflight(cors_client, origin)
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == origin
        simple = cors_client.get("/health", headers={"Origin": origin})
        assert simple.headers["access-control-allow-origin"] == origin
    for origin in ("https://evil.example.com", "null", "https://app.example.com.evil.net"):
        refused = preflight(cors_client, origin)
        assert refused.status_code == 400
        assert "access-control-allow-origin" not in refused.headers
        simple = cors_client.get("/health", headers={"Origin": origin})
        assert simple.status_code == 200
        assert "access-control-allow-origin" not in simple.headers
    # Error answers of an allowed origin carry it too, so the browser shows the sentence.
    refused_body = cors_client.post(
        "/auth/login",
        content=b"[" * 1000,
        headers={"Origin": "https://app.example.com", "Content-Type": "application/json"},
    )
    assert refused_body.status_code == 422
    assert refused_body.headers["access-control-allow-origin"] == "https://app.example.com"


def test_without_configured_origins_no_origin_is_allowed(client: TestClient) -> None:
    response = client.get("/health", headers={"Origin": "https://app.example.com"})
    assert "access-control-allow-origin" not in response.headers
    assert "access-control-allow-origin" not in preflight(client, "https://x.example").headers


LEAKS = ("Traceback", "/etc/passwd", "SELECT", "RuntimeError", ".py", "secret", "pg8000")


def test_an_unexpected_error_is_a_generic_500(client: TestClient) -> None:
    def boom() -> None:
        raise RuntimeError("/etc/passwd SELECT secret FROM users; see /work/main/app.py")

    client.app.add_api_route("/boom", boom)
    quiet = TestClient(client.app, raise_server_exceptions=False)
    response = quiet.get("/boom", headers={"Authorization": "Bearer x"})
    assert response.status_code == 500
    assert re.fullmatch(
        r"internal error; it has been logged \(request id [0-9a-f-]{36}\)",
        response.json()["detail"],
    )
    assert not [leak for leak in LEAKS if leak in response.text]
    assert_base_headers(response)
    assert response.headers["cache-control"] == "no-store"


def test_an_unreachable_database_is_a_503_with_a_sentence(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing listens on port 1: the driver's connect fails at once.
    monkeypatch.setenv("DATABASE_URL", "postgresql+pg8000://uam:hunter2secret@127.0.0.1:1/uam")
    clear_settings_cache()
    from uam.api.app import create_app

    client = TestClient(create_app(), raise_server_exceptions=False)
    for response in (
        client.post("/auth/login", json={"email": "a@example.com", "password": "whatever"}),
        client.post(
            "/auth/register", json={"name": "A", "email": "a@example.com", "password": "p" * 12}
        ),
    ):
        assert response.status_code == 503, response.text
        assert re.fullmatch(
            r"the database is unavailable; try again in a moment \(request id [0-9a-f-]{36}\)",
            response.json()["detail"],
        )
        assert response.headers["retry-after"] == "5"
        assert "hunter2" not in response.text and "127.0.0.1" not in response.text
        assert not [leak for leak in LEAKS if leak in response.text]
        assert_base_headers(response)
    assert client.get("/health").status_code == 503  # health says which dependency


def test_an_unset_database_is_a_503_too(aws: None) -> None:
    from uam.api.app import create_app

    client = TestClient(create_app(), raise_server_exceptions=False)
    response = client.post("/auth/login", json={"email": "a@example.com", "password": "x"})
    assert response.status_code == 503
    assert "DATABASE_URL" not in response.text
