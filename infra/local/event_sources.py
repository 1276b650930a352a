"""SQS -> Lambda event source mappings with Lambda's semantics, one poller thread each.

moto has its own SQS->Lambda delivery, run synchronously inside SendMessage and without
partial-batch responses; it is detached from the queues (in-process) so these pollers are the
only consumers. Redrive to the DLQ after maxReceiveCount is done by moto on ReceiveMessage.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from infra.local.resources import client
from infra.local.stack_model import EventSourceSpec, ResolvedStack

log = logging.getLogger("infra.local")
Invoke = Callable[[str, Any], tuple[str, bool]]


def detach_moto_delivery(stack: ResolvedStack) -> None:
    from moto.sqs.models import sqs_backends

    for queue in sqs_backends[stack.account_id][stack.region].queues.values():
        queue.lambda_event_source_mappings.clear()


def to_lambda_event(messages: list[dict[str, Any]], queue_arn: str, region: str) -> dict[str, Any]:
    """The event shape Lambda builds for SQS (camelCase keys, string attribute values)."""
    records = []
    for m in messages:
        attributes = {k: str(v) for k, v in (m.get("Attributes") or {}).items()}
        message_attributes = {
            name: {
                "stringValue": a.get("StringValue"),
                "binaryValue": a.get("BinaryValue"),
                "stringListValues": a.get("StringListValues", []),
                "binaryListValues": a.get("BinaryListValues", []),
                "dataType": a["DataType"],
            }
            for name, a in (m.get("MessageAttributes") or {}).items()
        }
        records.append(
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": attributes,
                "messageAttributes": message_attributes,
                "md5OfBody": m["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": region,
            }
        )
    return {"Records": records}


def failed_ids(payload: str, errored: bool, message_ids: list[str]) -> set[str]:
    """Which messages stay on the queue. Malformed partial responses fail the whole batch."""
    if errored:
        return set(message_ids)
    try:
        response = json.loads(payload)
    except ValueError:
        return set()
    if not isinstance(response, dict) or not response.get("batchItemFailures"):
        return set()
    failures = response["batchItemFailures"]
    ids = {f.get("itemIdentifier") for f in failures if isinstance(f, dict)}
    if not ids <= set(message_ids) or None in ids or "" in ids:
        return set(message_ids)
    return ids  # type: ignore[return-value]


class SqsPoller(threading.Thread):
    def __init__(self, stack: ResolvedStack, source: EventSourceSpec, invoke: Invoke) -> None:
        function = stack.functions[source.function_logical_id]
        super().__init__(daemon=True, name=f"sqs-poller-{function.name}")
        self._queue = stack.queue_by_arn(source.queue_arn)
        self._function = function.name
        self._source = source
        self._invoke = invoke
        self._region = stack.region
        self._sqs = client("sqs", stack.endpoint_url, stack.region)
        self._halt = threading.Event()

    def stop(self) -> None:
        self._halt.set()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                messages = self._receive()
                if messages:
                    self._deliver(messages)
            except Exception:
                if self._halt.is_set():
                    return  # the server is going away
                log.exception("poller for %s failed; retrying", self._function)
                self._halt.wait(1)

    def _receive(self) -> list[dict[str, Any]]:
        # Short long-poll so stop() is honoured quickly.
        batch: list[dict[str, Any]] = []
        window_end = time.monotonic() + self._source.batching_window_seconds
        while not self._halt.is_set() and len(batch) < self._source.batch_size:
            got = self._sqs.receive_message(
                QueueUrl=self._queue.url,
                MaxNumberOfMessages=min(10, self._source.batch_size - len(batch)),
                WaitTimeSeconds=1,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            batch.extend(got)
            if time.monotonic() >= window_end and (batch or not got):
                break
        return batch

    def _deliver(self, messages: list[dict[str, Any]]) -> None:
        event = to_lambda_event(messages, self._queue.arn, self._region)
        payload, errored = self._invoke(self._function, event)
        ids = [m["MessageId"] for m in messages]
        keep = (
            failed_ids(payload, errored, ids)
            if errored or self._source.report_batch_item_failures
            else set()
        )
        if errored:
            log.warning("%s failed on %d messages: %s", self._function, len(ids), payload[:500])
        done = [m for m in messages if m["MessageId"] not in keep]
        for start in range(0, len(done), 10):
            chunk = done[start : start + 10]
            self._sqs.delete_message_batch(
                QueueUrl=self._queue.url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(chunk)
                ],
            )


def start_pollers(stack: ResolvedStack, invoke: Invoke) -> list[SqsPoller]:
    detach_moto_delivery(stack)
    pollers = [SqsPoller(stack, s, invoke) for s in stack.event_sources if s.enabled]
    for poller in pollers:
        poller.start()
    return pollers


def stop_pollers(pollers: list[SqsPoller]) -> None:
    for poller in pollers:
        poller.stop()
    for poller in pollers:
        poller.join(timeout=5)
