"""One engine and one sessionmaker per process, created on first use."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from uam.config import get_database_settings


class DatabaseNotConfigured(RuntimeError):
    """DATABASE_URL is unset and no embedded PostgreSQL was started."""


def database_url() -> str:
    url = get_database_settings().database_url
    if not url:
        raise DatabaseNotConfigured(
            "DATABASE_URL is not set: start the local stack (python -m infra.local up) "
            "or point DATABASE_URL at a PostgreSQL server"
        )
    return url


@lru_cache
def get_engine() -> Engine:
    settings = get_database_settings()
    return create_engine(
        database_url(),
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        pool_recycle=settings.database_pool_recycle_s,
        # A connection the database or a proxy dropped while the sandbox was frozen is
        # replaced before use, not handed to a request.
        pool_pre_ping=True,
    )


@lru_cache
def get_sessionmaker() -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


def dispose_engine() -> None:
    """Close pooled connections and forget the engine (tests switch databases)."""
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()
    get_sessionmaker.cache_clear()


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session committed on success and rolled back on error: the boundary for handlers."""
    session = get_sessionmaker()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
