"""Every /admin route: 401 without a token, 403 for a user who is not an admin."""

import uuid

import pytest
from fastapi.testclient import TestClient

from tests.factories import Account
from tests.integration.admin.conftest import scalar

pytestmark = pytest.mark.integration

# (method, path, JSON body): a body the route would accept from an admin.
ADMIN_CALLS = [
    ("GET", "/admin/users", None),
    ("PATCH", "/admin/users/{user_id}", {"role": "admin"}),
    ("GET", "/admin/stats", None),
    ("GET", "/admin/logs", None),
    ("GET", "/admin/audit", None),
]


def call(client: TestClient, method: str, path: str, body: dict | None, headers: dict) -> object:
    url = path.format(user_id=uuid.uuid4())
    return client.request(method, url, json=body, headers=headers)


def test_the_list_above_is_every_admin_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    routes = {
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith("/admin")
        for method in operations
    }
    assert routes == {(method, path) for method, path, _ in ADMIN_CALLS}


def test_a_member_gets_403_no_token_401_and_an_admin_gets_through(
    client: TestClient, admin: Account, member: Account
) -> None:
    # One test over every route: a fresh database per test costs about a second.
    for method, path, body in ADMIN_CALLS:
        where = f"{method} {path}"
        forbidden = call(client, method, path, body, member.headers)
        assert forbidden.status_code == 403, where
        assert forbidden.json() == {"detail": "this action needs the admin role"}, where
        anonymous = call(client, method, path, body, {})
        assert anonymous.status_code == 401, where
        assert anonymous.headers["www-authenticate"] == "Bearer", where
        forged = call(client, method, path, body, {"Authorization": "Bearer not.a.token"})
        assert forged.status_code == 401, where
        # The same call from an admin (an unknown user id is a 404, not a refusal).
        allowed = call(client, method, path, body, admin.headers)
        assert allowed.status_code == (404 if method == "PATCH" else 200), where


def test_a_member_cannot_make_themselves_admin(client: TestClient, member: Account) -> None:
    response = client.patch(
        f"/admin/users/{member.user['id']}", json={"role": "admin"}, headers=member.headers
    )
    assert response.status_code == 403
    assert scalar("SELECT role FROM users WHERE id = :i", i=member.user["id"]) == "user"
    assert scalar("SELECT count(*) FROM audit_log") == 0


def test_bad_query_values_from_a_member_are_still_403(client: TestClient, member: Account) -> None:
    # Who may ask is decided before what was asked is validated: nothing is learned.
    response = client.get("/admin/logs?level=NOPE&limit=0", headers=member.headers)
    assert response.status_code == 403
