"""X-Ray traces of a handler and of its AWS calls, with Powertools' Tracer.

Tracer needs aws-xray-sdk (requirements.txt). It is off outside Lambda (no LAMBDA_TASK_ROOT),
under SAM local, and wherever POWERTOOLS_TRACE_DISABLED=true; then its decorators only call
through. Not used by the API function, which keeps its cold start lean.
"""

from aws_lambda_powertools import Tracer

# boto3 calls (S3, Step Functions, SQS) become subsegments; database time shows as the gaps.
PATCHED = ("botocore",)


def function_tracer(service: str) -> Tracer:
    return Tracer(service=service, patch_modules=PATCHED)
