"""Dataset fixtures: the artifacts bucket next to the uploads one, and small helpers."""

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient

from tests.factories import UPLOADS_BUCKET, Account, create_project, register
from uam.config import clear_settings_cache

ARTIFACTS_BUCKET = "uam-test-artifacts"
DATA = Path(__file__).parents[2] / "data"
GOOD = DATA / "good"
HOSTILE = DATA / "hostile"
EVENTS = Path(__file__).parents[2] / "events"


def reset_settings() -> None:
    """Forget settings and the cached boto3 clients after an environment change."""
    from uam.aws.clients import client

    clear_settings_cache()
    client.cache_clear()


@pytest.fixture(autouse=True)
def artifacts_bucket(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every dataset test runs in moto with both buckets; ingest runs in-process (no queue)."""
    monkeypatch.setenv("ARTIFACTS_BUCKET", ARTIFACTS_BUCKET)
    monkeypatch.delenv("INGEST_QUEUE_URL", raising=False)
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=ARTIFACTS_BUCKET)
    reset_settings()
    yield ARTIFACTS_BUCKET


@pytest.fixture
def s3() -> Any:
    return boto3.client("s3", region_name="us-east-1")


@pytest.fixture
def owner(client: TestClient) -> Account:
    return register(client)


@pytest.fixture
def project(client: TestClient, owner: Account) -> dict:
    return create_project(client, owner)


class LambdaContext:
    function_name = "uam-ingest"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:uam-ingest"
    aws_request_id = "5f1d0c8e-0000-4000-8000-000000000001"


def keys(s3: Any, bucket: str, prefix: str = "") -> list[str]:
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(o["Key"] for o in listed.get("Contents", []))


def parquet_keys(s3: Any) -> list[str]:
    return keys(s3, ARTIFACTS_BUCKET, "datasets/")


def upload_keys(s3: Any) -> list[str]:
    return keys(s3, UPLOADS_BUCKET, "uploads/")


def presign(client: TestClient, account: Account, project_id: str, filename: str, size: int) -> Any:
    return client.post(
        "/datasets/presign",
        json={"project_id": project_id, "filename": filename, "size": size},
        headers=account.headers,
    )


def presigned(
    client: TestClient, account: Account, project_id: str, filename: str, size: int
) -> dict:
    response = presign(client, account, project_id, filename, size)
    assert response.status_code == 201, response.text
    return response.json()


def multipart(
    client: TestClient, account: Account, project_id: str, filename: str, data: bytes
) -> Any:
    return client.post(
        "/datasets/upload",
        data={"project_id": project_id},
        files={"file": (filename, data, "application/octet-stream")},
        headers=account.headers,
    )


def uploaded(
    client: TestClient, account: Account, project_id: str, filename: str, data: bytes
) -> dict:
    response = multipart(client, account, project_id, filename, data)
    assert response.status_code == 201, response.text
    return response.json()


def get_dataset(client: TestClient, account: Account, dataset_id: str) -> dict:
    response = client.get(f"/datasets/{dataset_id}", headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json()


def s3_notification(key: str, bucket: str = UPLOADS_BUCKET) -> str:
    """An S3 ObjectCreated notification body, key URL-encoded as S3 sends it."""
    sample = json.loads((EVENTS / "sqs_s3_object_created.json").read_text())
    template = json.loads(sample["Records"][0]["body"])
    record = template["Records"][0]
    record["s3"]["bucket"]["name"] = bucket
    record["s3"]["bucket"]["arn"] = f"arn:aws:s3:::{bucket}"
    record["s3"]["object"]["key"] = key
    return json.dumps(template)


def load_event(name: str) -> dict:
    return json.loads((EVENTS / name).read_text())


def sqs_event(*bodies: str) -> dict:
    """A real-shaped SQS event with one record per body."""
    template = load_event("sqs_s3_object_created.json")
    shape = template["Records"][0]
    records = []
    for body in bodies:
        record = json.loads(json.dumps(shape))
        record["messageId"] = str(uuid.uuid4())
        record["body"] = body
        records.append(record)
    return {"Records": records}


def invoke_ingest(event: dict) -> dict:
    from functions.ingest.app import handler

    return handler(event, LambdaContext())
