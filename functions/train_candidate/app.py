"""One Map iteration of training: {"run_id", "candidate": {name, budget_s}} in."""

from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.aws.clients import client
from uam.observability.handlers import stage_handler
from uam.runs.stages import train


@stage_handler("train_candidate")
def handler(event: dict, context: LambdaContext) -> dict:
    return train.run(event["run_id"], event["candidate"], s3=client("s3"))
