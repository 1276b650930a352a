"""The EDA stage: {"run_id"} in; the profile and data charts stored."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.aws.clients import client
from uam.runs.stages import eda

logger = Logger(service="uam-eda")


@logger.inject_lambda_context
def handler(event: dict, context: LambdaContext) -> dict:
    return eda.run(event["run_id"], s3=client("s3"))
