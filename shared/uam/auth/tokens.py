"""JWT access and refresh tokens: HS256 only, every claim required."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import jwt

from uam.auth.exceptions import InvalidToken
from uam.config import get_auth_settings

REQUIRED_CLAIMS = ["exp", "iat", "sub", "jti", "type"]


class TokenType(StrEnum):
    ACCESS = "access"
    REFRESH = "refresh"


@dataclass(frozen=True)
class IssuedToken:
    token: str
    jti: uuid.UUID
    expires_at: datetime


@dataclass(frozen=True)
class TokenClaims:
    user_id: uuid.UUID
    jti: uuid.UUID
    type: TokenType


def issue(user_id: uuid.UUID, token_type: TokenType, *, now: datetime | None = None) -> IssuedToken:
    settings = get_auth_settings()
    issued_at = now or datetime.now(UTC)
    lifetime = (
        timedelta(minutes=settings.access_token_expire_minutes)
        if token_type is TokenType.ACCESS
        else timedelta(days=settings.refresh_token_expire_days)
    )
    jti = uuid.uuid4()
    expires_at = issued_at + lifetime
    claims = {
        "sub": str(user_id),
        "jti": str(jti),
        "type": token_type.value,
        "iat": issued_at,
        "exp": expires_at,
    }
    token = jwt.encode(claims, settings.secret_key, algorithm=settings.algorithm)
    return IssuedToken(token=token, jti=jti, expires_at=expires_at)


def decode(token: str, expected: TokenType) -> TokenClaims:
    """Verify signature, expiry and type; any failure is one InvalidToken (401)."""
    settings = get_auth_settings()
    try:
        # The algorithm list is pinned: a token saying "alg: none" or RS256 is refused.
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[settings.algorithm],
            options={"require": REQUIRED_CLAIMS},
        )
        token_type = TokenType(claims["type"])
        user_id = uuid.UUID(claims["sub"])
        jti = uuid.UUID(claims["jti"])
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("token has expired; log in again") from exc
    except (jwt.InvalidTokenError, ValueError, TypeError) as exc:
        raise InvalidToken("token is invalid") from exc
    if token_type is not expected:
        raise InvalidToken(f"a {token_type.value} token cannot be used here")
    return TokenClaims(user_id=user_id, jti=jti, type=token_type)
