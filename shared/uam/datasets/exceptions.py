"""Errors of the datasets domain; the API maps each to one status code."""


class DatasetError(Exception):
    """Base of dataset errors; str() is the message shown to the client."""


class DatasetNotFound(DatasetError):
    """No such dataset for this user (another user's dataset is "not found" too)."""

    def __init__(self) -> None:
        super().__init__("dataset not found")


class FileTooLarge(DatasetError):
    """The declared or actual size is over the configured limit (413)."""


class UnsupportedFileType(DatasetError):
    """The extension is outside the allow-list (415)."""


class InvalidUpload(DatasetError):
    """The upload request cannot be done as asked, e.g. an empty size or a bad name (422)."""


class UploadNotArrived(DatasetError):
    """The client says the upload finished but storage has no object yet (409)."""


class DatasetBusy(DatasetError):
    """Another worker is ingesting this dataset now; try the delivery again later."""


class DatasetNotReady(DatasetError):
    """The dataset exists but is not READY, so it has no preview or data yet (409)."""
