"""/health: is the database reachable, is storage reachable."""

from typing import Literal

from botocore.exceptions import BotoCoreError, ClientError
from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from uam.aws.clients import client
from uam.config import get_aws_settings
from uam.db.engine import DatabaseNotConfigured, get_engine

router = APIRouter(tags=["health"])

Check = Literal["ok", "unavailable"]


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    database: Check
    storage: Check


def _database() -> Check:
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except (SQLAlchemyError, DatabaseNotConfigured, OSError):
        return "unavailable"
    return "ok"


def _storage() -> Check:
    try:
        client("s3").head_bucket(Bucket=get_aws_settings().uploads_bucket)
    except (BotoCoreError, ClientError):
        return "unavailable"
    return "ok"


@router.get(
    "/health",
    responses={503: {"model": Health, "description": "The database or storage does not answer."}},
)
def health(response: Response) -> Health:
    """200 when the database and storage answer, 503 (with which one failed) otherwise."""
    result = Health(status="ok", database=_database(), storage=_storage())
    if "unavailable" in (result.database, result.storage):
        result.status = "degraded"
        response.status_code = 503
    return result
