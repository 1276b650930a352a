"""What the functions write for CloudWatch: JSON log lines with correlation keys, and EMF metrics.

Each handler runs as Lambda runs it (a context object, a real-shaped event), against the
embedded PostgreSQL and moto; stdout is what CloudWatch Logs would receive.
"""

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient

from tests.factories import UPLOADS_BUCKET, Account
from tests.integration.datasets.conftest import (
    GOOD,
    artifacts_bucket,
    presigned,
    reset_settings,
    s3_notification,
    sqs_event,
)
from tests.integration.runs.conftest import owner, penguins, project, start, state_machine
from uam.runs.exceptions import InjectedFault

pytestmark = pytest.mark.integration
EVENTS = Path(__file__).parents[2] / "events"
# The runs and datasets tests' fixtures: pytest finds them by these names in this module.
FIXTURES = (artifacts_bucket, owner, penguins, project, state_machine)


@dataclass
class LambdaContext:
    function_name: str = "uam-test"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:uam-test"
    aws_request_id: str = "00000000-0000-4000-8000-000000000000"


@dataclass
class Output:
    logs: list[dict[str, Any]]
    metrics: list[dict[str, Any]]

    def metric(self, name: str) -> dict[str, Any]:
        """The one EMF blob that carries `name`."""
        found = [blob for blob in self.metrics if name in metric_names(blob)]
        assert len(found) == 1, (name, self.metrics)
        return found[0]

    def names(self) -> set[str]:
        return {name for blob in self.metrics for name in metric_names(blob)}

    def line(self, message: str) -> dict[str, Any]:
        found = [entry for entry in self.logs if entry.get("message") == message]
        assert len(found) == 1, (message, self.logs)
        return found[0]


def output(capsys: pytest.CaptureFixture[str]) -> Output:
    """Everything written to stdout since the last call, split into log lines and EMF blobs."""
    parsed = []
    for text in capsys.readouterr().out.splitlines():
        try:
            value = json.loads(text)
        except ValueError:
            continue
        if isinstance(value, dict):
            parsed.append(value)
    return Output(
        logs=[v for v in parsed if "_aws" not in v], metrics=[v for v in parsed if "_aws" in v]
    )


def metric_names(blob: dict[str, Any]) -> set[str]:
    return {m["Name"] for d in blob["_aws"]["CloudWatchMetrics"] for m in d["Metrics"]}


def dimensions(blob: dict[str, Any]) -> dict[str, str]:
    (directive,) = blob["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == "UAM"
    (names,) = directive["Dimensions"]
    return {name: blob[name] for name in names}


def unit(blob: dict[str, Any], name: str) -> str:
    (directive,) = blob["_aws"]["CloudWatchMetrics"]
    return next(m["Unit"] for m in directive["Metrics"] if m["Name"] == name)


def started_run(client: TestClient, owner: Account, project: dict, penguins: dict) -> str:
    response = start(client, owner, project["id"], penguins["dataset_id"])
    assert response.status_code == 202, response.text
    return response.json()["run_id"]


def test_a_run_started_then_finalized_counts_and_times_it(
    client: TestClient,
    owner: Account,
    project: dict,
    penguins: dict,
    state_machine: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from functions.finalize.app import handler

    output(capsys)
    run_id = started_run(client, owner, project, penguins)
    started = output(capsys).metric("RunsStarted")
    assert started["RunsStarted"] == [1.0]
    assert dimensions(started) == {"service": "uam"}

    context = LambdaContext(function_name="uam-finalize", aws_request_id=str(uuid.uuid4()))
    assert handler({"run_id": run_id}, context) == {"artifacts": 1}

    written = output(capsys)
    duration = written.metric("StageDuration")
    assert dimensions(duration) == {"stage": "finalize", "service": "uam"}
    assert unit(duration, "StageDuration") == "Milliseconds"
    assert len(duration["StageDuration"]) == 1 and duration["StageDuration"][0] >= 0
    assert written.metric("RunsSucceeded")["RunsSucceeded"] == [1.0]
    assert dimensions(written.metric("RunsSucceeded")) == {"service": "uam"}

    finished = written.line("stage finished")
    assert finished["run_id"] == run_id
    assert finished["stage"] == "finalize"
    assert finished["function_request_id"] == context.aws_request_id
    assert finished["service"] == "uam-finalize"
    assert finished["level"] == "INFO"
    assert finished["duration_ms"] == duration["StageDuration"][0]


def test_a_stage_that_raises_counts_a_failure_and_raises_the_same_error(
    client: TestClient,
    owner: Account,
    project: dict,
    penguins: dict,
    state_machine: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from functions.finalize.app import handler

    run_id = started_run(client, owner, project, penguins)
    monkeypatch.setenv("UAM_FAULT_INJECTION", "finalize:raise")
    reset_settings()
    output(capsys)

    with pytest.raises(InjectedFault):
        handler({"run_id": run_id}, LambdaContext())

    written = output(capsys)
    failures = written.metric("StageFailures")
    assert failures["StageFailures"] == [1.0]
    assert dimensions(failures) == {"stage": "finalize", "service": "uam"}
    assert "StageDuration" not in written.names() and "RunsSucceeded" not in written.names()
    failed = written.line("stage failed")
    assert failed["run_id"] == run_id
    assert failed["level"] == "ERROR"
    assert "fault injected into the finalize stage" in failed["exception"]


def test_the_catch_target_counts_a_failed_run_once(
    client: TestClient,
    owner: Account,
    project: dict,
    penguins: dict,
    state_machine: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from functions.run_failed.app import handler

    run_id = started_run(client, owner, project, penguins)
    output(capsys)
    event = {"run_id": run_id, "error": {"Error": "States.TaskFailed", "Cause": "boom"}}

    assert handler(event, LambdaContext())["marked_failed"] is True
    written = output(capsys)
    assert written.metric("RunsFailed")["RunsFailed"] == [1.0]
    assert dimensions(written.metric("StageDuration")) == {"stage": "run_failed", "service": "uam"}
    assert written.line("stage finished")["run_id"] == run_id

    assert handler(event, LambdaContext())["marked_failed"] is False  # a retry
    assert "RunsFailed" not in output(capsys).names()


def test_reconcile_counts_a_run_it_fails_and_logs_the_execution(
    client: TestClient,
    owner: Account,
    project: dict,
    penguins: dict,
    state_machine: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from functions.reconcile_runs.app import handler

    run_id = started_run(client, owner, project, penguins)
    output(capsys)
    text = (EVENTS / "sqs_sfn_status_change.json").read_text().replace("RUN_ID", run_id)
    event = json.loads(text)

    assert handler(event, LambdaContext()) == {"batchItemFailures": []}
    written = output(capsys)
    assert written.metric("RunsFailed")["RunsFailed"] == [1.0]
    line = written.line("reconciled")
    assert line["run_id"] == run_id
    assert line["execution_arn"].endswith(f":execution:uam-analysis:{run_id}")
    assert line["message_id"] == event["Records"][0]["messageId"]
    assert line["outcome"] == "TIMED_OUT: run updated"


def test_ingest_counts_the_dataset_and_its_bytes_and_logs_its_id(
    client: TestClient, owner: Account, project: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    from functions.ingest.app import handler

    data = (GOOD / "penguins.csv").read_bytes()
    body = presigned(client, owner, project["id"], "penguins.csv", len(data))
    key = body["upload"]["fields"]["key"]
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.put_object(Bucket=UPLOADS_BUCKET, Key=key, Body=data)
    event = sqs_event(s3_notification(key))
    output(capsys)

    assert handler(event, LambdaContext(function_name="uam-ingest")) == {"batchItemFailures": []}
    written = output(capsys)
    blob = written.metric("IngestBytes")
    assert blob["IngestBytes"] == [float(len(data))]
    assert unit(blob, "IngestBytes") == "Bytes"
    assert blob["DatasetsIngested"] == [1.0]
    assert dimensions(blob) == {"service": "uam"}
    line = written.line("ingested")
    assert line["dataset_id"] == body["dataset_id"]
    assert line["message_id"] == event["Records"][0]["messageId"]
    assert line["outcome"] == "READY"

    # The same notification again is a no-op: nothing counted twice, and the keys of the
    # record before are gone from the lines after it.
    assert handler(event, LambdaContext(function_name="uam-ingest")) == {"batchItemFailures": []}
    again = output(capsys)
    assert "IngestBytes" not in again.names()
    assert again.line("ingested")["outcome"] == "done"


def test_a_failing_record_is_logged_with_its_keys(
    database_url: str, aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from functions.render_report.app import handler

    gone = str(uuid.uuid4())  # a report whose run was deleted: done, nothing to render
    event = sqs_event("this is not json", json.dumps({"report_id": gone}))
    output(capsys)
    result = handler(event, LambdaContext(function_name="uam-render-report"))

    bad, good = (record["messageId"] for record in event["Records"])
    assert result == {"batchItemFailures": [{"itemIdentifier": bad}]}
    written = output(capsys)
    failed = written.line("record failed; SQS will deliver it again")
    assert failed["message_id"] == bad
    assert failed["level"] == "ERROR"
    assert "report_id" not in failed
    assert "JSONDecodeError" in failed["exception_name"]
    done = written.line("report")
    assert (done["message_id"], done["report_id"], done["outcome"]) == (good, gone, "gone")
    blob = written.metric("StageFailures")
    assert dimensions(blob) == {"stage": "render_report", "service": "uam"}
    assert blob["StageFailures"] == [1.0]
    assert len(blob["StageDuration"]) == 1


def api_event(method: str, path: str, request_id: str) -> dict[str, Any]:
    event = json.loads((EVENTS / "apigw_http_v2_me.json").read_text())
    event["rawPath"] = event["requestContext"]["http"]["path"] = path
    event["requestContext"]["http"]["method"] = method
    event["requestContext"]["requestId"] = request_id
    event["pathParameters"] = {"proxy": path.lstrip("/")}
    event["headers"]["authorization"] = "Bearer forged"
    return event


def test_an_api_request_is_one_line_with_the_request_id_and_the_ids_in_its_path(
    database_url: str, aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from functions.api.app import handler

    run_id, request_id = str(uuid.uuid4()), "d7bf0bd7-7b61-11e6-9a41-93e8deadbeef"
    context = LambdaContext(function_name="uam-api")
    output(capsys)

    response = handler(api_event("GET", f"/runs/{run_id}/status", request_id), context)
    assert response["statusCode"] == 401  # still Mangum's answer, unchanged

    line = output(capsys).line("request")
    assert line["correlation_id"] == request_id
    assert line["function_request_id"] == context.aws_request_id
    assert line["service"] == "uam-api"
    assert line["run_id"] == run_id
    assert (line["method"], line["route"], line["status"]) == ("GET", "/runs/{run_id}/status", 401)
    assert line["path"] == f"/runs/{run_id}/status"
    assert line["duration_ms"] >= 0

    # The next request has its own ids, and none of the last one's.
    handler(api_event("GET", "/nowhere", "another-request"), context)
    line = output(capsys).line("request")
    assert line["correlation_id"] == "another-request"
    assert "run_id" not in line and "route" not in line
    assert line["status"] == 404
