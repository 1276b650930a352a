"""SQS operations UAM needs, over an injected boto3 client."""

from typing import Any


def send(sqs: Any, *, queue_url: str, body: str) -> str:
    return sqs.send_message(QueueUrl=queue_url, MessageBody=body)["MessageId"]
