"""Errors of the auth domain; the API maps each to one status code."""


class AuthError(Exception):
    """Base of auth errors; str() is the message shown to the client."""


class InvalidCredentials(AuthError):
    """Email or password is wrong (one message for both)."""

    def __init__(self) -> None:
        super().__init__("incorrect email or password")


class InvalidToken(AuthError):
    """A token is missing, forged, expired, of the wrong type, or already used."""


class EmailTaken(AuthError):
    """An account with this email exists (compared case-insensitively)."""

    def __init__(self) -> None:
        super().__init__("an account with this email already exists")


class NotAdmin(AuthError):
    """The user is authenticated but is not an admin."""

    def __init__(self) -> None:
        super().__init__("this action needs the admin role")


class AccountDisabled(AuthError):
    """The credentials are right but an admin disabled the account."""

    def __init__(self) -> None:
        super().__init__("this account is disabled; ask an administrator to enable it")
