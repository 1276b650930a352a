"""/reports: render a finished run's report again, download a report."""

import uuid

from fastapi import APIRouter, Response, status
from fastapi.responses import RedirectResponse

from uam.api.deps import CurrentUser, SessionDep
from uam.api.responses import raises
from uam.aws.clients import client
from uam.reports import service
from uam.reports.exceptions import (
    ReportFileMissing,
    ReportNotQueued,
    ReportRenderFailed,
    ReportStillRendering,
    ReportTooLargeToStream,
    RunNotFinished,
)
from uam.reports.schemas import ReportGenerateRequest, ReportGenerateResponse, ReportStatus
from uam.runs.exceptions import RunNotFound

router = APIRouter(prefix="/reports", tags=["reports"])


@router.post(
    "/generate",
    status_code=status.HTTP_202_ACCEPTED,
    responses=raises(RunNotFound, RunNotFinished, ReportNotQueued),
)
def generate(
    body: ReportGenerateRequest, user: CurrentUser, session: SessionDep
) -> ReportGenerateResponse:
    """Render a finished run's report again; download it once it is ready."""
    report = service.request(body.run_id, owner_id=user.id, session=session)
    # The renderer looks the row up as soon as the message lands: commit it first.
    session.commit()
    service.enqueue(report, sqs=client("sqs"), session=session)
    return ReportGenerateResponse(report_id=report.id, status=ReportStatus.RENDERING)


@router.get(
    "/{report_id}/download",
    status_code=status.HTTP_307_TEMPORARY_REDIRECT,
    response_class=RedirectResponse,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "with inline=1"},
        **raises(
            ReportFileMissing, ReportStillRendering, ReportRenderFailed, ReportTooLargeToStream
        ),
    },
)
def download(
    report_id: uuid.UUID, user: CurrentUser, session: SessionDep, inline: bool = False
) -> Response:
    """A redirect to a 5-minute download link of the PDF, or with inline=1 the PDF itself."""
    report = service.get(report_id, owner_id=user.id, session=session)
    if inline:
        return Response(
            service.read(report, s3=client("s3")),
            media_type=service.PDF,
            headers={"Content-Disposition": service.inline_disposition(report)},
        )
    url = service.download_url(report, s3=client("s3"))
    return RedirectResponse(url, status_code=status.HTTP_307_TEMPORARY_REDIRECT)
