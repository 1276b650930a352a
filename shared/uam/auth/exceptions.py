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


class LoginThrottled(AuthError):
    """Too many failed logins for this account or from this address in the window (429):
    the password is not checked until Retry-After seconds have passed."""

    def __init__(self, reason: str, retry_after_s: int) -> None:
        super().__init__(f"too many failed logins {reason}; try again in {retry_after_s} seconds")
        self.retry_after_s = retry_after_s


class RegistrationThrottled(AuthError):
    """Too many registrations from this address in the window (429); retry after Retry-After."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(
            f"too many registrations from your address; try again in {retry_after_s} seconds"
        )
        self.retry_after_s = retry_after_s
