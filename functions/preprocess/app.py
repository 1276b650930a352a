"""The preprocess stage: {"run_id"} in, the training plan ({has_target, candidates}) out."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.aws.clients import client
from uam.runs.stages import preprocess

logger = Logger(service="uam-preprocess")


@logger.inject_lambda_context
def handler(event: dict, context: LambdaContext) -> dict:
    return preprocess.run(event["run_id"], s3=client("s3"))
