"""The preprocess stage: {"run_id"} in, the training plan ({has_target, candidates}) out."""

from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.aws.clients import client
from uam.observability.handlers import stage_handler
from uam.runs.stages import preprocess


@stage_handler("preprocess")
def handler(event: dict, context: LambdaContext) -> dict:
    return preprocess.run(event["run_id"], s3=client("s3"))
