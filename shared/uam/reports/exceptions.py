"""Errors of the reports domain; the API maps each to one status code."""


class ReportError(Exception):
    """Base of report errors; str() is the message shown to the client."""


class ReportNotFound(ReportError):
    """No such report for this user (another user's report is "not found" too)."""

    def __init__(self) -> None:
        super().__init__("report not found")


class RunNotFinished(ReportError):
    """A report asked of a run that did not succeed (yet): it has nothing to report (409)."""


class ReportStillRendering(ReportError):
    """The report was asked for and is not written yet; try again shortly (409)."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(
            f"the report is still being rendered; try again in {retry_after_s} seconds"
        )
        self.retry_after_s = retry_after_s


class ReportRenderFailed(ReportError):
    """Rendering the report failed for good; a new POST /reports/generate may work (409)."""


class ReportFileMissing(ReportError):
    """The report's row is there but its file is not (404)."""


class ReportTooLargeToStream(ReportError):
    """The PDF is bigger than a Lambda response can carry; the redirect works (413)."""


class ReportNotQueued(ReportError):
    """The queue refused the render request; the report is marked failed (503)."""
