"""Errors of the models domain."""


class ModelNotFound(Exception):
    """No such model for this user (another user's model is "not found" too)."""

    def __init__(self) -> None:
        super().__init__("model not found")
