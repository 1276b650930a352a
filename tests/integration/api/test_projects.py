"""Projects over HTTP: CRUD, validation, and tenant isolation."""

import uuid

import pytest
from fastapi.testclient import TestClient

from tests.factories import create_project, register

pytestmark = pytest.mark.integration


def test_crud(client: TestClient) -> None:
    owner = register(client)
    project = create_project(client, owner, "Churn")
    assert project["name"] == "Churn"

    listed = client.get("/projects", headers=owner.headers).json()
    assert [p["id"] for p in listed] == [project["id"]]

    url = f"/projects/{project['id']}"
    patched = client.patch(url, json={"description": "Q3 cohort"}, headers=owner.headers)
    assert patched.status_code == 200
    assert patched.json()["description"] == "Q3 cohort"
    assert patched.json()["name"] == "Churn"
    assert client.get(url, headers=owner.headers).json()["description"] == "Q3 cohort"

    assert client.delete(url, headers=owner.headers).status_code == 204
    assert client.get(url, headers=owner.headers).status_code == 404
    assert client.delete(url, headers=owner.headers).status_code == 404


def test_another_users_project_is_404_on_get_patch_and_delete(client: TestClient) -> None:
    owner, intruder = register(client), register(client)
    project = create_project(client, owner)
    url = f"/projects/{project['id']}"
    assert client.get(url, headers=intruder.headers).status_code == 404
    assert client.patch(url, json={"name": "mine"}, headers=intruder.headers).status_code == 404
    assert client.delete(url, headers=intruder.headers).status_code == 404
    assert client.get("/projects", headers=intruder.headers).json() == []
    # And nothing changed for the owner.
    assert client.get(url, headers=owner.headers).json()["name"] == project["name"]


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "name"), ({"name": "  "}, "name"), ({"name": 5}, "name"), ({"name": "x" * 201}, "name")],
)
def test_invalid_project_is_422_naming_the_field(
    client: TestClient, body: dict, field: str
) -> None:
    owner = register(client)
    response = client.post("/projects", json=body, headers=owner.headers)
    assert response.status_code == 422
    assert field in {err["loc"][-1] for err in response.json()["detail"]}


def test_malformed_id_is_422_and_unknown_id_is_404(client: TestClient) -> None:
    owner = register(client)
    assert client.get("/projects/not-a-uuid", headers=owner.headers).status_code == 422
    assert client.get(f"/projects/{uuid.uuid4()}", headers=owner.headers).status_code == 404


def test_projects_need_a_token(client: TestClient) -> None:
    assert client.get("/projects").status_code == 401
    assert client.post("/projects", json={"name": "x"}).status_code == 401
