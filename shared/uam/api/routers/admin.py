"""/admin: accounts, platform statistics, run logs, the audit log (role admin only)."""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from uam.admin import service, stats
from uam.admin.exceptions import SelfLockout
from uam.admin.schemas import (
    DEFAULT_PAGE,
    MAX_PAGE,
    AdminStats,
    AdminUserView,
    AuditEntry,
    AuditPage,
    LogEntry,
    LogLevel,
    LogPage,
    UserPage,
    UserUpdate,
)
from uam.api.deps import AdminUser, SessionDep, get_admin_user
from uam.api.responses import raises

# On the router, not only on each route: a route added here later is admin-only too.
router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(get_admin_user)])

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"at most {MAX_PAGE}")]
Offset = Annotated[int, Query(ge=0, le=10**9)]


@router.get("/users")
def list_users(
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=320, description="part of the email")] = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> UserPage:
    """Accounts newest first, searchable by any part of the email (case-insensitive)."""
    users, total = service.list_users(q=q, limit=limit, offset=offset, session=session)
    items = [AdminUserView.model_validate(u) for u in users]
    return UserPage(items=items, total=total, limit=limit, offset=offset)


@router.patch("/users/{user_id}", responses=raises(SelfLockout))
def update_user(
    user_id: uuid.UUID, body: UserUpdate, admin: AdminUser, session: SessionDep
) -> AdminUserView:
    """Set a user's role or disable them (their tokens and logins are refused at once)."""
    user = service.update_user(user_id, body, actor_id=admin.id, session=session)
    return AdminUserView.model_validate(user)


@router.get("/stats")
def get_stats(session: SessionDep) -> AdminStats:
    """Users, projects, datasets and runs by status, models, stored bytes per bucket."""
    return stats.collect(session=session)


@router.get("/logs")
def list_logs(
    session: SessionDep,
    run_id: uuid.UUID | None = None,
    level: LogLevel | None = None,
    since: Annotated[datetime | None, Query(description="ISO 8601; UTC if no offset")] = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> LogPage:
    """Run log lines of every user, newest first, filtered by run, level and time."""
    logs, total = service.list_logs(
        run_id=run_id, level=level, since=since, limit=limit, offset=offset, session=session
    )
    items = [LogEntry.model_validate(x) for x in logs]
    return LogPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/audit")
def list_audit(
    session: SessionDep,
    target_id: uuid.UUID | None = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> AuditPage:
    """Every change admins made, newest first, optionally to one target."""
    entries, total = service.list_audit(
        target_id=target_id, limit=limit, offset=offset, session=session
    )
    items = [AuditEntry.model_validate(e) for e in entries]
    return AuditPage(items=items, total=total, limit=limit, offset=offset)
