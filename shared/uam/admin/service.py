"""Admin use cases: find and change accounts, read run logs and the audit log.

Every change an admin makes is written to audit_log in the caller's transaction, so the
change and its record are committed together or not at all.
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from uam.admin.exceptions import SelfLockout, UserNotFound
from uam.admin.models import AuditLog
from uam.admin.schemas import LogLevel, UserUpdate
from uam.auth import service as auth_service
from uam.auth.exceptions import NotAdmin
from uam.auth.models import Role, User
from uam.runs.models import Log

T = TypeVar("T")


def _page(
    query: Select[tuple[T]], *, limit: int, offset: int, session: Session
) -> tuple[Sequence[T], int]:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = session.scalars(query.limit(limit).offset(offset)).all()
    return items, total or 0


def list_users(
    *, q: str | None, limit: int, offset: int, session: Session
) -> tuple[Sequence[User], int]:
    """Accounts newest first; `q` matches anywhere in the email, case-insensitively."""
    query = select(User).order_by(User.created_at.desc(), User.id.desc())
    if q and q.strip():
        # autoescape: a % or _ in the search is that character, not a LIKE wildcard.
        query = query.where(User.email.icontains(q.strip(), autoescape=True))
    return _page(query, limit=limit, offset=offset, session=session)


def update_user(
    user_id: uuid.UUID, body: UserUpdate, *, actor_id: uuid.UUID, session: Session
) -> User:
    """Set a user's role and/or disable or enable them; each change is audited."""
    actor, target = _lock_actor_and_target(actor_id, user_id, session=session)
    if target.id == actor.id:
        if body.role == Role.USER:
            raise SelfLockout("you cannot remove your own admin role; another admin can")
        if body.disabled:
            raise SelfLockout("you cannot disable your own account; another admin can")
    who = {"actor_email": actor.email, "target_email": target.email}
    if body.role is not None and body.role != target.role:
        before = target.role
        target.role = body.role
        change = ({"role": before}, {"role": target.role})
        _audit(actor, "user.role_changed", target, change, who, session=session)
    if body.disabled is not None and body.disabled != target.disabled:
        extra: dict[str, Any] = dict(who)
        if body.disabled:
            target.disabled_at = datetime.now(UTC)
            # Access tokens are refused on their next use (checked per request); refresh
            # tokens are ended too, so enabling the account later revives no old session.
            extra["refresh_tokens_revoked"] = auth_service.revoke_refresh_tokens(
                target.id, session=session
            )
        else:
            target.disabled_at = None
        action = "user.disabled" if body.disabled else "user.enabled"
        change = ({"disabled": not body.disabled}, {"disabled": body.disabled})
        _audit(actor, action, target, change, extra, session=session)
    session.flush()
    return target


def _lock_actor_and_target(
    actor_id: uuid.UUID, target_id: uuid.UUID, *, session: Session
) -> tuple[User, User]:
    # Both rows locked, in id order (no deadlock): two admins demoting each other at once
    # are served one after the other, and the second finds they are no longer an admin.
    # populate_existing: the actor was loaded by the request before the lock; reread it.
    rows = session.scalars(
        select(User)
        .where(User.id.in_({actor_id, target_id}))
        .order_by(User.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    by_id = {user.id: user for user in rows}
    actor = by_id.get(actor_id)
    if actor is None or actor.role != Role.ADMIN:
        raise NotAdmin()
    auth_service.refuse_disabled(actor)
    target = by_id.get(target_id)
    if target is None:
        raise UserNotFound()
    return actor, target


def _audit(
    actor: User,
    action: str,
    target: User,
    change: tuple[dict[str, Any], dict[str, Any]],
    extra: dict[str, Any],
    *,
    session: Session,
) -> None:
    before, after = change
    session.add(
        AuditLog(
            actor_id=actor.id,
            action=action,
            target_type="user",
            target_id=target.id,
            details={"before": before, "after": after, **extra},
        )
    )


def list_logs(
    *,
    run_id: uuid.UUID | None,
    level: LogLevel | None,
    since: datetime | None,
    limit: int,
    offset: int,
    session: Session,
) -> tuple[Sequence[Log], int]:
    """Run log lines of every user, newest first, each filter optional."""
    query = select(Log).order_by(Log.timestamp.desc(), Log.id.desc())
    if run_id is not None:
        query = query.where(Log.run_id == run_id)
    if level is not None:
        query = query.where(Log.level == level.value)
    if since is not None:
        # A time without an offset is read as UTC (every stored time is UTC).
        query = query.where(Log.timestamp >= _as_utc(since))
    return _page(query, limit=limit, offset=offset, session=session)


def list_audit(
    *, target_id: uuid.UUID | None, limit: int, offset: int, session: Session
) -> tuple[Sequence[AuditLog], int]:
    """Admin changes newest first, optionally those made to one target."""
    query = select(AuditLog).order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
    if target_id is not None:
        query = query.where(AuditLog.target_id == target_id)
    return _page(query, limit=limit, offset=offset, session=session)


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
