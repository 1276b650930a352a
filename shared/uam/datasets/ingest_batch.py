"""The ingest function's work per SQS record: every object an S3 notification names.

A dataset that ends READY is counted in DatasetsIngested and its size in IngestBytes, in the
invocation's metric set, which the handler writes when it returns.
"""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from uam.datasets import naming
from uam.datasets.events import CreatedObject, created_objects
from uam.datasets.ingest import IngestResult, ingest_upload
from uam.datasets.models import DatasetStatus
from uam.observability.metrics import DATASETS_INGESTED, INGEST_BYTES, metrics


def uploads(record: SQSRecord) -> list[CreatedObject]:
    """The objects the record's notification names (MalformedNotification: retried, then DLQ)."""
    return created_objects(record.body)


def dataset_id(upload: CreatedObject) -> str | None:
    """The dataset an upload is for, read from its key (None: not a key we issued)."""
    ids = naming.ids_from_upload_key(upload.key)
    return str(ids[1]) if ids else None


def ingest(upload: CreatedObject, *, s3: Any) -> IngestResult:
    """Raise to have the record retried (then dead-lettered); return when it is done."""
    result = ingest_upload(upload.bucket, upload.key, s3=s3)
    if result.outcome == DatasetStatus.READY and result.dataset_id is not None:
        metrics.add_metric(name=DATASETS_INGESTED, unit=MetricUnit.Count, value=1)
        metrics.add_metric(name=INGEST_BYTES, unit=MetricUnit.Bytes, value=result.size_bytes)
    return result
