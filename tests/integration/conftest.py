"""Integration fixtures: the API app against a fresh database and moto's S3."""

from collections.abc import Iterator

import boto3
import pytest
from fastapi.testclient import TestClient
from moto import mock_aws

from tests.factories import UPLOADS_BUCKET


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """moto in-process, with the buckets the template declares."""
    monkeypatch.setenv("UPLOADS_BUCKET", UPLOADS_BUCKET)
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=UPLOADS_BUCKET)
        yield


@pytest.fixture
def client(database_url: str, aws: None) -> Iterator[TestClient]:
    from uam.api.app import create_app

    with TestClient(create_app()) as test_client:
        yield test_client
