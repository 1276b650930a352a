"""GET/PATCH /admin/users: pages, search, role and disable, the audit log, no self-lockout."""

import uuid

import pytest
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, Account, register
from tests.integration.admin.conftest import audit_rows, scalar, sql

pytestmark = pytest.mark.integration

USER_FIELDS = {"id", "name", "email", "role", "created_at", "disabled", "disabled_at"}


def users(client: TestClient, admin: Account, **params: object) -> dict:
    response = client.get("/admin/users", params=params, headers=admin.headers)
    assert response.status_code == 200, response.text
    return response.json()


def patch(client: TestClient, admin: Account, user_id: str, body: dict):
    return client.patch(f"/admin/users/{user_id}", json=body, headers=admin.headers)


def test_pages_cover_every_user_once_newest_first_without_secrets(
    client: TestClient, admin: Account
) -> None:
    for _ in range(4):
        register(client)
    everyone = users(client, admin)
    assert everyone["total"] == 5 and everyone["limit"] == 50 and everyone["offset"] == 0
    created = [u["created_at"] for u in everyone["items"]]
    assert created == sorted(created, reverse=True)

    pages = [users(client, admin, limit=2, offset=offset) for offset in (0, 2, 4, 6)]
    assert [len(p["items"]) for p in pages] == [2, 2, 1, 0]
    assert {p["total"] for p in pages} == {5}
    paged_ids = [u["id"] for p in pages for u in p["items"]]
    assert paged_ids == [u["id"] for u in everyone["items"]]

    assert all(set(u) == USER_FIELDS for u in everyone["items"])
    response = client.get("/admin/users", headers=admin.headers)
    for (password_hash,) in sql("SELECT password_hash FROM users"):
        assert password_hash not in response.text
    assert "hash" not in response.text and "token" not in response.text


def test_page_bounds_are_422(client: TestClient, admin: Account) -> None:
    for params, field in [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"offset": -1}, "offset"),
    ]:
        response = client.get("/admin/users", params=params, headers=admin.headers)
        assert response.status_code == 422, params
        assert response.json()["detail"][0]["loc"] == ["query", field]


def test_search_matches_part_of_the_email_and_wildcards_are_literal(
    client: TestClient, admin: Account
) -> None:
    for email in (
        "Alice.Smith@corp.example",
        "alice@other.example",
        "deal100%off@example.com",
        "deal1000off@example.com",
        "a_b@example.com",
        "axb@example.com",
    ):
        register(client, email)

    def found(q: str) -> list[str]:
        body = users(client, admin, q=q)
        assert body["total"] == len(body["items"])
        return sorted(u["email"] for u in body["items"])

    assert found("ALICE") == ["alice.smith@corp.example", "alice@other.example"]
    assert found("corp.") == ["alice.smith@corp.example"]
    # Unescaped, "100%" would match deal1000off and "a_b" would match axb.
    assert found("100%") == ["deal100%off@example.com"]
    assert found("a_b") == ["a_b@example.com"]
    assert found("%") == ["deal100%off@example.com"]
    assert found("nobody-has-this") == []
    assert found("  ") == found("") == sorted(r[0] for r in sql("SELECT email FROM users"))


def test_role_change_takes_effect_at_once_and_is_audited(
    client: TestClient, admin: Account, member: Account
) -> None:
    assert client.get("/admin/stats", headers=member.headers).status_code == 403
    response = patch(client, admin, member.user["id"], {"role": "admin"})
    assert response.status_code == 200
    assert response.json()["role"] == "admin" and response.json()["disabled"] is False
    # The role is read on every request: the member's existing token is an admin's now.
    assert client.get("/admin/stats", headers=member.headers).status_code == 200

    assert patch(client, admin, member.user["id"], {"role": "user"}).status_code == 200
    assert client.get("/admin/stats", headers=member.headers).status_code == 403
    rows = audit_rows(member.user["id"])
    assert [(str(r.actor_id), r.action, r.target_type) for r in rows] == [
        (admin.user["id"], "user.role_changed", "user"),
        (admin.user["id"], "user.role_changed", "user"),
    ]
    assert [(r.details["before"], r.details["after"]) for r in rows] == [
        ({"role": "user"}, {"role": "admin"}),
        ({"role": "admin"}, {"role": "user"}),
    ]
    assert rows[0].details["actor_email"] == admin.email
    assert rows[0].details["target_email"] == member.email


def test_a_patch_that_changes_nothing_writes_no_audit_row(
    client: TestClient, admin: Account, member: Account
) -> None:
    response = patch(client, admin, member.user["id"], {"role": "user", "disabled": False})
    assert response.status_code == 200
    assert audit_rows(member.user["id"]) == []


def test_invalid_patch_bodies_are_422(client: TestClient, admin: Account, member: Account) -> None:
    for body in [{}, {"role": None}, {"role": "root"}, {"disabled": "maybe"}, {"email": "x@y.z"}]:
        assert patch(client, admin, member.user["id"], body).status_code == 422, body
    assert scalar("SELECT count(*) FROM audit_log") == 0


def test_unknown_user_is_404(client: TestClient, admin: Account) -> None:
    response = patch(client, admin, str(uuid.uuid4()), {"disabled": True})
    assert response.status_code == 404
    assert response.json() == {"detail": "user not found"}


def test_an_admin_cannot_demote_or_disable_themselves(client: TestClient, admin: Account) -> None:
    for body, words in [
        ({"role": "user"}, "your own admin role"),
        ({"disabled": True}, "disable your own account"),
        ({"role": "user", "disabled": True}, "your own admin role"),
    ]:
        response = patch(client, admin, admin.user["id"], body)
        assert response.status_code == 400, body
        assert words in response.json()["detail"]
    row = sql("SELECT role, disabled_at FROM users WHERE id = :i", i=admin.user["id"])[0]
    assert tuple(row) == ("admin", None)
    assert scalar("SELECT count(*) FROM audit_log") == 0
    # Keeping what they have is allowed (and changes nothing).
    keep = patch(client, admin, admin.user["id"], {"role": "admin", "disabled": False})
    assert keep.status_code == 200
    assert scalar("SELECT count(*) FROM audit_log") == 0


def login(client: TestClient, email: str, password: str = PASSWORD):
    return client.post("/auth/login", json={"email": email, "password": password})


def test_disabling_locks_the_user_out_at_once_and_enabling_lets_them_back(
    client: TestClient, admin: Account, member: Account
) -> None:
    second = login(client, member.email).json()  # a second session, on another device
    assert client.get("/projects", headers=member.headers).status_code == 200

    response = patch(client, admin, member.user["id"], {"disabled": True})
    assert response.status_code == 200
    assert response.json()["disabled"] is True and response.json()["disabled_at"]

    # Their still-valid access token, on any route, is refused.
    for path in ("/auth/me", "/projects"):
        refused = client.get(path, headers=member.headers)
        assert refused.status_code == 401
        assert refused.json() == {
            "detail": "this account is disabled; ask an administrator to enable it"
        }
    # Refresh, login and the form login are refused.
    for token in (member.refresh_token, second["refresh_token"]):
        assert client.post("/auth/refresh", json={"refresh_token": token}).status_code == 401
    assert login(client, member.email).status_code == 401
    form = client.post("/auth/token", data={"username": member.email, "password": PASSWORD})
    assert form.status_code == 401
    # A wrong password is the usual 401, word for word: nobody can probe which accounts
    # are disabled without the password.
    wrong = login(client, member.email, "wrong-password")
    unknown = login(client, "nobody@example.com", "wrong-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()

    listed = users(client, admin, q=member.email)["items"]
    assert [(u["id"], u["disabled"]) for u in listed] == [(member.user["id"], True)]

    assert patch(client, admin, member.user["id"], {"disabled": False}).status_code == 200
    again = login(client, member.email)
    assert again.status_code == 200
    assert (
        client.get(
            "/auth/me", headers={"Authorization": f"Bearer {again.json()['access_token']}"}
        ).status_code
        == 200
    )
    # The sessions that were live at the disable stay ended: log in again.
    for token in (member.refresh_token, second["refresh_token"]):
        assert client.post("/auth/refresh", json={"refresh_token": token}).status_code == 401

    rows = audit_rows(member.user["id"])
    assert [r.action for r in rows] == ["user.disabled", "user.enabled"]
    assert [(r.details["before"], r.details["after"]) for r in rows] == [
        ({"disabled": False}, {"disabled": True}),
        ({"disabled": True}, {"disabled": False}),
    ]
    assert rows[0].details["refresh_tokens_revoked"] == 2
    # The same record over HTTP, newest first.
    audit = client.get(
        "/admin/audit", params={"target_id": member.user["id"]}, headers=admin.headers
    ).json()
    assert audit["total"] == 2
    assert [e["action"] for e in audit["items"]] == ["user.enabled", "user.disabled"]
    assert {e["actor_id"] for e in audit["items"]} == {admin.user["id"]}


def test_a_disabled_admin_loses_the_admin_routes(
    client: TestClient, admin: Account, member: Account
) -> None:
    assert patch(client, admin, member.user["id"], {"role": "admin"}).status_code == 200
    assert patch(client, member, admin.user["id"], {"disabled": True}).status_code == 200
    refused = client.get("/admin/users", headers=admin.headers)
    assert refused.status_code == 401
    assert "disabled" in refused.json()["detail"]
    assert patch(client, admin, member.user["id"], {"role": "user"}).status_code == 401
