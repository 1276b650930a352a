"""POST /datasets/presign: the policy a browser uploads under, and every refusal."""

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.factories import Account, create_project, register
from tests.integration.datasets.conftest import presign, presigned, reset_settings
from uam.config import get_dataset_settings

pytestmark = pytest.mark.integration


def policy_of(fields: dict) -> dict:
    return json.loads(base64.b64decode(fields["policy"]))


def conditions(policy: dict) -> tuple[dict, list[list]]:
    """The policy's exact-match conditions merged into one dict, and its list conditions."""
    exact: dict = {}
    ranges: list[list] = []
    for cond in policy["conditions"]:
        if isinstance(cond, dict):
            exact.update(cond)
        else:
            ranges.append(cond)
    return exact, ranges


def test_policy_pins_key_size_type_and_expires_in_minutes(
    client: TestClient, owner: Account, project: dict
) -> None:
    before = datetime.now(UTC)
    body = presigned(client, owner, project["id"], "penguins.csv", 15241)
    fields = body["upload"]["fields"]
    key = f"uploads/{owner.user['id']}/{body['dataset_id']}/penguins.csv"
    assert fields["key"] == key
    assert fields["Content-Type"] == "text/csv"

    policy = policy_of(fields)
    exact, lists = conditions(policy)
    assert exact["key"] == key
    assert exact["Content-Type"] == "text/csv"
    assert ["content-length-range", 1, 15241] in lists

    window = get_dataset_settings().presign_expires_seconds
    expiration = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert before < expiration <= datetime.now(UTC) + timedelta(seconds=window + 1)
    expires_at = datetime.fromisoformat(body["expires_at"])
    assert abs((expires_at - expiration).total_seconds()) < 5

    dataset = client.get(f"/datasets/{body['dataset_id']}", headers=owner.headers).json()
    assert dataset["status"] == "UPLOADING"
    assert dataset["filename"] == "penguins.csv"
    assert dataset["size_bytes"] == 15241
    assert dataset["project_id"] == project["id"]


def test_content_type_comes_from_the_name_not_the_client(
    client: TestClient, owner: Account, project: dict
) -> None:
    response = client.post(
        "/datasets/presign",
        json={
            "project_id": project["id"],
            "filename": "data.csv.gz",
            "size": 10,
            "content_type": "text/html",
        },
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    fields = response.json()["upload"]["fields"]
    assert fields["Content-Type"] == "application/gzip"
    assert conditions(policy_of(fields))[0]["Content-Type"] == "application/gzip"


def test_extension_outside_the_allow_list_is_415(
    client: TestClient, owner: Account, project: dict
) -> None:
    for filename in ("malware.exe", "notes", "archive.zip", "sheet.xls.gz", "data.csv.exe"):
        response = presign(client, owner, project["id"], filename, 100)
        assert response.status_code == 415, (filename, response.text)
        assert "csv" in response.json()["detail"]
    assert client.get("/datasets", headers=owner.headers).json() == []


def test_size_over_the_limit_is_413(
    client: TestClient, owner: Account, project: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAX_UPLOAD_BYTES", "1000")
    reset_settings()
    assert presign(client, owner, project["id"], "a.csv", 1000).status_code == 201
    response = presign(client, owner, project["id"], "a.csv", 1001)
    assert response.status_code == 413
    assert "1,000" in response.json()["detail"]
    assert len(client.get("/datasets", headers=owner.headers).json()) == 1


def test_empty_negative_size_or_empty_name_is_422(
    client: TestClient, owner: Account, project: dict
) -> None:
    for size in (0, -1):
        assert presign(client, owner, project["id"], "a.csv", size).status_code == 422, size
    for filename in ("..", "///", " . ", "\x00\x01", "***", "C:\\"):
        response = presign(client, owner, project["id"], filename, 10)
        assert response.status_code == 422, (filename, response.text)
    assert client.get("/datasets", headers=owner.headers).json() == []


def test_names_are_sanitized_in_row_and_key(
    client: TestClient, owner: Account, project: dict
) -> None:
    cases = {
        "../../etc/passwd.csv": "passwd.csv",
        "C:\\fakepath\\report.csv": "report.csv",
        "we\x00ird\x1b\nname.csv": "weirdname.csv",
        "my data (1).csv": "my data (1).csv",
        "<script>.csv": "_script_.csv",
    }
    for raw, safe in cases.items():
        body = presigned(client, owner, project["id"], raw, 10)
        assert body["upload"]["fields"]["key"] == (
            f"uploads/{owner.user['id']}/{body['dataset_id']}/{safe}"
        ), raw
        dataset = client.get(f"/datasets/{body['dataset_id']}", headers=owner.headers).json()
        assert dataset["filename"] == safe, raw


def test_long_names_are_bounded_and_keep_the_extension(
    client: TestClient, owner: Account, project: dict
) -> None:
    body = presigned(client, owner, project["id"], "x" * 900 + ".csv", 10)
    dataset = client.get(f"/datasets/{body['dataset_id']}", headers=owner.headers).json()
    assert len(dataset["filename"]) <= 120
    assert dataset["filename"].endswith(".csv")
    assert body["upload"]["fields"]["key"].endswith(dataset["filename"])


def test_presign_into_another_users_project_is_404_and_creates_nothing(
    client: TestClient, owner: Account, project: dict
) -> None:
    intruder = register(client)
    response = presign(client, intruder, project["id"], "a.csv", 10)
    assert response.status_code == 404
    assert client.get("/datasets", headers=intruder.headers).json() == []
    assert client.get("/datasets", headers=owner.headers).json() == []
    # An unknown project is the same 404.
    assert presign(client, intruder, str(uuid.uuid4()), "a.csv", 10).status_code == 404


def test_presign_validation_and_auth(client: TestClient, owner: Account, project: dict) -> None:
    url = "/datasets/presign"
    good = {"project_id": project["id"], "filename": "a.csv", "size": 10}
    assert client.post(url, json=good).status_code == 401
    for broken in (
        {k: v for k, v in good.items() if k != "size"},
        {**good, "project_id": "nope"},
        {**good, "filename": ""},
        {**good, "unexpected": 1},
    ):
        assert client.post(url, json=broken, headers=owner.headers).status_code == 422
    other_project = create_project(client, owner, "Other")
    assert presign(client, owner, other_project["id"], "a.csv", 10).status_code == 201
