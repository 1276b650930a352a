"""Two ingests of one object at once: one state, one Parquet copy, the loser backs off."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from tests.factories import UPLOADS_BUCKET, Account
from tests.integration.datasets.conftest import (
    GOOD,
    get_dataset,
    invoke_ingest,
    parquet_keys,
    presigned,
    s3_notification,
    sqs_event,
)
from uam.aws.clients import client as aws_client
from uam.datasets import ingest
from uam.datasets.claims import Claim, claim
from uam.datasets.exceptions import DatasetBusy
from uam.datasets.models import DatasetStatus
from uam.db.engine import session_scope

pytestmark = pytest.mark.integration

PENGUINS = (GOOD / "penguins.csv").read_bytes()


def landed(client: TestClient, account: Account, project: dict, s3) -> tuple[str, str]:
    body = presigned(client, account, project["id"], "penguins.csv", len(PENGUINS))
    key = body["upload"]["fields"]["key"]
    s3.put_object(Bucket=UPLOADS_BUCKET, Key=key, Body=PENGUINS)
    return body["dataset_id"], key


def race(key: str, workers: int = 2) -> list[object]:
    """Start `workers` ingests of key at the same instant; each result or raised error."""
    start = threading.Barrier(workers)
    s3 = aws_client("s3")

    def one() -> object:
        start.wait()
        try:
            return ingest.ingest_upload(UPLOADS_BUCKET, key, s3=s3).outcome
        except DatasetBusy as exc:
            return exc

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda _: one(), range(workers)))


def assert_one_ready(outcomes: list[object]) -> None:
    assert outcomes.count(DatasetStatus.READY) == 1, outcomes
    losers = [o for o in outcomes if o != DatasetStatus.READY]
    assert all(o == Claim.DONE or isinstance(o, DatasetBusy) for o in losers), outcomes


def test_racing_ingests_end_in_one_ready_state(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    dataset_id, key = landed(client, owner, project, s3)
    assert_one_ready(race(key, workers=3))
    dataset = get_dataset(client, owner, dataset_id)
    assert dataset["status"] == "READY"
    assert dataset["rows"] == 344
    assert parquet_keys(s3) == [f"datasets/{owner.user['id']}/{dataset_id}/data.parquet"]


def test_the_loser_of_a_held_claim_raises_busy_and_the_retry_is_a_no_op(
    client: TestClient, owner: Account, project: dict, s3, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first worker is paused mid-parse while the second arrives: it must not ingest."""
    dataset_id, key = landed(client, owner, project, s3)
    parsing, release = threading.Event(), threading.Event()
    real_parse = ingest.parse_file

    def slow_parse(*args, **kwargs):
        parsing.set()
        assert release.wait(10)
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(ingest, "parse_file", slow_parse)
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(ingest.ingest_upload, UPLOADS_BUCKET, key, s3=aws_client("s3"))
        assert parsing.wait(10)
        assert get_dataset(client, owner, dataset_id)["status"] == "PROCESSING"
        with pytest.raises(DatasetBusy):
            ingest.ingest_upload(UPLOADS_BUCKET, key, s3=aws_client("s3"))
        release.set()
        assert first.result(timeout=30).outcome == DatasetStatus.READY

    # SQS retries the busy delivery later: by then it is a duplicate.
    assert ingest.ingest_upload(UPLOADS_BUCKET, key, s3=aws_client("s3")).outcome == Claim.DONE
    assert get_dataset(client, owner, dataset_id)["status"] == "READY"
    assert len(parquet_keys(s3)) == 1


def test_busy_is_a_failed_batch_item_so_sqs_retries_it(
    client: TestClient, owner: Account, project: dict, s3
) -> None:
    held_id, held_key = landed(client, owner, project, s3)
    free_id, free_key = landed(client, owner, project, s3)
    with session_scope() as session:  # another worker holds a fresh claim on the first
        assert claim(uuid.UUID(held_id), held_key, lease_seconds=960, session=session) == "taken"
    event = sqs_event(s3_notification(held_key), s3_notification(free_key))

    result = invoke_ingest(event)
    assert result == {"batchItemFailures": [{"itemIdentifier": event["Records"][0]["messageId"]}]}
    assert get_dataset(client, owner, held_id)["status"] == "PROCESSING"
    assert get_dataset(client, owner, free_id)["status"] == "READY"
    assert len(parquet_keys(s3)) == 1
