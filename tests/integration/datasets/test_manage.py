"""List, get, preview and delete: tenant isolation and what deletion removes."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import UPLOADS_BUCKET, Account, create_project, register
from tests.integration.datasets.conftest import (
    ARTIFACTS_BUCKET,
    parquet_keys,
    presigned,
    upload_keys,
    uploaded,
)

pytestmark = pytest.mark.integration

SMALL = b"id,value\n1,a\n2,b\n3,c\n"


def test_list_filters_by_project_and_never_shows_other_users(
    client: TestClient, owner: Account, project: dict
) -> None:
    second = create_project(client, owner, "Second")
    a = uploaded(client, owner, project["id"], "a.csv", SMALL)["dataset_id"]
    b = uploaded(client, owner, second["id"], "b.csv", SMALL)["dataset_id"]
    c = presigned(client, owner, second["id"], "c.csv", 10)["dataset_id"]

    intruder = register(client)
    theirs = create_project(client, intruder, "Theirs")
    uploaded(client, intruder, theirs["id"], "secret.csv", SMALL)

    everything = client.get("/datasets", headers=owner.headers).json()
    assert [d["id"] for d in everything] == [c, b, a]  # newest first
    in_first = client.get(f"/datasets?project_id={project['id']}", headers=owner.headers).json()
    assert [d["id"] for d in in_first] == [a]
    in_second = client.get(f"/datasets?project_id={second['id']}", headers=owner.headers)
    assert {d["id"] for d in in_second.json()} == {b, c}

    # Another user's project id is a 404, as a project of nobody's would be: never their data.
    spying = client.get(f"/datasets?project_id={theirs['id']}", headers=owner.headers)
    assert spying.status_code == 404
    assert spying.json() == {"detail": "project not found"}
    assert [d["filename"] for d in client.get("/datasets", headers=intruder.headers).json()] == [
        "secret.csv"
    ]
    assert client.get("/datasets").status_code == 401


def test_another_users_dataset_is_404_everywhere(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    dataset_id = uploaded(client, owner, project["id"], "a.csv", SMALL)["dataset_id"]
    intruder = register(client)
    url = f"/datasets/{dataset_id}"
    assert client.get(url, headers=intruder.headers).status_code == 404
    assert client.get(f"{url}/preview", headers=intruder.headers).status_code == 404
    assert client.post(f"{url}/complete", headers=intruder.headers).status_code == 404
    assert client.delete(url, headers=intruder.headers).status_code == 404
    # Nothing changed for the owner.
    assert client.get(url, headers=owner.headers).json()["status"] == "READY"
    assert client.get("/datasets/not-a-uuid", headers=owner.headers).status_code == 422
    unknown = "/datasets/00000000-0000-4000-8000-000000000000"
    assert client.get(unknown, headers=owner.headers).status_code == 404
    assert client.delete(unknown, headers=owner.headers).status_code == 404
    assert len(upload_keys(s3)) == len(parquet_keys(s3)) == 1


def test_preview_of_a_dataset_not_ready_is_409(
    client: TestClient, owner: Account, project: dict
) -> None:
    dataset_id = presigned(client, owner, project["id"], "a.csv", 10)["dataset_id"]
    response = client.get(f"/datasets/{dataset_id}/preview", headers=owner.headers)
    assert response.status_code == 409
    assert "UPLOADING" in response.json()["detail"]


def test_preview_rows_are_bounded(client: TestClient, owner: Account, project: dict) -> None:
    dataset_id = uploaded(client, owner, project["id"], "a.csv", SMALL)["dataset_id"]
    url = f"/datasets/{dataset_id}/preview"
    default = client.get(url, headers=owner.headers).json()
    assert default["columns"] == ["id", "value"]
    assert len(default["first_rows"]) == 3
    assert len(client.get(f"{url}?rows=2", headers=owner.headers).json()["first_rows"]) == 2
    assert client.get(f"{url}?rows=100", headers=owner.headers).status_code == 200
    for bad in ("101", "0", "-1", "many"):
        assert client.get(f"{url}?rows={bad}", headers=owner.headers).status_code == 422


def test_delete_removes_the_row_and_both_objects(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    keep = uploaded(client, owner, project["id"], "keep.csv", SMALL)["dataset_id"]
    gone = uploaded(client, owner, project["id"], "gone.csv", SMALL)["dataset_id"]
    assert len(upload_keys(s3)) == len(parquet_keys(s3)) == 2

    assert client.delete(f"/datasets/{gone}", headers=owner.headers).status_code == 204
    assert client.get(f"/datasets/{gone}", headers=owner.headers).status_code == 404
    assert client.delete(f"/datasets/{gone}", headers=owner.headers).status_code == 404
    user = owner.user["id"]
    assert upload_keys(s3) == [f"uploads/{user}/{keep}/keep.csv"]
    assert parquet_keys(s3) == [f"datasets/{user}/{keep}/data.parquet"]
    assert [d["id"] for d in client.get("/datasets", headers=owner.headers).json()] == [keep]


def test_delete_of_a_dataset_still_uploading(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    body = presigned(client, owner, project["id"], "a.csv", len(SMALL))
    s3.put_object(Bucket=UPLOADS_BUCKET, Key=body["upload"]["fields"]["key"], Body=SMALL)
    assert (
        client.delete(f"/datasets/{body['dataset_id']}", headers=owner.headers).status_code == 204
    )
    assert upload_keys(s3) == []
    assert s3.list_objects_v2(Bucket=ARTIFACTS_BUCKET).get("KeyCount") == 0


def test_deleting_the_project_cascades_its_datasets(
    client: TestClient, owner: Account, project: dict
) -> None:
    other = create_project(client, owner, "Other")
    doomed = uploaded(client, owner, project["id"], "a.csv", SMALL)["dataset_id"]
    kept = uploaded(client, owner, other["id"], "b.csv", SMALL)["dataset_id"]
    assert client.delete(f"/projects/{project['id']}", headers=owner.headers).status_code == 204
    assert client.get(f"/datasets/{doomed}", headers=owner.headers).status_code == 404
    assert [d["id"] for d in client.get("/datasets", headers=owner.headers).json()] == [kept]


def test_deleting_the_project_removes_its_datasets_objects(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    uploaded(client, owner, project["id"], "a.csv", SMALL)
    assert client.delete(f"/projects/{project['id']}", headers=owner.headers).status_code == 204
    assert upload_keys(s3) == []
    assert parquet_keys(s3) == []
