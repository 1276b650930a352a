"""The one place where domain exceptions become HTTP status codes."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from uam.admin.exceptions import SelfLockout, UserNotFound
from uam.auth.exceptions import (
    AccountDisabled,
    EmailTaken,
    InvalidCredentials,
    InvalidToken,
    LoginThrottled,
    NotAdmin,
    RegistrationThrottled,
)
from uam.datasets.exceptions import (
    DatasetBusy,
    DatasetNotFound,
    DatasetNotReady,
    FileTooLarge,
    InvalidUpload,
    UnsupportedFileType,
    UploadNotArrived,
)
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


def install(app: FastAPI) -> None:
    from uam.api import responses  # it reads STATUS_BY_EXCEPTION from here

    for exc_type in STATUS_BY_EXCEPTION:
        app.add_exception_handler(exc_type, _domain_error)
    # /openapi.json and /docs list these errors on every route that can answer them.
    responses.install(app)
