"""Report fixtures: the report-requests queue in moto, runs that finished in-process, and
the render function's handler fed the way Lambda's SQS event source feeds it."""

import json
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient

from tests.factories import Account
from tests.integration.datasets.conftest import (  # noqa: F401  (fixtures)
    LambdaContext,
    artifacts_bucket,
    reset_settings,
    sqs_event,
)
from tests.integration.runs.conftest import (  # noqa: F401  (fixtures)
    owner,
    penguins,
    project,
    start,
    state_machine,
)
from uam.db.engine import session_scope
from uam.runs import lifecycle
from uam.runs.stages import eda, finalize, preprocess, report, train
from uam.runs.stages import select as select_stage


@pytest.fixture(autouse=True)
def report_queue(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The queue POST /reports/generate sends to (RenderReportFunction's event source)."""
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="uam-test-report-requests")["QueueUrl"]
    monkeypatch.setenv("REPORT_REQUESTS_QUEUE_URL", url)
    reset_settings()
    yield url


def take_requests(queue_url: str) -> list[str]:
    """Every message waiting in the queue, removed from it: the bodies to deliver."""
    sqs = boto3.client("sqs", region_name="us-east-1")
    bodies = []
    while messages := sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get(
        "Messages", []
    ):
        for message in messages:
            bodies.append(message["Body"])
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    return bodies


def deliver(body: str) -> dict[str, Any]:
    """One delivery to RenderReportFunction (BatchSize 1); its partial-batch response."""
    from functions.render_report.app import handler

    return handler(sqs_event(body), LambdaContext())


def request_body(report_id: str) -> str:
    return json.dumps({"report_id": report_id})


def finish_run(client: TestClient, account: Account, project_id: str, dataset_id: str) -> str:
    """A real penguins run taken through every stage in-process, one small model."""
    response = start(
        client,
        account,
        project_id,
        dataset_id,
        target="species",
        models=["logistic_regression"],
        time_budget_s=20,
    )
    assert response.status_code == 202, response.text
    run_id = response.json()["run_id"]
    s3 = boto3.client("s3", region_name="us-east-1")
    plan = preprocess.run(run_id, s3=s3)
    eda.run(run_id, s3=s3)
    for candidate in plan["candidates"]:
        train.run(run_id, candidate, s3=s3)
    select_stage.run(run_id, [{"name": c["name"], "ok": True} for c in plan["candidates"]], s3=s3)
    report.run(run_id, s3=s3)
    finalize.run(run_id, s3=s3)
    return run_id


def succeed_without_outputs(run_id: str) -> None:
    """A run marked SUCCEEDED whose stored results are gone (or were never written)."""
    with session_scope() as session:
        run_uuid = uuid.UUID(run_id)
        assert lifecycle.advance(run_uuid, task="finalize", progress=96, session=session)
        assert lifecycle.succeed(run_uuid, session=session)


@pytest.fixture
def finished_run(
    client: TestClient,
    owner: Account,  # noqa: F811  (the fixtures imported above)
    project: dict,  # noqa: F811
    penguins: dict,  # noqa: F811
    state_machine: str,  # noqa: F811
) -> str:
    run_id = finish_run(client, owner, project["id"], penguins["dataset_id"])
    status = client.get(f"/runs/{run_id}/status", headers=owner.headers).json()
    assert status["status"] == "SUCCEEDED", status
    return run_id
