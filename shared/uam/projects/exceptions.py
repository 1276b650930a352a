"""Errors of the projects domain."""


class ProjectNotFound(Exception):
    """No such project for this user (another user's project is "not found" too)."""

    def __init__(self) -> None:
        super().__init__("project not found")
