"""The ingest Lambda: SQS batches of S3 notifications in, partial-batch failures out."""

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.aws.clients import client
from uam.datasets.ingest_batch import dataset_id, ingest, uploads
from uam.observability.logs import function_logger, record_context
from uam.observability.metrics import metrics
from uam.observability.tracing import function_tracer

logger = function_logger("uam-ingest")
tracer = function_tracer("uam-ingest")
processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    # dataset_id is declared for the whole record, so that a failure is logged with it.
    with record_context(logger, message_id=record.message_id, dataset_id=None):
        for upload in uploads(record):
            logger.append_keys(dataset_id=dataset_id(upload))
            logger.info("ingested", outcome=ingest(upload, s3=client("s3")).outcome)


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def handler(event: dict, context: LambdaContext) -> dict:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
