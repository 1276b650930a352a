"""The ingest Lambda: SQS batches of S3 notifications in, partial-batch failures out."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.aws.clients import client
from uam.datasets.ingest_batch import ingest_record

logger = Logger(service="uam-ingest")
processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    for result in ingest_record(record, s3=client("s3")):
        logger.info("ingested", dataset_id=str(result.dataset_id), outcome=result.outcome)


@logger.inject_lambda_context
def handler(event: dict, context: LambdaContext) -> dict:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
