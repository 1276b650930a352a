"""The ingest Lambda handler with real SQS events carrying S3 notifications."""

import json
from urllib.parse import quote_plus

import pytest
from fastapi.testclient import TestClient

from tests.factories import UPLOADS_BUCKET, Account
from tests.integration.datasets.conftest import (
    ARTIFACTS_BUCKET,
    GOOD,
    HOSTILE,
    get_dataset,
    invoke_ingest,
    load_event,
    parquet_keys,
    presigned,
    s3_notification,
    sqs_event,
)

pytestmark = pytest.mark.integration

PENGUINS = (GOOD / "penguins.csv").read_bytes()


def landed(
    client: TestClient, account: Account, project: dict, s3, name: str, data: bytes
) -> tuple[str, str]:
    """A presigned dataset whose object is in the uploads bucket: (dataset_id, key)."""
    body = presigned(client, account, project["id"], name, len(data))
    key = body["upload"]["fields"]["key"]
    s3.put_object(Bucket=UPLOADS_BUCKET, Key=key, Body=data)
    return body["dataset_id"], key


def test_sample_event_ingests_to_ready(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    dataset_id, key = landed(client, owner, project, s3, "penguins.csv", PENGUINS)
    event = load_event("sqs_s3_object_created.json")
    body = json.loads(event["Records"][0]["body"])
    body["Records"][0]["s3"]["object"]["key"] = key
    event["Records"][0]["body"] = json.dumps(body)

    assert invoke_ingest(event) == {"batchItemFailures": []}
    dataset = get_dataset(client, owner, dataset_id)
    assert dataset["status"] == "READY"
    assert (dataset["rows"], dataset["cols"]) == (344, 8)
    assert parquet_keys(s3) == [f"datasets/{owner.user['id']}/{dataset_id}/data.parquet"]


def test_s3_test_event_is_ignored(client: TestClient, s3) -> None:
    assert invoke_ingest(load_event("sqs_s3_test_event.json")) == {"batchItemFailures": []}
    assert parquet_keys(s3) == []


def test_url_encoded_key_with_spaces_and_unicode_resolves(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    dataset_id, key = landed(client, owner, project, s3, "my data é.csv", PENGUINS)
    encoded = quote_plus(key, safe="/")
    assert encoded.endswith(f"/{dataset_id}/my+data+%C3%A9.csv")

    assert invoke_ingest(sqs_event(s3_notification(encoded))) == {"batchItemFailures": []}
    dataset = get_dataset(client, owner, dataset_id)
    assert dataset["status"] == "READY"
    assert dataset["filename"] == "my data é.csv"


def test_the_same_event_twice_changes_nothing(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    dataset_id, key = landed(client, owner, project, s3, "penguins.csv", PENGUINS)
    event = sqs_event(s3_notification(quote_plus(key, safe="/")))

    assert invoke_ingest(event) == {"batchItemFailures": []}
    first = get_dataset(client, owner, dataset_id)
    parquet = parquet_keys(s3)
    etag = s3.head_object(Bucket=ARTIFACTS_BUCKET, Key=parquet[0])["ETag"]

    assert invoke_ingest(event) == {"batchItemFailures": []}
    assert get_dataset(client, owner, dataset_id) == first
    assert parquet_keys(s3) == parquet
    assert len(parquet) == 1
    assert s3.head_object(Bucket=ARTIFACTS_BUCKET, Key=parquet[0])["ETag"] == etag


def test_a_malformed_body_fails_only_its_own_record(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    dataset_id, key = landed(client, owner, project, s3, "penguins.csv", PENGUINS)
    other_id, other_key = landed(client, owner, project, s3, "again.csv", PENGUINS)
    event = sqs_event(
        s3_notification(key),
        "this is not json",
        json.dumps({"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {}}}]}),
        s3_notification(other_key),
    )
    bad_ids = [event["Records"][1]["messageId"], event["Records"][2]["messageId"]]

    result = invoke_ingest(event)
    assert sorted(f["itemIdentifier"] for f in result["batchItemFailures"]) == sorted(bad_ids)
    assert get_dataset(client, owner, dataset_id)["status"] == "READY"
    assert get_dataset(client, owner, other_id)["status"] == "READY"
    assert len(parquet_keys(s3)) == 2


def test_a_hostile_file_ends_invalid_and_is_not_retried(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    png = (HOSTILE / "png_renamed.csv").read_bytes()
    dataset_id, key = landed(client, owner, project, s3, "photo.csv", png)

    assert invoke_ingest(sqs_event(s3_notification(key))) == {"batchItemFailures": []}
    dataset = get_dataset(client, owner, dataset_id)
    assert dataset["status"] == "INVALID"
    assert "PNG image" in dataset["error"]
    assert (dataset["rows"], dataset["cols"], dataset["columns"]) == (None, None, [])
    assert parquet_keys(s3) == []
    preview = client.get(f"/datasets/{dataset_id}/preview", headers=owner.headers)
    assert preview.status_code == 409


def test_keys_we_never_issued_and_deleted_datasets_are_no_ops(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    dataset_id, key = landed(client, owner, project, s3, "penguins.csv", PENGUINS)
    assert client.delete(f"/datasets/{dataset_id}", headers=owner.headers).status_code == 204
    s3.put_object(Bucket=UPLOADS_BUCKET, Key=key, Body=PENGUINS)  # a late upload
    event = sqs_event(
        s3_notification(key),
        s3_notification("uploads/not-a-uuid/x/penguins.csv"),
        s3_notification("elsewhere/penguins.csv"),
        s3_notification(key, bucket="someone-elses-bucket"),
    )
    assert invoke_ingest(event) == {"batchItemFailures": []}
    assert parquet_keys(s3) == []
