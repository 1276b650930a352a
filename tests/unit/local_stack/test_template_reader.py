from __future__ import annotations

import json
from pathlib import Path

import pytest

from infra.local.event_sources import failed_ids, to_lambda_event
from infra.local.resolve import resolve_stack
from infra.local.state_machines import status_change_event
from infra.local.template import UnresolvableError, load_template

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[3]

TEMPLATE = """
Parameters:
  Origins: {Type: CommaDelimitedList, Default: "a.com, b.com"}
  Name: {Type: String, Default: base}
  Required: {Type: String}
Conditions:
  IsBase: !Equals [!Ref Name, base]
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${AWS::StackName}-${Name}-q"
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Join ["-", [!Ref "AWS::StackName", Upper, !Select [1, !Ref Origins]]]
Outputs:
  SubList: {Value: !Sub ["${X}/${Q.Arn}/${!Literal}", {X: !GetAtt [Q, QueueName]}]}
  LongForm: {Value: {"Fn::GetAtt": ["Q", "Arn"]}}
  Url: {Value: !Ref Q}
  Cond: {Value: !If [IsBase, yes-base, !Ref AWS::NoValue]}
  Origins: {Value: !Ref Origins}
"""


def _resolve(tmp_path: Path, **params: str):
    path = tmp_path / "t.yaml"
    path.write_text(TEMPLATE)
    return resolve_stack(path, stack_name="s", endpoint_url="http://h:1", parameters=params)


def test_short_and_long_forms_resolve(tmp_path: Path) -> None:
    stack = _resolve(tmp_path, Required="r")
    assert stack.queue_urls == {"Q": "http://h:1/123456789012/s-base-q"}
    assert stack.bucket_names == {"B": "s-upper-b.com"}  # bucket names are lower-cased
    assert (
        stack.outputs["SubList"]
        == "s-base-q/arn:aws:sqs:us-east-1:123456789012:s-base-q/${Literal}"
    )
    assert stack.outputs["LongForm"] == "arn:aws:sqs:us-east-1:123456789012:s-base-q"
    assert stack.outputs["Url"] == stack.queue_urls["Q"]
    assert stack.outputs["Cond"] == "yes-base"
    assert stack.outputs["Origins"] == ["a.com", "b.com"]


def test_override_beats_default_and_missing_parameter_is_an_error(tmp_path: Path) -> None:
    assert _resolve(tmp_path, Required="r", Name="x").queue_urls["Q"].endswith("/s-x-q")
    with pytest.raises(UnresolvableError, match="Required"):
        _resolve(tmp_path)


def test_repo_template_resolves() -> None:
    assert load_template(REPO / "template.yaml")["Transform"] == "AWS::Serverless-2016-10-31"
    stack = resolve_stack(
        REPO / "template.yaml",
        stack_name="uam",
        endpoint_url="http://127.0.0.1:4566",
        parameters={"SecretKey": "k" * 40},
    )
    assert stack.bucket_names["UploadsBucket"] == "uam-uploads-123456789012"
    api_env = stack.function_env["ApiFunction"]
    assert api_env["UPLOADS_BUCKET"] == "uam-uploads-123456789012"
    assert api_env["DATABASE_POOL_SIZE"] == "1"
    assert "DATABASE_URL" not in api_env  # empty DatabaseUrl -> AWS::NoValue
    assert stack.functions["ApiFunction"].layer_dirs == [REPO / "shared"]
    source = stack.event_sources[0]
    assert source.report_batch_item_failures and source.batch_size == 10
    assert stack.queues["IngestQueue"].redrive_policy["maxReceiveCount"] == 5
    ingest_timeout = stack.functions["IngestFunction"].timeout
    assert int(stack.queues["IngestQueue"].attributes["VisibilityTimeout"]) >= 6 * ingest_timeout
    assert "RunStatusRule" in stack.rules


def test_sqs_event_shape_and_partial_failures() -> None:
    message = {
        "MessageId": "m1",
        "ReceiptHandle": "r",
        "Body": "b",
        "MD5OfBody": "x",
        "Attributes": {"ApproximateReceiveCount": "1"},
    }
    record = to_lambda_event([message], "arn:q", "us-east-1")["Records"][0]
    assert record["eventSource"] == "aws:sqs" and record["eventSourceARN"] == "arn:q"
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    ids = ["a", "b", "c"]
    assert failed_ids('{"batchItemFailures": [{"itemIdentifier": "b"}]}', False, ids) == {"b"}
    assert failed_ids("null", False, ids) == set()
    assert failed_ids("{}", True, ids) == set(ids)  # function error: keep the whole batch
    assert failed_ids('{"batchItemFailures": [{"itemIdentifier": "zz"}]}', False, ids) == set(ids)


def test_status_change_event_shape() -> None:
    from datetime import UTC, datetime

    event = status_change_event(
        {
            "executionArn": "arn:aws:states:us-east-1:1:execution:m:e1",
            "stateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:m",
            "status": "FAILED",
            "startDate": datetime(2024, 1, 1, tzinfo=UTC),
            "input": "{}",
        }
    )
    detail = json.loads(event["Detail"])
    assert event["Source"] == "aws.states"
    assert event["DetailType"] == "Step Functions Execution Status Change"
    assert detail["name"] == "e1" and detail["status"] == "FAILED"
    assert detail["startDate"] == 1704067200000 and detail["stopDate"] is None
