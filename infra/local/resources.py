"""Create the resolved stack's resources on the emulator through its public API (boto3).

Going through the API rather than moto's internals keeps this usable against any emulator.
Bucket notifications are applied separately (`apply_bucket_notifications`) so that restoring
persisted objects at start-up does not replay upload events into the queues.
"""

from __future__ import annotations

import io
import json
import logging
import urllib.request
import zipfile
from typing import Any

import boto3

from infra.local.stack_model import ResolvedStack

log = logging.getLogger("infra.local")
LOCAL_ROLE = "uam-local-execution-role"


def client(service: str, endpoint_url: str, region: str = "us-east-1") -> Any:
    return boto3.client(
        service,
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _dummy_zip() -> bytes:
    # moto insists on a code package; the executor runs the real code from CodeUri.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("placeholder.py", "# code runs from CodeUri via infra.local\n")
    return buffer.getvalue()


def reset_emulator(endpoint_url: str) -> None:
    """Drop all emulator state. moto's backends are process-global and outlive a server, so
    without this a second start in the same process would find the previous resources."""
    request = urllib.request.Request(f"{endpoint_url}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


def create_all(stack: ResolvedStack) -> None:
    ep, region = stack.endpoint_url, stack.region
    role_arn = _ensure_role(client("iam", ep, region))
    _create_queues(stack, client("sqs", ep, region))
    _create_buckets(stack, client("s3", ep, region))
    lam = client("lambda", ep, region)
    _create_functions(stack, lam, role_arn)
    sfn = client("stepfunctions", ep, region)
    for sm in stack.state_machines.values():
        sfn.create_state_machine(name=sm.name, definition=sm.definition, roleArn=role_arn)
    events = client("events", ep, region)
    for rule in stack.rules.values():
        kwargs: dict[str, Any] = {
            "Name": rule.name,
            "State": "ENABLED" if rule.enabled else "DISABLED",
        }
        if rule.event_pattern is not None:
            kwargs["EventPattern"] = json.dumps(rule.event_pattern)
        if rule.schedule:
            kwargs["ScheduleExpression"] = rule.schedule
        events.put_rule(**kwargs)
        if rule.targets:
            events.put_targets(Rule=rule.name, Targets=rule.targets)
    if stack.skipped:
        log.info("not emulated locally: %s", stack.skipped)


def _ensure_role(iam: Any) -> str:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    try:
        return iam.create_role(RoleName=LOCAL_ROLE, AssumeRolePolicyDocument=json.dumps(trust))[
            "Role"
        ]["Arn"]
    except iam.exceptions.EntityAlreadyExistsException:
        return iam.get_role(RoleName=LOCAL_ROLE)["Role"]["Arn"]


def _create_queues(stack: ResolvedStack, sqs: Any) -> None:
    # All queues first, then redrive policies: moto rejects a policy naming a missing DLQ.
    for queue in stack.queues.values():
        url = sqs.create_queue(QueueName=queue.name, Attributes=queue.attributes)["QueueUrl"]
        if url != queue.url:
            log.warning("queue %s got url %s, expected %s", queue.name, url, queue.url)
    for queue in stack.queues.values():
        attrs: dict[str, str] = {}
        if queue.redrive_policy:
            attrs["RedrivePolicy"] = json.dumps(queue.redrive_policy)
        if queue.policy:
            attrs["Policy"] = json.dumps(queue.policy)
        if attrs:
            sqs.set_queue_attributes(QueueUrl=queue.url, Attributes=attrs)


def _create_buckets(stack: ResolvedStack, s3: Any) -> None:
    for bucket in stack.buckets.values():
        try:
            s3.create_bucket(Bucket=bucket.name)
        except s3.exceptions.BucketAlreadyOwnedByYou:
            pass
        if bucket.cors_rules:
            s3.put_bucket_cors(
                Bucket=bucket.name, CORSConfiguration={"CORSRules": bucket.cors_rules}
            )


def apply_bucket_notifications(stack: ResolvedStack) -> None:
    """Note: moto then sends an `s3:TestEvent` message to each target queue, as S3 does."""
    s3 = client("s3", stack.endpoint_url, stack.region)
    for bucket in stack.buckets.values():
        if bucket.notification:
            s3.put_bucket_notification_configuration(
                Bucket=bucket.name, NotificationConfiguration=bucket.notification
            )


def _create_functions(stack: ResolvedStack, lam: Any, role_arn: str) -> None:
    code = _dummy_zip()
    for layer in stack.layers.values():
        lam.publish_layer_version(
            LayerName=layer.name, Content={"ZipFile": code}, CompatibleRuntimes=["python3.11"]
        )
    for fn in stack.functions.values():
        lam.create_function(
            FunctionName=fn.name,
            Runtime=fn.runtime,
            Role=role_arn,
            Handler=fn.handler,
            Code={"ZipFile": code},
            Timeout=fn.timeout,
            MemorySize=fn.memory_size,
            Environment={"Variables": fn.environment},
            Layers=[arn for arn in fn.layer_arns if ":layer:" in arn],
        )
    for source in stack.event_sources:
        lam.create_event_source_mapping(
            FunctionName=stack.functions[source.function_logical_id].name,
            EventSourceArn=source.queue_arn,
            BatchSize=source.batch_size,
            Enabled=source.enabled,
        )
