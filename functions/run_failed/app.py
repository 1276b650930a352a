"""The workflow's Catch target: {"run_id", "error": {Error, Cause}} in; the run FAILED."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.runs.stages import failure

logger = Logger(service="uam-run-failed")


@logger.inject_lambda_context
def handler(event: dict, context: LambdaContext) -> dict:
    return failure.run(event["run_id"], event.get("error"))
