"""Stacks with their own lifecycle: template-driven wiring, S3 persistence, clean stop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infra.local.aws_stack import LocalAws
from infra.local.resources import client
from tests.integration.local_stack.helpers import FUNCTIONS_DIR, TEST_TEMPLATE, free_port, pid_alive

pytestmark = pytest.mark.integration

EXTRA_RESOURCES = f"""
  ExtraQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${{AWS::StackName}}-extra"
      VisibilityTimeout: 7

  ExtraFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: {FUNCTIONS_DIR / "envecho"}
      Handler: app.handler
      Environment:
        Variables:
          EXTRA_QUEUE_URL: !Ref ExtraQueue
"""


def test_resource_added_to_template_appears_locally(tmp_path: Path) -> None:
    # Same template with absolute paths plus two resources appended (Resources is last).
    text = TEST_TEMPLATE.read_text().replace("../", f"{TEST_TEMPLATE.parent.parent}/")
    template = tmp_path / "template.yaml"
    template.write_text(text + EXTRA_RESOURCES)
    aws = LocalAws(template_path=template, port=free_port(), data_dir=tmp_path / "data")
    aws.start()
    try:
        resolved = aws.resolved()
        sqs = client("sqs", aws.endpoint_url)
        url = sqs.get_queue_url(QueueName="uam-extra")["QueueUrl"]
        assert resolved.queue_urls["ExtraQueue"] == url
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])
        assert attrs["Attributes"]["VisibilityTimeout"] == "7"
        lam = client("lambda", aws.endpoint_url)
        name = resolved.function_names["ExtraFunction"]
        config = lam.get_function_configuration(FunctionName=name)
        assert config["Environment"]["Variables"]["EXTRA_QUEUE_URL"] == url
        payload = json.loads(lam.invoke(FunctionName=name, Payload=b"{}")["Payload"].read())
        assert payload["env"]["EXTRA_QUEUE_URL"] == url
        assert payload["env"]["SHARED_GREETING"] == "hello"  # Globals apply to it too
    finally:
        aws.stop()


def test_restart_keeps_s3_objects_and_stop_leaves_no_worker(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    port = free_port()
    aws = LocalAws(template_path=TEST_TEMPLATE, port=port, data_dir=data_dir)
    aws.start()
    try:
        bucket = aws.resolved().bucket_names["DataBucket"]
        s3 = client("s3", aws.endpoint_url)
        s3.put_object(
            Bucket=bucket,
            Key="uploads/a b/ü.csv",
            Body=b"x,y\n1,2\n",
            ContentType="text/csv",
            Metadata={"owner": "u1"},
        )
        s3.put_object(Bucket=bucket, Key="gone.txt", Body=b"bye")
        s3.delete_object(Bucket=bucket, Key="gone.txt")
        s3.create_bucket(Bucket="made-at-runtime")
        s3.put_object(Bucket="made-at-runtime", Key="k", Body=b"v")
        lam = client("lambda", aws.endpoint_url)
        for logical in ("EnvAFunction", "EnvBFunction"):
            lam.invoke(FunctionName=aws.resolved().function_names[logical], Payload=b"{}")
        pids = list(aws.executor.worker_pids().values())
        assert len(pids) == 2 and all(pid_alive(p) for p in pids)
    finally:
        aws.stop()
    assert not any(pid_alive(p) for p in pids)

    again = LocalAws(template_path=TEST_TEMPLATE, port=port, data_dir=data_dir)
    again.start()
    try:
        s3 = client("s3", again.endpoint_url)
        obj = s3.get_object(Bucket=bucket, Key="uploads/a b/ü.csv")
        assert obj["Body"].read() == b"x,y\n1,2\n"
        assert obj["ContentType"] == "text/csv"
        assert obj["Metadata"] == {"owner": "u1"}
        assert s3.get_object(Bucket="made-at-runtime", Key="k")["Body"].read() == b"v"
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        assert keys == ["uploads/a b/ü.csv"]
        # Restoring must not replay the upload into the ingest queue.
        sqs = client("sqs", again.endpoint_url)
        got = sqs.receive_message(
            QueueUrl=again.resolved().queue_urls["UploadQueue"], MaxNumberOfMessages=10
        )
        assert all("s3:TestEvent" in m["Body"] for m in got.get("Messages", []))
    finally:
        again.stop()
