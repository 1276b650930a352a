"""Registration, login, token rotation: the auth use cases, free of HTTP."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from uam.auth import throttle, tokens
from uam.auth.exceptions import AccountDisabled, EmailTaken, InvalidCredentials, InvalidToken
from uam.auth.models import RefreshToken, Role, User
from uam.auth.passwords import hash_password, verify_password
from uam.auth.schemas import LoginRequest, RegisterRequest
from uam.auth.tokens import TokenType
from uam.config import get_auth_settings


def register(
    body: RegisterRequest, *, address: str, session: Session, now: datetime | None = None
) -> User:
    email = body.email.lower()
    # Counted before anything else and committed at once: a 409 rolls back, the count stays.
    throttle.admit_registration(address, now=now or datetime.now(UTC), session=session)
    session.commit()
    if session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise EmailTaken()
    role = Role.ADMIN if email in get_auth_settings().uam_admin_emails else Role.USER
    user = User(name=body.name, email=email, password_hash=hash_password(body.password), role=role)
    session.add(user)
    try:
        # Two registrations racing past the check above meet the unique index here.
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise EmailTaken() from exc
    return user


def authenticate(
    body: LoginRequest, *, address: str, session: Session, now: datetime | None = None
) -> User:
    now = now or datetime.now(UTC)
    email = body.email.lower()
    # Before the password: a throttled attempt learns nothing about it. The same queries run
    # for a known and an unknown email, so neither the answer nor its time tells them apart.
    throttle.check_login(email, address, now=now, session=session)
    user = session.scalar(select(User).where(func.lower(User.email) == email))
    if not verify_password(body.password, user.password_hash if user else None) or user is None:
        throttle.record_login_failure(email, address, now=now, session=session)
        # Committed here on purpose: the caller's 401 rolls back, the failure must count.
        session.commit()
        raise InvalidCredentials()
    # Checked after the password: only whoever knows it learns the account is disabled,
    # so a wrong password gets the same 401 for a disabled, an enabled or no account.
    refuse_disabled(user)
    throttle.clear_login_failures(email, session=session)
    return user


def refuse_disabled(user: User) -> None:
    """A disabled account gets a 401 whatever it presents (token, refresh, password)."""
    if user.disabled:
        raise AccountDisabled()


def issue_pair(user: User, *, session: Session) -> tuple[str, str]:
    """A fresh access token and a refresh token recorded for one-time use."""
    access = tokens.issue(user.id, TokenType.ACCESS)
    refresh = tokens.issue(user.id, TokenType.REFRESH)
    session.add(RefreshToken(jti=refresh.jti, user_id=user.id, expires_at=refresh.expires_at))
    return access.token, refresh.token


def issue_access(user: User) -> str:
    return tokens.issue(user.id, TokenType.ACCESS).token


def rotate(refresh_token: str, *, session: Session) -> tuple[User, str, str]:
    """Exchange a refresh token for a new pair; each refresh token works once."""
    claims = tokens.decode(refresh_token, TokenType.REFRESH)
    user = session.get(User, claims.user_id)
    if user is None:
        raise InvalidToken("the account of this token no longer exists")
    # Before the token is consumed: a disabled account's refresh changes nothing.
    refuse_disabled(user)
    now = datetime.now(UTC)
    # One UPDATE both checks and consumes the token, so two concurrent uses cannot both win.
    consumed = session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.jti == claims.jti,
            RefreshToken.user_id == claims.user_id,
            RefreshToken.used_at.is_(None),
            RefreshToken.expires_at > now,
        )
        .values(used_at=now)
        .returning(RefreshToken.jti)
    ).scalar_one_or_none()
    if consumed is None:
        _revoke_family_if_reused(claims.jti, claims.user_id, now, session=session)
        raise InvalidToken("refresh token was already used or revoked; log in again")
    access, refresh = issue_pair(user, session=session)
    return user, access, refresh


def _revoke_family_if_reused(
    jti: uuid.UUID, user_id: uuid.UUID, now: datetime, *, session: Session
) -> None:
    # A used token coming back means it was copied: end every session of that user.
    reused = session.scalar(
        select(RefreshToken.jti).where(RefreshToken.jti == jti, RefreshToken.used_at.is_not(None))
    )
    if reused:
        session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user_id, RefreshToken.used_at.is_(None))
            .values(used_at=now)
        )
        # Committed here on purpose: the caller's 401 rolls back, the revocation must stay.
        session.commit()


def user_from_access_token(token: str, *, session: Session) -> User:
    claims = tokens.decode(token, TokenType.ACCESS)
    user = session.get(User, claims.user_id)
    if user is None:
        raise InvalidToken("the account of this token no longer exists")
    # Read on every request, so disabling an account stops its tokens at once.
    refuse_disabled(user)
    return user


def revoke_refresh_tokens(user_id: uuid.UUID, *, session: Session) -> int:
    """End every session of a user: their live refresh tokens stop working."""
    now = datetime.now(UTC)
    revoked = session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.user_id == user_id,
            RefreshToken.used_at.is_(None),
            RefreshToken.expires_at > now,
        )
        .values(used_at=now)
        .returning(RefreshToken.jti)
    )
    return len(revoked.all())
