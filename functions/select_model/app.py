"""Ranking and the ensemble: {"run_id", "trained": [Map results]} in."""

from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.aws.clients import client
from uam.observability.handlers import stage_handler
from uam.runs.stages import select


@stage_handler("select_model")
def handler(event: dict, context: LambdaContext) -> dict:
    return select.run(event["run_id"], event.get("trained") or [], s3=client("s3"))
