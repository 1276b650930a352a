"""Errors of the admin domain; the API maps each to one status code."""


class AdminError(Exception):
    """Base of admin errors; str() is the message shown to the client."""


class UserNotFound(AdminError):
    """No account has this id (404)."""

    def __init__(self) -> None:
        super().__init__("user not found")


class SelfLockout(AdminError):
    """An admin tried to remove their own admin role or disable their own account (400)."""
