"""The finalize stage: {"run_id"} in; the manifest stored and the run SUCCEEDED."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.aws.clients import client
from uam.runs.stages import finalize

logger = Logger(service="uam-finalize")


@logger.inject_lambda_context
def handler(event: dict, context: LambdaContext) -> dict:
    return finalize.run(event["run_id"], s3=client("s3"))
