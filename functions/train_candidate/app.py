"""One Map iteration of training: {"run_id", "candidate": {name, budget_s}} in."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.aws.clients import client
from uam.runs.stages import train

logger = Logger(service="uam-train")


@logger.inject_lambda_context
def handler(event: dict, context: LambdaContext) -> dict:
    return train.run(event["run_id"], event["candidate"], s3=client("s3"))
