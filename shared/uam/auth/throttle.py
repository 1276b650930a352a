"""Login and registration throttling: sliding windows counted in the database.

A failed login is recorded by account (the lower-cased email it named, whether or not an
account has it) and by client address. Once an account has `login_max_failures_per_account`
failures within `login_window_seconds`, or an address `login_max_failures_per_address`,
the next login is refused with 429 before the password is looked at, so a refusal tells
nothing about the password. A refused attempt is not recorded: the refusal lasts until the
oldest failure counted leaves the window (Retry-After), then attempts count again. An
attacker can keep an account throttled only by spending its few attempts per window, and a
real user is never locked out for good. A successful login forgets the account's failures,
not the address's. Registrations are counted per address the same way, every attempt that
reaches the service (a 409 for a taken email too: it is how one learns an email exists).

No sleeping: a delay costs Lambda time and an attacker sidesteps it by sending in parallel.
Two racing requests may both pass a limit's last slot; the limit is a bound, not exact.

Every function takes `now`, so tests move the clock instead of waiting for it.
"""

import math
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.orm import Session

from uam.auth.exceptions import LoginThrottled, RegistrationThrottled
from uam.auth.models import AttemptKind, AuthAttempt
from uam.config import get_auth_settings

# request.client is None only for a transport that gives no peer (none we deploy).
UNKNOWN_ADDRESS = "unknown"
_ADDRESS_LENGTH = 64


def check_login(account: str, address: str, *, now: datetime, session: Session) -> None:
    """Raise LoginThrottled when the account or the address is past its limit: one query."""
    settings = get_auth_settings()
    window = timedelta(seconds=settings.login_window_seconds)
    for_account = AuthAttempt.account == account
    from_address = AuthAttempt.address == _address(address)
    account_count, account_oldest, address_count, address_oldest = session.execute(
        select(
            func.count().filter(for_account),
            func.min(AuthAttempt.attempted_at).filter(for_account),
            func.count().filter(from_address),
            func.min(AuthAttempt.attempted_at).filter(from_address),
        ).where(_in_window(AttemptKind.LOGIN_FAILURE, now - window), or_(for_account, from_address))
    ).one()
    waits = []
    if account_count >= settings.login_max_failures_per_account:
        waits.append((_seconds_until(account_oldest + window, now), "for this account"))
    if address_count >= settings.login_max_failures_per_address:
        waits.append((_seconds_until(address_oldest + window, now), "from your address"))
    if waits:
        retry_after_s, reason = max(waits)
        raise LoginThrottled(reason, retry_after_s)


def record_login_failure(account: str, address: str, *, now: datetime, session: Session) -> None:
    """Count a failed login; the caller commits (the 401 that follows rolls back)."""
    window = timedelta(seconds=get_auth_settings().login_window_seconds)
    _record(AttemptKind.LOGIN_FAILURE, account, address, now=now, window=window, session=session)


def clear_login_failures(account: str, *, session: Session) -> None:
    """A successful login: the account's failures count no more (the address's still do)."""
    session.execute(
        delete(AuthAttempt).where(
            AuthAttempt.kind == AttemptKind.LOGIN_FAILURE, AuthAttempt.account == account
        )
    )


def admit_registration(address: str, *, now: datetime, session: Session) -> None:
    """Raise RegistrationThrottled past the address's limit, else count this attempt."""
    settings = get_auth_settings()
    window = timedelta(seconds=settings.register_window_seconds)
    count, oldest = session.execute(
        select(func.count(), func.min(AuthAttempt.attempted_at)).where(
            _in_window(AttemptKind.REGISTRATION, now - window),
            AuthAttempt.address == _address(address),
        )
    ).one()
    if count >= settings.register_max_per_address:
        raise RegistrationThrottled(_seconds_until(oldest + window, now))
    _record(AttemptKind.REGISTRATION, None, address, now=now, window=window, session=session)


def _in_window(kind: AttemptKind, start: datetime) -> ColumnElement[bool]:
    return (AuthAttempt.kind == kind) & (AuthAttempt.attempted_at > start)


def _record(
    kind: AttemptKind,
    account: str | None,
    address: str,
    *,
    now: datetime,
    window: timedelta,
    session: Session,
) -> None:
    # Opportunistic clean-up: rows out of the window count for nothing, so the table stays
    # as small as the traffic of one window.
    session.execute(
        delete(AuthAttempt).where(
            AuthAttempt.kind == kind, AuthAttempt.attempted_at <= now - window
        )
    )
    session.add(
        AuthAttempt(kind=kind, account=account, address=_address(address), attempted_at=now)
    )
    session.flush()


def _address(address: str) -> str:
    return address[:_ADDRESS_LENGTH] or UNKNOWN_ADDRESS


def _seconds_until(moment: datetime, now: datetime) -> int:
    """Whole seconds from now until `moment`, at least 1 (Retry-After: 0 means "now")."""
    return max(1, math.ceil((moment - now).total_seconds()))
