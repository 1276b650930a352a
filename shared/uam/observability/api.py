"""The handler of an API function (api, predict, nlq): Mangum, with the function's logger."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from fastapi import FastAPI
from mangum import Mangum

from uam.observability.handlers import Handler
from uam.observability.tracing import function_tracer


def api_handler(app: FastAPI, *, logger: Logger, traced: bool = False) -> Handler:
    """Mangum's handler for `app`, with API Gateway's request id as every line's correlation_id.
    `app` logs each request through the same logger: build it with `create_app(logger=logger)`.
    `traced` for the image functions; the API function stays without the X-Ray SDK."""
    asgi = Mangum(app, lifespan="off")

    def handler(event: dict, context: LambdaContext) -> dict:
        return asgi(event, context)

    if traced:
        tracer = function_tracer(logger.service)
        handler = tracer.capture_lambda_handler(handler, capture_response=False)
    return logger.inject_lambda_context(
        handler, correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True
    )
