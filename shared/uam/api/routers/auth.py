"""/auth: register, login, form token, refresh, me."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import ValidationError

from uam.api.deps import CurrentUser, SessionDep
from uam.api.responses import raises
from uam.auth import service, throttle
from uam.auth.exceptions import (
    AccountDisabled,
    EmailTaken,
    InvalidCredentials,
    InvalidToken,
    LoginThrottled,
    RegistrationThrottled,
)
from uam.auth.schemas import (
    AccessToken,
    LoginRequest,
    RefreshRequest,
    RegisterRequest,
    TokenPair,
    UserPublic,
)

router = APIRouter(prefix="/auth", tags=["auth"])


def client_address(request: Request) -> str:
    """The caller's address: API Gateway's sourceIp through Mangum, the peer locally.

    Never X-Forwarded-For or the like: a client writes those, so it could pick a fresh
    address for each attempt and never be throttled.
    """
    return request.client.host if request.client else throttle.UNKNOWN_ADDRESS


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    responses=raises(EmailTaken, RegistrationThrottled),
)
def register(body: RegisterRequest, request: Request, session: SessionDep) -> TokenPair:
    """Create an account and return its first token pair."""
    user = service.register(body, address=client_address(request), session=session)
    access, refresh = service.issue_pair(user, session=session)
    return TokenPair(
        access_token=access, refresh_token=refresh, user=UserPublic.model_validate(user)
    )


@router.post("/login", responses=raises(InvalidCredentials, AccountDisabled, LoginThrottled))
def login(body: LoginRequest, request: Request, session: SessionDep) -> TokenPair:
    """Exchange email and password for a token pair."""
    user = service.authenticate(body, address=client_address(request), session=session)
    access, refresh = service.issue_pair(user, session=session)
    return TokenPair(
        access_token=access, refresh_token=refresh, user=UserPublic.model_validate(user)
    )


@router.post("/token", responses=raises(InvalidCredentials, AccountDisabled, LoginThrottled))
def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, session: SessionDep
) -> AccessToken:
    """OAuth2 password flow (form fields username, password) for Swagger's Authorize."""
    try:
        body = LoginRequest(email=form.username, password=form.password)
    except ValidationError as exc:
        # A malformed username cannot match an account: same answer as a wrong password.
        raise InvalidCredentials() from exc
    user = service.authenticate(body, address=client_address(request), session=session)
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
