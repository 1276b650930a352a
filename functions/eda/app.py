"""The EDA stage: {"run_id"} in; the profile and data charts stored."""

from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.aws.clients import client
from uam.observability.handlers import stage_handler
from uam.runs.stages import eda


@stage_handler("eda")
def handler(event: dict, context: LambdaContext) -> dict:
    return eda.run(event["run_id"], s3=client("s3"))
