"""POST /datasets/upload: small files through the API, ingested before the answer."""

import uuid

import pytest
from fastapi.testclient import TestClient

from tests.factories import UPLOADS_BUCKET, Account, register
from tests.integration.datasets.conftest import (
    GOOD,
    HOSTILE,
    get_dataset,
    multipart,
    parquet_keys,
    reset_settings,
    upload_keys,
    uploaded,
)

pytestmark = pytest.mark.integration

SMALL = b"name,age,score\nada,36,9.5\ngrace,45,\nalan,41,7.25\n"


def test_small_csv_is_ready_with_a_preview(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    body = uploaded(client, owner, project["id"], "people.csv", SMALL)
    assert body["status"] == "READY"
    assert body["error"] is None
    assert body["preview"]["columns"] == ["name", "age", "score"]
    assert [r["name"] for r in body["preview"]["first_rows"]] == ["ada", "grace", "alan"]

    dataset = get_dataset(client, owner, body["dataset_id"])
    assert (dataset["rows"], dataset["cols"]) == (3, 3)
    assert {c["name"]: c["missing"] for c in dataset["columns"]}["score"] == 1
    assert dataset["size_bytes"] == len(SMALL)
    key = f"uploads/{owner.user['id']}/{body['dataset_id']}/people.csv"
    assert upload_keys(s3) == [key]
    assert s3.get_object(Bucket=UPLOADS_BUCKET, Key=key)["Body"].read() == SMALL
    assert parquet_keys(s3) == [f"datasets/{owner.user['id']}/{body['dataset_id']}/data.parquet"]


def test_penguins_parquet_round_trips(client: TestClient, owner: Account, project: dict) -> None:
    body = uploaded(
        client, owner, project["id"], "penguins.parquet", (GOOD / "penguins.parquet").read_bytes()
    )
    assert body["status"] == "READY"
    dataset = get_dataset(client, owner, body["dataset_id"])
    assert (dataset["rows"], dataset["cols"]) == (344, 8)


def test_file_over_the_multipart_limit_is_413_and_stores_nothing(
    client: TestClient, owner: Account, project: dict, s3, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAX_MULTIPART_BYTES", str(len(SMALL)))
    reset_settings()
    assert uploaded(client, owner, project["id"], "exact.csv", SMALL)["status"] == "READY"
    response = multipart(client, owner, project["id"], "big.csv", SMALL + b"x,1,2\n")
    assert response.status_code == 413
    assert "presign" in response.json()["detail"]
    assert len(client.get("/datasets", headers=owner.headers).json()) == 1
    assert len(upload_keys(s3)) == 1


def test_hostile_file_is_201_invalid_with_a_clear_error(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    png = (HOSTILE / "png_renamed.csv").read_bytes()
    body = uploaded(client, owner, project["id"], "chart.csv", png)
    assert body["status"] == "INVALID"
    assert "PNG image" in body["error"]
    assert body["preview"] is None
    assert get_dataset(client, owner, body["dataset_id"])["error"] == body["error"]
    assert parquet_keys(s3) == []


def test_wrong_project_is_404_and_creates_nothing(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    intruder = register(client)
    assert multipart(client, intruder, project["id"], "a.csv", SMALL).status_code == 404
    assert multipart(client, owner, str(uuid.uuid4()), "a.csv", SMALL).status_code == 404
    assert client.get("/datasets", headers=owner.headers).json() == []
    assert upload_keys(s3) == []


def test_missing_fields_are_422(client: TestClient, owner: Account, project: dict) -> None:
    no_file = client.post(
        "/datasets/upload", data={"project_id": project["id"]}, headers=owner.headers
    )
    assert no_file.status_code == 422
    assert "file" in {err["loc"][-1] for err in no_file.json()["detail"]}
    no_project = client.post(
        "/datasets/upload", files={"file": ("a.csv", SMALL)}, headers=owner.headers
    )
    assert no_project.status_code == 422
    assert "project_id" in {err["loc"][-1] for err in no_project.json()["detail"]}
    no_token = client.post(
        "/datasets/upload", data={"project_id": project["id"]}, files={"file": ("a.csv", SMALL)}
    )
    assert no_token.status_code == 401


def test_refused_before_storing(client: TestClient, owner: Account, project: dict, s3) -> None:
    for filename, data, status in [("program.exe", SMALL, 415), ("empty.csv", b"", 422)]:
        response = multipart(client, owner, project["id"], filename, data)
        assert response.status_code == status, (filename, response.text)
    assert client.get("/datasets", headers=owner.headers).json() == []
    assert upload_keys(s3) == []
