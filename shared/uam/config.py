"""Settings read from the environment, one class per concern, each built on first use.

Nothing here is read at import time, so tests and the local stack can set the
environment first (the same rule Powertools follows: explicit argument beats
environment beats default).
"""

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MIN_SECRET_BYTES = 32


class DatabaseSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    # Unset means: use the embedded PostgreSQL the local stack or tests started.
    database_url: str | None = None
    # A warm Lambda sandbox answers one request at a time: it keeps one connection (RDS Proxy
    # multiplexes them) rather than opening one per request (45 ms on the embedded PostgreSQL,
    # more with TLS to RDS Proxy). Overflow covers a nested session, closed when returned.
    # The local stack's in-process API answers many requests at once and sets a real pool.
    database_pool_size: int = Field(default=5, ge=1)
    database_max_overflow: int = Field(default=5, ge=0)
    # Recycle before RDS Proxy's or a NAT's idle timeout closes the socket under us.
    database_pool_recycle_s: int = Field(default=300, ge=1)


class AuthSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    secret_key: str
    algorithm: Literal["HS256"] = "HS256"
    access_token_expire_minutes: int = Field(default=30, gt=0)
    refresh_token_expire_days: int = Field(default=14, gt=0)
    # 12 in production; tests lower it because each hash costs ~0.25 s at 12.
    bcrypt_rounds: int = Field(default=12, ge=4, le=16)
    uam_admin_emails: Annotated[list[str], NoDecode] = []
    # Throttling, counted in the database so that it holds across Lambda instances. Past
    # a limit, attempts are refused (429) until the oldest one counted leaves the window:
    # a sliding window, never a permanent lock.
    login_max_failures_per_account: int = Field(default=5, ge=1)
    login_max_failures_per_address: int = Field(default=20, ge=1)
    login_window_seconds: int = Field(default=900, ge=1)
    register_max_per_address: int = Field(default=20, ge=1)
    register_window_seconds: int = Field(default=3600, ge=1)

    @field_validator("secret_key")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if len(value.encode()) < MIN_SECRET_BYTES:
            raise ValueError(
                f"SECRET_KEY must be at least {MIN_SECRET_BYTES} bytes; "
                "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        return value

    @field_validator("uam_admin_emails", mode="before")
    @classmethod
    def _split_emails(cls, value: object) -> object:
        if isinstance(value, str):
            return [e.strip().lower() for e in value.split(",") if e.strip()]
        return value


class AwsSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    aws_region: str = "us-east-1"
    # Set to the local stack (http://127.0.0.1:4566) or LocalStack; unset in the cloud.
    aws_endpoint_url: str | None = None
    # LocalStack's own variable (host:port): clients built by localstack-client instead.
    localstack_host: str | None = None
    uploads_bucket: str = "uam-uploads"
    artifacts_bucket: str = "uam-artifacts"
    ingest_queue_url: str | None = None
    # Where POST /reports/generate asks for a re-render (set by the template).
    report_requests_queue_url: str | None = None


class DatasetSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    max_upload_bytes: int = Field(default=1024**3, gt=0)
    # API Gateway caps a request at 10 MB and Lambda a sync payload at 6 MB; base64 adds a third.
    max_multipart_bytes: int = Field(default=4 * 1024**2, gt=0)
    presign_expires_seconds: int = Field(default=600, ge=60, le=3600)
    max_columns: int = Field(default=2000, gt=0)
    max_cell_bytes: int = Field(default=1_000_000, gt=0)
    max_line_bytes: int = Field(default=10_000_000, gt=0)
    max_decompressed_bytes: int = Field(default=4 * 1024**3, gt=0)
    max_preview_rows: int = Field(default=100, gt=0)
    # A PROCESSING claim older than this is presumed dead (longer than the ingest timeout).
    ingest_lease_seconds: int = Field(default=960, gt=0)


class RunSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    # The Step Functions state machine that runs analyses (set by the template).
    analysis_state_machine_arn: str | None = None
    max_runs_in_progress: int = Field(default=3, ge=1)
    default_time_budget_s: int = Field(default=120, ge=10)
    max_time_budget_s: int = Field(default=3600, ge=10)
    # Statistics are exact up to this many rows; above it a seeded sample, said so in the profile.
    eda_exact_row_limit: int = Field(default=1_000_000, ge=1000)
    # Chaos testing only: "<stage>:raise", "<stage>:sleep" or "<stage>:exit" makes that stage
    # fail, hang, or die after its first stored object (as an out-of-memory kill would).
    uam_fault_injection: str | None = None


class PredictionSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    # The synchronous path: API Gateway caps a request at 10 MB and Lambda's payload at 6 MB,
    # and a person waits for the answer. Bigger batches belong in a file, split up.
    max_predict_bytes: int = Field(default=4 * 1024**2, gt=0)
    max_predict_rows: int = Field(default=10_000, gt=0)
    max_predict_columns: int = Field(default=1000, gt=0)
    # Models kept unpickled in a warm predict function (each up to tens of MB).
    model_cache_size: int = Field(default=4, ge=1)


class QuestionSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    # One answer's budget inside the NLQ function (API Gateway gives a request 30 s).
    nlq_timeout_s: float = Field(default=10.0, gt=0, le=25)
    nlq_memory_mb: int = Field(default=256, ge=16)
    nlq_max_rows: int = Field(default=1000, ge=1, le=10_000)


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    cors_origins: Annotated[list[str], NoDecode] = []
    # Every request body but a prediction's and a multipart upload's (they have their own).
    max_body_bytes: int = Field(default=1024**2, gt=0)
    # Arrays and objects inside one another in a JSON body; the API's bodies need 3 or 4.
    max_json_depth: int = Field(default=64, ge=4, le=500)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [o.strip() for o in value.split(",") if o.strip()]
        return value


@lru_cache
def get_database_settings() -> DatabaseSettings:
    return DatabaseSettings()


@lru_cache
def get_auth_settings() -> AuthSettings:
    return AuthSettings()  # type: ignore[call-arg]  # secret_key comes from the environment


@lru_cache
def get_aws_settings() -> AwsSettings:
    return AwsSettings()


@lru_cache
def get_prediction_settings() -> PredictionSettings:
    return PredictionSettings()


@lru_cache
def get_question_settings() -> QuestionSettings:
    return QuestionSettings()


@lru_cache
def get_api_settings() -> ApiSettings:
    return ApiSettings()


@lru_cache
def get_dataset_settings() -> DatasetSettings:
    return DatasetSettings()


@lru_cache
def get_run_settings() -> RunSettings:
    return RunSettings()


def clear_settings_cache() -> None:
    """Forget every cached Settings (tests and the local stack change the environment)."""
    for getter in (
        get_database_settings,
        get_auth_settings,
        get_aws_settings,
        get_api_settings,
        get_dataset_settings,
        get_run_settings,
        get_prediction_settings,
        get_question_settings,
    ):
        getter.cache_clear()
