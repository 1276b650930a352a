"""The render-report Lambda: SQS batches of {"report_id"} in, partial-batch failures out."""

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.aws.clients import client
from uam.observability.logs import function_logger, record_context
from uam.observability.metrics import metrics, stage_timer
from uam.observability.tracing import function_tracer
from uam.reports.render import render_request

logger = function_logger("uam-render-report")
tracer = function_tracer("uam-render-report")
processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    with (
        record_context(logger, message_id=record.message_id, report_id=None),
        stage_timer("render_report"),
    ):
        logger.append_keys(report_id=record.json_body["report_id"])
        logger.info("report", outcome=render_request(record.body, s3=client("s3")))


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def handler(event: dict, context: LambdaContext) -> dict:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
