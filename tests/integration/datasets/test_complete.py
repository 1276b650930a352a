"""Presigned POST from the 'browser', then POST /datasets/{id}/complete."""

import json

import boto3
import pytest
import requests
from fastapi.testclient import TestClient

from tests.factories import UPLOADS_BUCKET, Account
from tests.integration.datasets.conftest import (
    GOOD,
    get_dataset,
    parquet_keys,
    presigned,
    reset_settings,
    upload_keys,
)
from uam.datasets.events import created_objects

pytestmark = pytest.mark.integration

PENGUINS = (GOOD / "penguins.csv").read_bytes()


def browser_post(presign_body: dict, data: bytes, filename: str = "penguins.csv") -> None:
    """What the browser does with the presigned POST (moto answers through `responses`)."""
    upload = presign_body["upload"]
    response = requests.post(
        upload["url"], data=upload["fields"], files={"file": (filename, data)}, timeout=10
    )
    assert response.status_code in (200, 201, 204), response.text


def complete(client: TestClient, account: Account, dataset_id: str):
    return client.post(f"/datasets/{dataset_id}/complete", headers=account.headers)


def test_presigned_post_then_complete_ingests_penguins(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    body = presigned(client, owner, project["id"], "penguins.csv", len(PENGUINS))
    browser_post(body, PENGUINS)
    key = body["upload"]["fields"]["key"]
    assert upload_keys(s3) == [key]
    head = s3.head_object(Bucket=UPLOADS_BUCKET, Key=key)
    assert head["ContentLength"] == len(PENGUINS)

    response = complete(client, owner, body["dataset_id"])
    assert response.status_code == 202, response.text
    assert response.json() == {"dataset_id": body["dataset_id"], "status": "READY"}

    dataset = get_dataset(client, owner, body["dataset_id"])
    assert dataset["status"] == "READY"
    assert dataset["error"] is None
    assert (dataset["rows"], dataset["cols"]) == (344, 8)
    assert dataset["size_bytes"] == len(PENGUINS)
    missing = {c["name"]: c["missing"] for c in dataset["columns"]}
    assert missing["sex"] == 11
    assert missing["bill_length_mm"] == 2
    assert missing["species"] == 0
    assert [c["name"] for c in dataset["columns"]] == [
        "species",
        "island",
        "bill_length_mm",
        "bill_depth_mm",
        "flipper_length_mm",
        "body_mass_g",
        "sex",
        "year",
    ]

    preview = client.get(f"/datasets/{body['dataset_id']}/preview?rows=3", headers=owner.headers)
    assert preview.status_code == 200
    first = preview.json()["first_rows"]
    assert len(first) == 3
    assert first[0]["species"] == "Adelie"
    assert first[0]["island"] == "Torgersen"
    assert float(first[0]["bill_length_mm"]) == 39.1
    assert parquet_keys(s3) == [f"datasets/{owner.user['id']}/{body['dataset_id']}/data.parquet"]


def test_complete_before_the_object_arrives_is_409_and_stays_uploading(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    body = presigned(client, owner, project["id"], "penguins.csv", len(PENGUINS))
    response = complete(client, owner, body["dataset_id"])
    assert response.status_code == 409
    assert "presigned" in response.json()["detail"]
    assert get_dataset(client, owner, body["dataset_id"])["status"] == "UPLOADING"
    assert parquet_keys(s3) == []
    # Once it lands, complete works.
    browser_post(body, PENGUINS)
    assert complete(client, owner, body["dataset_id"]).json()["status"] == "READY"


def test_complete_twice_is_the_same_state_and_one_parquet_copy(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    body = presigned(client, owner, project["id"], "penguins.csv", len(PENGUINS))
    browser_post(body, PENGUINS)
    first = complete(client, owner, body["dataset_id"])
    after_first = get_dataset(client, owner, body["dataset_id"])
    parquet_first = parquet_keys(s3)
    etag = s3.head_object(Bucket="uam-test-artifacts", Key=parquet_first[0])["ETag"]

    second = complete(client, owner, body["dataset_id"])
    assert first.status_code == second.status_code == 202
    assert first.json() == second.json()
    assert get_dataset(client, owner, body["dataset_id"]) == after_first
    assert parquet_keys(s3) == parquet_first
    assert len(parquet_first) == 1
    assert s3.head_object(Bucket="uam-test-artifacts", Key=parquet_first[0])["ETag"] == etag


def test_complete_with_a_queue_sends_one_s3_shaped_message(
    client: TestClient, owner: Account, project: dict, s3, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    queue_url = sqs.create_queue(QueueName="uam-ingest")["QueueUrl"]
    monkeypatch.setenv("INGEST_QUEUE_URL", queue_url)
    reset_settings()

    name = "my data é.csv"
    body = presigned(client, owner, project["id"], name, len(PENGUINS))
    browser_post(body, PENGUINS, filename=name)
    key = body["upload"]["fields"]["key"]
    assert key.endswith("/my data é.csv")

    response = complete(client, owner, body["dataset_id"])
    assert response.status_code == 202
    # Ingest is the queue's job now: nothing parsed in the request.
    assert response.json()["status"] == "UPLOADING"
    assert parquet_keys(s3) == []

    received = sqs.receive_message(
        QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0
    ).get("Messages", [])
    assert len(received) == 1
    message = json.loads(received[0]["Body"])
    record = message["Records"][0]
    assert record["eventName"].startswith("ObjectCreated")
    assert record["s3"]["bucket"]["name"] == UPLOADS_BUCKET
    assert " " not in record["s3"]["object"]["key"]  # URL-encoded, as S3 sends it
    objects = created_objects(received[0]["Body"])
    assert [(o.bucket, o.key) for o in objects] == [(UPLOADS_BUCKET, key)]
