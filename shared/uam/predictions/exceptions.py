"""Errors of a prediction request (lean: the API maps them to status codes)."""

from typing import Any


class PredictionError(Exception):
    """Base: the message is a sentence for the person who sent the rows."""


class PredictionRejected(PredictionError):
    """The rows break the model's input schema (422); `problems` names column and row."""

    def __init__(self, message: str, problems: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class PredictionTooLarge(PredictionError):
    """Past the synchronous path's bound on bytes or rows (413)."""


class UnsupportedPredictionBody(PredictionError):
    """Neither JSON rows nor a multipart CSV file (415)."""


class ModelFileRejected(PredictionError):
    """The stored model file is not the one training wrote; it is never unpickled (409)."""
