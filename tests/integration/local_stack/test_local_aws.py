"""One template-driven local stack shared by the tests of this module (start costs ~1.5 s)."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import pytest

from infra.local.aws_stack import LocalAws
from infra.local.resources import client
from tests.integration.local_stack.helpers import TEST_TEMPLATE, free_port, pid_alive, wait_for

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def record_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("records")


@pytest.fixture(scope="module")
def aws(tmp_path_factory: pytest.TempPathFactory, record_dir: Path) -> Iterator[LocalAws]:
    os.environ["UAM_PARENT_ONLY_SECRET"] = "must-not-leak"  # visible to this process only
    stack = LocalAws(
        template_path=TEST_TEMPLATE,
        port=free_port(),
        data_dir=tmp_path_factory.mktemp("data"),
        parameters={"RecordDir": str(record_dir)},
        function_env={"EXTRA_FOR_ALL": "yes"},
    )
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()
        os.environ.pop("UAM_PARENT_ONLY_SECRET", None)


def invoke(aws: LocalAws, logical_id: str, payload: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    response = client("lambda", aws.endpoint_url).invoke(
        FunctionName=aws.resolved().function_names[logical_id],
        Payload=json.dumps(payload).encode(),
    )
    return response, json.loads(response["Payload"].read())


def test_functions_see_only_their_own_environment(aws: LocalAws) -> None:
    _, a = invoke(aws, "EnvAFunction", {})
    _, b = invoke(aws, "EnvBFunction", {})
    assert a["env"]["ONLY_A"] == "a" and "ONLY_B" not in a["env"]
    assert b["env"]["ONLY_B"] == "b" and "ONLY_A" not in b["env"]
    for result in (a, b):
        env = result["env"]
        assert "UAM_PARENT_ONLY_SECRET" not in env
        assert env["SHARED_GREETING"] == "hello"  # Globals
        assert env["DATA_BUCKET"] == aws.resolved().bucket_names["DataBucket"]
        assert env["EXTRA_FOR_ALL"] == "yes"  # function_env overrides
        assert env["AWS_ENDPOINT_URL"] == aws.endpoint_url
        assert result["layer"] == "test-layer"  # layer importable through PYTHONPATH
    assert a["env"]["AWS_LAMBDA_FUNCTION_NAME"] == aws.resolved().function_names["EnvAFunction"]
    assert aws.resolved().function_env["EnvBFunction"]["ONLY_B"] == "b"
    assert b["context"]["function_name"] == "uam-env-b"
    assert b["context"]["invoked_function_arn"].endswith(":function:uam-env-b")
    assert b["context"]["memory_limit_in_mb"] == 256
    assert 0 < b["context"]["remaining_ms"] <= 5000


def test_second_call_is_warm(aws: LocalAws) -> None:
    _, first = invoke(aws, "EnvBFunction", {})
    _, second = invoke(aws, "EnvBFunction", {})
    assert first["pid"] == second["pid"] != os.getpid()


def test_exception_comes_back_lambda_style(aws: LocalAws) -> None:
    response, payload = invoke(aws, "EnvBFunction", {"raise": "bad input"})
    assert response["FunctionError"] == "Unhandled"
    assert payload["errorType"] == "ValueError"
    assert payload["errorMessage"] == "bad input"
    assert any("app.py" in line for line in payload["stackTrace"])


def test_timeout_kills_the_worker(aws: LocalAws) -> None:
    _, before = invoke(aws, "EnvAFunction", {})
    response, payload = invoke(aws, "EnvAFunction", {"sleep": 5})
    assert response["FunctionError"] == "Unhandled"
    assert payload["errorType"] == "Sandbox.Timedout"
    assert "Task timed out after 1.00 seconds" in payload["errorMessage"]
    assert not pid_alive(before["pid"])
    _, after = invoke(aws, "EnvAFunction", {})  # a fresh sandbox serves the next call
    assert after["pid"] != before["pid"]


def test_crash_is_reported_and_worker_replaced(aws: LocalAws) -> None:
    response, payload = invoke(aws, "EnvBFunction", {"exit": True})
    assert response["FunctionError"] == "Unhandled"
    assert payload["errorType"] == "Runtime.ExitError"
    response, _ = invoke(aws, "EnvBFunction", {})
    assert "FunctionError" not in response


def test_sqs_partial_batch_failures_retry_then_dead_letter(aws: LocalAws, record_dir: Path) -> None:
    sqs = client("sqs", aws.endpoint_url)
    urls = aws.resolved().queue_urls
    bodies = [f"poison-{i}" if i in (2, 5, 8) else f"good-{i}" for i in range(10)]
    sqs.send_message_batch(
        QueueUrl=urls["WorkQueue"],
        Entries=[{"Id": str(i), "MessageBody": body} for i, body in enumerate(bodies)],
    )

    def dead_letters() -> list[dict[str, Any]]:
        got = sqs.receive_message(
            QueueUrl=urls["WorkDLQ"], MaxNumberOfMessages=10, VisibilityTimeout=30
        )
        dead_letters.seen.extend(got.get("Messages", []))  # type: ignore[attr-defined]
        return len(dead_letters.seen) >= 3  # type: ignore[attr-defined,return-value]

    dead_letters.seen = []  # type: ignore[attr-defined]
    assert wait_for(dead_letters, timeout=20)
    assert sorted(m["Body"] for m in dead_letters.seen) == [  # type: ignore[attr-defined]
        "poison-2",
        "poison-5",
        "poison-8",
    ]
    lines = (record_dir / "deliveries.jsonl").read_text().splitlines()
    deliveries = Counter(json.loads(line)["body"] for line in lines)
    assert {b: deliveries[b] for b in bodies if b.startswith("good")} == {
        b: 1 for b in bodies if b.startswith("good")
    }
    # maxReceiveCount is 2: delivered twice, then moved by SQS on the next receive.
    assert {b: deliveries[b] for b in bodies if b.startswith("poison")} == {
        "poison-2": 2,
        "poison-5": 2,
        "poison-8": 2,
    }
    assert json.loads(lines[0])["source"] == "aws:sqs"
    attrs = sqs.get_queue_attributes(QueueUrl=urls["WorkQueue"], AttributeNames=["All"])
    assert attrs["Attributes"]["ApproximateNumberOfMessages"] == "0"
    assert attrs["Attributes"]["ApproximateNumberOfMessagesNotVisible"] == "0"


def test_state_machine_runs_and_its_end_reaches_the_rule_target(aws: LocalAws) -> None:
    sfn = client("stepfunctions", aws.endpoint_url)
    execution_arn = sfn.start_execution(
        stateMachineArn=aws.resolved().state_machine_arns["Pipeline"],
        input=json.dumps({"key": "run-1", "items": [1, 2, 3]}),
    )["executionArn"]
    assert not execution_arn.endswith(":None")  # moto quirk patched: unnamed runs get a UUID

    def finished() -> dict[str, Any] | None:
        d = sfn.describe_execution(executionArn=execution_arn)
        return d if d["status"] != "RUNNING" else None

    described = wait_for(finished, timeout=20)
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == {
        "attempts": 2,
        "error": "BoomError",
        "doubled": [2, 4, 6],
    }

    sqs = client("sqs", aws.endpoint_url)
    url = aws.resolved().queue_urls["RunEventsQueue"]

    def event() -> dict[str, Any] | None:
        for m in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", []):
            body = json.loads(m["Body"])
            if body["detail"]["executionArn"] == execution_arn:
                return body
        return None

    body = wait_for(event, timeout=10)
    assert body["source"] == "aws.states"
    assert body["detail-type"] == "Step Functions Execution Status Change"
    assert body["detail"]["status"] == "SUCCEEDED"
    assert json.loads(body["detail"]["output"])["doubled"] == [2, 4, 6]
    assert body["detail"]["stopDate"] >= body["detail"]["startDate"]


def test_upload_notification_reaches_queue(aws: LocalAws) -> None:
    s3, sqs = client("s3", aws.endpoint_url), client("sqs", aws.endpoint_url)
    resolved = aws.resolved()
    bucket = resolved.bucket_names["DataBucket"]
    cors = s3.get_bucket_cors(Bucket=bucket)["CORSRules"]
    assert cors[0]["AllowedOrigins"] == ["*"] and "POST" in cors[0]["AllowedMethods"]
    s3.put_object(Bucket=bucket, Key="other/ignored.csv", Body=b"x")
    s3.put_object(Bucket=bucket, Key="uploads/my file.csv", Body=b"a,b\n")

    records: list[dict[str, Any]] = []

    def collect() -> bool:
        got = sqs.receive_message(
            QueueUrl=resolved.queue_urls["UploadQueue"], MaxNumberOfMessages=10, WaitTimeSeconds=1
        )
        for m in got.get("Messages", []):
            body = json.loads(m["Body"])
            if body.get("Event") == "s3:TestEvent":
                continue  # S3 (and moto) send this once notifications are configured
            records.extend(body["Records"])
        return bool(records)

    assert wait_for(collect, timeout=10)
    # Keys arrive URL-encoded; moto even encodes "/" (S3 keeps it), so decode with unquote_plus.
    assert [unquote_plus(r["s3"]["object"]["key"]) for r in records] == ["uploads/my file.csv"]


def test_worker_pids_are_tracked(aws: LocalAws) -> None:
    invoke(aws, "EnvBFunction", {})
    pids = aws.executor.worker_pids()
    assert pids and all(pid_alive(pid) for pid in pids.values())
