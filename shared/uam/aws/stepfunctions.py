"""Step Functions operations UAM needs, over an injected boto3 client."""

import json
from typing import Any

from botocore.exceptions import ClientError


def start_execution(sfn: Any, *, state_machine_arn: str, name: str, payload: dict) -> str:
    """Start an execution named `name`; a second start of the same name returns the first."""
    try:
        return sfn.start_execution(
            stateMachineArn=state_machine_arn, name=name, input=json.dumps(payload)
        )["executionArn"]
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ExecutionAlreadyExists":
            raise
        # Named after the run: the execution exists already, so this start is a repeat.
        arn = state_machine_arn.replace(":stateMachine:", ":execution:")
        return f"{arn}:{name}"


def stop_execution(sfn: Any, *, execution_arn: str, cause: str) -> bool:
    """Stop a running execution; False when it had already ended or never existed."""
    try:
        sfn.stop_execution(executionArn=execution_arn, cause=cause[:32768])
    except ClientError as exc:
        if exc.response["Error"]["Code"] in ("ExecutionDoesNotExist", "ValidationException"):
            return False
        raise
    return True
