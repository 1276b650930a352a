"""/auth: register, login, form token, refresh, me."""

from typing import Annotated

from fastapi import APIRouter, Depends, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import ValidationError

from uam.api.deps import CurrentUser, SessionDep
from uam.api.responses import raises
from uam.auth import service
from uam.auth.exceptions import AccountDisabled, EmailTaken, InvalidCredentials, InvalidToken
from uam.auth.schemas import (
    AccessToken,
    LoginRequest,
    RefreshRequest,
    RegisterRequest,
    TokenPair,
    UserPublic,
)

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/register", status_code=status.HTTP_201_CREATED, responses=raises(EmailTaken))
def register(body: RegisterRequest, session: SessionDep) -> TokenPair:
    """Create an account and return its first token pair."""
    user = service.register(body, session=session)
    access, refresh = service.issue_pair(user, session=session)
    return TokenPair(
        access_token=access, refresh_token=refresh, user=UserPublic.model_validate(user)
    )


@router.post("/login", responses=raises(InvalidCredentials, AccountDisabled))
def login(body: LoginRequest, session: SessionDep) -> TokenPair:
    """Exchange email and password for a token pair."""
    user = service.authenticate(body, session=session)
    access, refresh = service.issue_pair(user, session=session)
    return TokenPair(
        access_token=access, refresh_token=refresh, user=UserPublic.model_validate(user)
    )


@router.post("/token", responses=raises(InvalidCredentials, AccountDisabled))
def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], session: SessionDep
) -> AccessToken:
    """OAuth2 password flow (form fields username, password) for Swagger's Authorize."""
    try:
        body = LoginRequest(email=form.username, password=form.password)
    except ValidationError as exc:
        # A malformed username cannot match an account: same answer as a wrong password.
        raise InvalidCredentials() from exc
    user = service.authenticate(body, session=session)
    return AccessToken(access_token=service.issue_access(user))


@router.post("/refresh", responses=raises(InvalidToken, AccountDisabled))
def refresh(body: RefreshRequest, session: SessionDep) -> TokenPair:
    """Rotate a refresh token: the old one stops working."""
    user, access, new_refresh = service.rotate(body.refresh_token, session=session)
    return TokenPair(
        access_token=access, refresh_token=new_refresh, user=UserPublic.model_validate(user)
    )


@router.get("/me")
def me(user: CurrentUser) -> UserPublic:
    """The signed-in user."""
    return UserPublic.model_validate(user)
