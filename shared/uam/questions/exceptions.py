"""Errors of a question (lean: the API maps them to status codes)."""


class QuestionTooExpensive(Exception):
    """Understood, but past the time or memory limit of an answer (400: well-formed, cannot
    be done as asked)."""
