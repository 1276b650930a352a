"""S3 notifications as they arrive in SQS: which objects were created.

Keys arrive URL-encoded (spaces as +); S3 also sends an `s3:TestEvent` when a
notification is configured, which names no object and is skipped.
"""

import json
from dataclasses import dataclass
from urllib.parse import quote_plus, unquote_plus


@dataclass(frozen=True)
class CreatedObject:
    bucket: str
    key: str


class MalformedNotification(ValueError):
    """The message body is not an S3 notification we can read."""


def created_objects(body: str) -> list[CreatedObject]:
    try:
        message = json.loads(body)
    except json.JSONDecodeError as exc:
        raise MalformedNotification(f"message body is not JSON: {exc}") from exc
    if not isinstance(message, dict):
        raise MalformedNotification("message body is not a JSON object")
    if message.get("Event") == "s3:TestEvent":
        return []
    objects = []
    for record in message.get("Records", []):
        if not str(record.get("eventName", "")).startswith("ObjectCreated"):
            continue
        try:
            s3 = record["s3"]
            objects.append(CreatedObject(s3["bucket"]["name"], unquote_plus(s3["object"]["key"])))
        except (KeyError, TypeError) as exc:
            raise MalformedNotification(f"S3 record without bucket or key: {exc}") from exc
    return objects


def notification_for(bucket: str, key: str) -> str:
    """The body S3 would send for bucket/key; `complete` uses it to join the same path."""
    record = {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "eventName": "ObjectCreated:Post",
        "s3": {"bucket": {"name": bucket}, "object": {"key": quote_plus(key, safe="/")}},
    }
    return json.dumps({"Records": [record]})
