"""The finalize stage: {"run_id"} in; the manifest stored and the run SUCCEEDED."""

from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.aws.clients import client
from uam.observability.handlers import stage_handler
from uam.runs.stages import finalize


@stage_handler("finalize")
def handler(event: dict, context: LambdaContext) -> dict:
    return finalize.run(event["run_id"], s3=client("s3"))
