"""Typed dependencies the routers declare: a database session, the current user."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from uam.auth import service as auth_service
from uam.auth.exceptions import InvalidToken, NotAdmin
from uam.auth.models import Role, User
from uam.db.engine import session_scope

# auto_error=False: a missing token becomes our InvalidToken, mapped to 401 in one place.
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)


def get_session() -> Iterator[Session]:
    """One session per request, committed when the route returns without error."""
    with session_scope() as session:
        yield session


# scope="function": the commit happens when the route returns, before the response is sent.
# FastAPI's default runs a yield dependency's exit after sending, so a client could read
# before its own write committed (a 404 right after a 201), and a failed commit came too
# late to change an answer already given.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_current_user(
    session: SessionDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> User:
    if not token:
        raise InvalidToken("not authenticated: send Authorization: Bearer <access token>")
    return auth_service.user_from_access_token(token, session=session)


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_admin_user(user: CurrentUser) -> User:
    if user.role != Role.ADMIN:
        raise NotAdmin()
    return user


AdminUser = Annotated[User, Depends(get_admin_user)]
