"""/health reports its dependencies; /docs and /openapi.json list every route."""

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.integration


def test_health_ok(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "storage": "ok"}


def test_health_is_503_when_storage_is_missing(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from uam.config import clear_settings_cache

    monkeypatch.setenv("UPLOADS_BUCKET", "no-such-bucket")
    clear_settings_cache()
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["storage"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_openapi_lists_the_routes_with_bearer_security(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/auth/register", "/auth/login", "/auth/token", "/auth/refresh", "/auth/me"):
        assert path in spec["paths"]
    assert {"/projects", "/projects/{project_id}", "/health"} <= set(spec["paths"])
    assert (
        spec["components"]["securitySchemes"]["OAuth2PasswordBearer"]["flows"]["password"][
            "tokenUrl"
        ]
        == "/auth/token"
    )
    assert client.get("/docs").status_code == 200
