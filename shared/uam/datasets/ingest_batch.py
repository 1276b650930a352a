"""The ingest function's work per SQS record: every object an S3 notification names."""

from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from uam.datasets.events import created_objects
from uam.datasets.ingest import IngestResult, ingest_upload


def ingest_record(record: SQSRecord, *, s3: Any) -> list[IngestResult]:
    """Raise to have this record retried (then dead-lettered); return when it is done."""
    return [ingest_upload(obj.bucket, obj.key, s3=s3) for obj in created_objects(record.body)]
