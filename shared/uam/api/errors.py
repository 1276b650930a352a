"""The one place where domain exceptions become HTTP status codes.

An exception nobody expected is a 500 whose body is one generic sentence with an id to quote:
never its message, traceback, SQL or a path, which stay in the log under that id. A database
that cannot be reached is a 503 saying to try again, not a 500.
"""

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc

from uam.admin.exceptions import SelfLockout, UserNotFound
from uam.api.security_headers import base_headers
from uam.auth.exceptions import (
    AccountDisabled,
    EmailTaken,
    InvalidCredentials,
    InvalidToken,
    LoginThrottled,
    NotAdmin,
    RegistrationThrottled,
)
from uam.console.exceptions import ConsoleFileNotFound
from uam.datasets.exceptions import (
    DatasetBusy,
    DatasetNotFound,
    DatasetNotReady,
    FileTooLarge,
    InvalidUpload,
    UnsupportedFileType,
    UploadNotArrived,
)
from uam.db.engine import DatabaseNotConfigured
from uam.models.exceptions import ModelNotFound
from uam.predictions.exceptions import (
    ModelFileRejected,
    PredictionRejected,
    PredictionTooLarge,
    UnsupportedPredictionBody,
)
from uam.projects.exceptions import ProjectNotFound
from uam.questions.exceptions import QuestionTooExpensive
from uam.reports.exceptions import (
    ReportFileMissing,
    ReportNotFound,
    ReportNotQueued,
    ReportRenderFailed,
    ReportStillRendering,
    ReportTooLargeToStream,
    RunNotFinished,
)
from uam.runs.exceptions import (
    InvalidRunRequest,
    RunAlreadyFinished,
    RunLimitReached,
    RunNotFound,
    RunNotStarted,
)

STATUS_BY_EXCEPTION: dict[type[Exception], int] = {
    InvalidRunRequest: 400,
    QuestionTooExpensive: 400,
    SelfLockout: 400,
    InvalidCredentials: 401,
    InvalidToken: 401,
    NotAdmin: 403,
    # Not 403: a disabled account is no longer signed in (a token, a refresh or a password no
    # longer authenticates it), the same class as an expired token.
    AccountDisabled: 401,
    ConsoleFileNotFound: 404,
    ProjectNotFound: 404,
    DatasetNotFound: 404,
    RunNotFound: 404,
    ReportNotFound: 404,
    ReportFileMissing: 404,
    ModelNotFound: 404,
    UserNotFound: 404,
    EmailTaken: 409,
    UploadNotArrived: 409,
    DatasetNotReady: 409,
    DatasetBusy: 409,
    RunAlreadyFinished: 409,
    RunNotFinished: 409,
    ReportStillRendering: 409,
    ReportRenderFailed: 409,
    ModelFileRejected: 409,
    PredictionTooLarge: 413,
    UnsupportedPredictionBody: 415,
    PredictionRejected: 422,
    FileTooLarge: 413,
    ReportTooLargeToStream: 413,
    UnsupportedFileType: 415,
    InvalidUpload: 422,
    RunLimitReached: 429,
    LoginThrottled: 429,
    RegistrationThrottled: 429,
    RunNotStarted: 503,
    ReportNotQueued: 503,
}


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    status = STATUS_BY_EXCEPTION[type(exc)]
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(
        exc, (RunLimitReached, ReportStillRendering, LoginThrottled, RegistrationThrottled)
    ):
        headers = {"Retry-After": str(exc.retry_after_s)}
    body: dict[str, object] = {"detail": str(exc)}
    if getattr(exc, "problems", None):
        # Every refused value with its column and row, for a client to point at.
        body["errors"] = exc.problems  # type: ignore[attr-defined]
    return JSONResponse(body, status_code=status, headers=headers)


log = logging.getLogger("uam.api")

# The driver's "cannot connect" and "connection lost" (pg8000's InterfaceError among them),
# and a pool with no connection to give within its timeout.
# DATABASE_URL unset outside the local stack is the same outage to a client.
DATABASE_UNAVAILABLE = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    DatabaseNotConfigured,
)


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    request_id = _request_id(request)
    # The driver's own message only: SQLAlchemy's adds the statement and its parameters.
    log.error(
        "database unavailable (request id %s) on %s %s: %s: %s",
        request_id,
        request.method,
        request.url.path,
        type(exc).__name__,
        getattr(exc, "orig", None) or type(exc).__name__,
    )
    return JSONResponse(
        {"detail": f"the database is unavailable; try again in a moment (request id {request_id})"},
        status_code=503,
        headers={"Retry-After": "5"},
    )


# PostgreSQL's "invalid byte sequence": U+0000, which no text column can store. Where a field
# is sanitized (file names, questions) it never gets here; anywhere else it is the client's.
NUL_IN_TEXT = "22021"


def _sqlstate(exc: Exception) -> str | None:
    details = getattr(getattr(exc, "orig", None), "args", None) or [None]
    return details[0].get("C") if isinstance(details[0], dict) else None  # pg8000's error fields


async def _database_refused(request: Request, exc: Exception) -> JSONResponse:
    if _sqlstate(exc) == NUL_IN_TEXT:
        return JSONResponse(
            {
                "detail": "text may not contain the NUL character (U+0000), which cannot be "
                "stored: remove it and send the request again"
            },
            status_code=422,
        )
    return await _unexpected(request, exc)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's outermost layer calls this, then re-raises `exc` for the server to log;
    no middleware sees the answer, so it carries the security headers itself."""
    request_id = _request_id(request)
    log.error(
        "unexpected error (request id %s) on %s %s",
        request_id,
        request.method,
        request.url.path,
        exc_info=exc,
    )
    return JSONResponse(
        {"detail": f"internal error; it has been logged (request id {request_id})"},
        status_code=500,
        headers=base_headers(),
    )


def _request_id(request: Request) -> str:
    """API Gateway's request id (Mangum puts the event in the scope), else a new one."""
    event = request.scope.get("aws.event") or {}
    return str((event.get("requestContext") or {}).get("requestId") or uuid.uuid4())


def install(app: FastAPI) -> None:
    from uam.api import responses  # it reads STATUS_BY_EXCEPTION from here

    for exc_type in STATUS_BY_EXCEPTION:
        app.add_exception_handler(exc_type, _domain_error)
    for exc_type in DATABASE_UNAVAILABLE:
        app.add_exception_handler(exc_type, _database_unavailable)
    # Any other statement the database refused (the handlers above are more specific).
    app.add_exception_handler(sa_exc.DBAPIError, _database_refused)
    app.add_exception_handler(Exception, _unexpected)
    # /openapi.json and /docs list these errors on every route that can answer them.
    responses.install(app)
