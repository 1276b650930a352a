"""The workflow's Catch target: {"run_id", "error": {Error, Cause}} in; the run FAILED."""

from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.observability.handlers import stage_handler
from uam.runs.stages import failure


# A zip function: no X-Ray SDK in the layer, and nothing slow to trace.
@stage_handler("run_failed", traced=False)
def handler(event: dict, context: LambdaContext) -> dict:
    return failure.run(event["run_id"], event.get("error"))
