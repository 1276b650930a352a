"""The FastAPI app factory: routers, error mapping, CORS, security headers, body limits.
Nothing touches the network here."""

from collections.abc import Sequence

from aws_lambda_powertools import Logger
from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from uam.api import errors, request_logging
from uam.api.body_limits import BodyLimits
from uam.api.routers import (
    admin,
    auth,
    console,
    datasets,
    health,
    models,
    nlq,
    predictions,
    projects,
    reports,
    runs,
)
from uam.api.security_headers import SecurityHeaders
from uam.config import get_api_settings

ALL_ROUTERS = (
    health.router,
    auth.router,
    projects.router,
    datasets.router,
    runs.router,
    models.router,
    predictions.router,
    reports.router,
    nlq.router,
    admin.router,
    console.router,
)


def create_app(
    routers: Sequence[APIRouter] = ALL_ROUTERS, *, logger: Logger | None = None
) -> FastAPI:
    """The API; a function that answers only some routes (predict) passes just those, and a
    Lambda function its logger, for a structured line per request."""
    app = FastAPI(
        title="UAM: Universal Analyst Model",
        version="0.1.0",
        description="Upload a table, get a profile, models, a report and answers.",
    )
    # The last added runs first: logging, security headers, CORS, then the body's bounds,
    # so that a refused body's answer carries the headers and CORS lets a browser read it.
    app.add_middleware(BodyLimits)
    origins = get_api_settings().cors_origins
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["*"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(SecurityHeaders)
    if logger is not None:
        request_logging.install(app, logger)
    errors.install(app)
    for router in routers:
        app.include_router(router)
    return app
