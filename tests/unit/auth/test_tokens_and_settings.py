"""Token claims and the settings that guard them, with no database."""

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from pydantic import ValidationError

from uam.auth import tokens
from uam.auth.exceptions import InvalidToken
from uam.auth.tokens import TokenType
from uam.config import AuthSettings, clear_settings_cache

pytestmark = pytest.mark.unit


def test_access_token_carries_every_required_claim() -> None:
    user_id = uuid.uuid4()
    issued = tokens.issue(user_id, TokenType.ACCESS)
    claims = jwt.decode(issued.token, options={"verify_signature": False})
    assert set(claims) == {"sub", "jti", "type", "iat", "exp"}
    assert claims["sub"] == str(user_id)
    assert claims["type"] == "access"
    assert tokens.decode(issued.token, TokenType.ACCESS).user_id == user_id


def test_access_token_expires_after_the_configured_minutes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ACCESS_TOKEN_EXPIRE_MINUTES", "5")
    clear_settings_cache()
    past = datetime.now(UTC) - timedelta(minutes=6)
    stale = tokens.issue(uuid.uuid4(), TokenType.ACCESS, now=past)
    with pytest.raises(InvalidToken, match="expired"):
        tokens.decode(stale.token, TokenType.ACCESS)
    fresh = tokens.issue(
        uuid.uuid4(), TokenType.ACCESS, now=datetime.now(UTC) - timedelta(minutes=4)
    )
    assert tokens.decode(fresh.token, TokenType.ACCESS)


def test_type_confusion_is_refused() -> None:
    refresh = tokens.issue(uuid.uuid4(), TokenType.REFRESH)
    with pytest.raises(InvalidToken, match="refresh token cannot be used"):
        tokens.decode(refresh.token, TokenType.ACCESS)


def test_short_secret_is_refused_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "too-short")
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        AuthSettings()


def test_only_hs256_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALGORITHM", "RS256")
    with pytest.raises(ValidationError, match="HS256"):
        AuthSettings()


def test_admin_emails_are_split_and_lower_cased(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UAM_ADMIN_EMAILS", " Boss@Example.com ,ops@example.com,, ")
    assert AuthSettings().uam_admin_emails == ["boss@example.com", "ops@example.com"]
