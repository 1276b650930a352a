"""Echoes its process id and environment; sleeps or raises on request."""

import os
import time

import testlayer


def handler(event, context):
    if event.get("sleep"):
        time.sleep(event["sleep"])
    if event.get("raise"):
        raise ValueError(event["raise"])
    if event.get("exit"):
        os._exit(3)
    print(f"envecho called by {context.function_name}")
    return {
        "pid": os.getpid(),
        "env": dict(os.environ),
        "layer": testlayer.NAME,
        "context": {
            "aws_request_id": context.aws_request_id,
            "function_name": context.function_name,
            "invoked_function_arn": context.invoked_function_arn,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "remaining_ms": context.get_remaining_time_in_millis(),
        },
    }
