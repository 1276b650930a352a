"""Step Functions status-change events (via SQS) in; runs whose workflow ended unseen fixed."""

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.observability.logs import function_logger, record_context
from uam.runs.reconcile import reconcile

logger = function_logger("uam-reconcile")
processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    with record_context(logger, message_id=record.message_id, execution_arn=None, run_id=None):
        event = EventBridgeEvent(record.json_body)
        # Executions are named after their run (uam.runs.service.launch).
        logger.append_keys(
            execution_arn=event.detail.get("executionArn"), run_id=event.detail.get("name")
        )
        logger.info("reconciled", outcome=reconcile(event.detail))


# A zip function: no X-Ray SDK in the layer, and its only metric (RunsFailed) is written at once.
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict, context: LambdaContext) -> dict:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
