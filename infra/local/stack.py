"""The whole local stack in one process: PostgreSQL, the AWS emulator, the API.

Start order matters: the database and the emulator come up first, migrations run,
then the API is served; stop runs the same list backwards so no postgres, moto or
worker process outlives the stack.
"""

import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from infra.local import http_routes
from infra.local.aws_stack import LocalAws
from infra.local.postgres import EmbeddedPostgres
from infra.local.secrets import load_or_create_secret
from uam.config import clear_settings_cache
from uam.db import migrate

log = logging.getLogger("uam.local")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = PROJECT_ROOT / "template.yaml"


@dataclass(frozen=True)
class StackOptions:
    api_port: int = 8000
    aws_port: int = 4566
    data_dir: Path = Path(".uam")
    host: str = "127.0.0.1"
    # Template parameter and function environment overrides (tests shorten stage timeouts
    # and inject faults with these); the template's own values otherwise.
    parameters: dict[str, str] = field(default_factory=dict)
    function_env: dict[str, str] = field(default_factory=dict)
    # True: uvicorn prints to the terminal itself (`up`); False: its lines go through the
    # root logger like the rest of the stack's, wherever the caller sent that (a log file).
    api_log_to_terminal: bool = True


class LocalStack:
    def __init__(self, options: StackOptions) -> None:
        self.options = options
        self.data_dir = options.data_dir.resolve()
        self.postgres = EmbeddedPostgres(self.data_dir / "postgres")
        self.aws: LocalAws | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def api_url(self) -> str:
        return f"http://{self.options.host}:{self.options.api_port}"

    def start_backends(self) -> dict[str, str]:
        """Database and emulator up, migrations applied; returns the API's environment."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        database_url = os.environ.get("DATABASE_URL")
        if not database_url:
            self.postgres.start()
            database_url = self.postgres.create_database("uam")
        migrate.upgrade(database_url)
        settle_interrupted_work(database_url)
        secret = load_or_create_secret(self.data_dir)
        self.aws = LocalAws(
            template_path=TEMPLATE,
            port=self.options.aws_port,
            data_dir=self.data_dir / "aws",
            parameters={
                # The API's own pages (same origin) upload straight to the emulated bucket,
                # and a frontend dev server calls the API: neither is "*".
                "CorsOrigins": f"{self.api_url},http://localhost:{self.options.api_port},"
                "http://localhost:5173",
                **self.options.parameters,
                "DatabaseUrl": database_url,
                "SecretKey": secret,
            },
            function_env={
                **self.options.function_env,
                "AWS_ENDPOINT_URL": self._aws_endpoint(),
                **_dummy_credentials(),
            },
        )
        self.aws.start()
        resolved = self.aws.resolved()
        env = {
            **resolved.function_env["ApiFunction"],
            "DATABASE_URL": database_url,
            "SECRET_KEY": secret,
            "AWS_ENDPOINT_URL": self._aws_endpoint(),
            **_dummy_credentials(),
            # The API is served in this process, whose stdout is a person's terminal: its EMF
            # metric lines (RunsStarted) would land between the example's lines, and no
            # CloudWatch reads them here. The function workers keep theirs, in their log.
            "POWERTOOLS_METRICS_DISABLED": "true",
            # One process answers every request here, many at once (uvicorn's thread pool),
            # where a Lambda sandbox answers one: a real pool instead of the template's one.
            "DATABASE_POOL_SIZE": "10",
            "DATABASE_MAX_OVERFLOW": "20",
        }
        return env

    def _aws_endpoint(self) -> str:
        return f"http://{self.options.host}:{self.options.aws_port}"

    def start(self) -> None:
        """Backends up, then the API served from a thread; returns once it answers."""
        try:
            os.environ.update(self.start_backends())
            clear_settings_cache()
            config = uvicorn.Config(
                self._asgi_app(),
                host=self.options.host,
                port=self.options.api_port,
                log_level="info",
                log_config=LOGGING_CONFIG if self.options.api_log_to_terminal else None,
            )
            self._server = uvicorn.Server(config)
            self._thread = threading.Thread(target=self._server.run, name="uvicorn", daemon=True)
            self._thread.start()
            while not self._server.started:
                if not self._thread.is_alive():
                    raise RuntimeError(f"the API could not start on {self.api_url}")
                time.sleep(0.05)
        except BaseException:
            self.stop()
            raise

    def _asgi_app(self) -> http_routes.FunctionRoutes:
        """The API app, behind the template's routes of other functions (as API Gateway)."""
        from uam.api.app import create_app  # built after the environment is final

        assert self.aws is not None
        stack = self.aws.resolved()
        table = http_routes.routes(stack)
        return http_routes.FunctionRoutes(
            create_app(), table, self.aws.executor.invoke, account_id=stack.account_id
        )

    def serve(self) -> None:
        """Run until SIGINT/SIGTERM, then stop everything and exit 0."""
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, _exit_cleanly)
        try:
            self.start()
            print(
                f"UAM local stack ready: API {self.api_url}  AWS {self._aws_endpoint()}"
                f"  data {self.data_dir}",
                flush=True,
            )
            threading.Event().wait()
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the API, then the emulator and its workers, then PostgreSQL."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=30)
            self._server = self._thread = None
        if self.aws is not None:
            self.aws.stop()
            self.aws = None
        self.postgres.stop()


STOPPED_DURING_RUN = (
    "the local stack stopped during this run (its workflow ended with it): start the run again"
)
STOPPED_DURING_INGEST = (
    "the local stack stopped while this dataset was being processed: upload it again"
)


def settle_interrupted_work(database_url: str) -> tuple[int, int]:
    """End what a stopped or killed stack left in progress; returns (runs, datasets) ended.

    Executions live in the emulator's memory and die with it, and so do queued S3 events: once
    the stack is down, a PENDING or RUNNING run and a PROCESSING dataset can never finish. This
    runs before the fresh emulator starts (no execution or ingest of this stack exists yet), so
    every one of them is failed with a reason instead of staying in progress forever. (In AWS the
    execution outlives any one process; the reconcile function covers its lost endings.)
    """
    from sqlalchemy import create_engine, select, update
    from sqlalchemy.orm import Session
    from sqlalchemy.pool import NullPool

    from uam.datasets.models import Dataset, DatasetStatus
    from uam.runs import lifecycle
    from uam.runs.models import Run

    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with Session(engine) as session, session.begin():
            stranded = session.scalars(
                select(Run.id).where(Run.status.in_(lifecycle.IN_PROGRESS))
            ).all()
            runs = 0
            for run_id in stranded:
                if lifecycle.fail(run_id, error=STOPPED_DURING_RUN, session=session):
                    lifecycle.log(run_id, STOPPED_DURING_RUN, session=session, level="ERROR")
                    runs += 1
            datasets = len(
                session.execute(
                    update(Dataset)
                    .where(Dataset.status == DatasetStatus.PROCESSING)
                    .values(status=DatasetStatus.INVALID, error=STOPPED_DURING_INGEST)
                    .returning(Dataset.id)
                ).all()
            )
    finally:
        engine.dispose()
    if runs or datasets:
        log.warning(
            "the last stack stopped with work in progress: %d run(s) marked FAILED, "
            "%d dataset(s) marked INVALID",
            runs,
            datasets,
        )
    return runs, datasets


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def _dummy_credentials() -> dict[str, str]:
    # The emulator accepts any credentials; real ones must never reach it by accident.
    return {
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
    }
