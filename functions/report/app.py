"""The report stage: {"run_id"} in; the PDF stored."""

from aws_lambda_powertools.utilities.typing import LambdaContext

from uam.aws.clients import client
from uam.observability.handlers import stage_handler
from uam.runs.stages import report


@stage_handler("report")
def handler(event: dict, context: LambdaContext) -> dict:
    return report.run(event["run_id"], s3=client("s3"))
