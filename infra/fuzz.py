"""`python -m infra.fuzz`: schemathesis against the running API, every operation, with a token.

Starts a local stack (unless `--api-url` names one already running), signs up a user (an
admin when this script started the stack), makes two projects, uploads a real CSV and runs
an analysis on it, so that project, dataset, run, model and report ids exist. Then
schemathesis' engine (what `st run` runs) goes over every operation of the API's own
/openapi.json: its examples, the coverage phase (boundary and invalid values), random
fuzzing in positive and negative modes, and stateful sequences over the links it infers
from the schema (create a project, then read, patch or delete it; upload a dataset, then
start a run on it...). The real ids feed path, query and body fields of the same names half
of the time, so requests reach past the 404 a random UUID gets; other scalar fields get, now
and then, values that break servers (NUL bytes, huge integers, LIKE wildcards...). No
operation is left out. It sends requests until `--requests` (10,000 by default) have been
answered and prints how many, the responses by status class and by operation, every 5xx and
every response that does not match its documented status, content type or schema. Exit
status 1 when there is any.

The checks: not_a_server_error, status_code_conformance, content_type_conformance and
response_schema_conformance. The token is refreshed through /auth/refresh (never /auth/login,
which the fuzzer's failed logins throttle). `tests/e2e/test_fuzzing.py` runs a small,
fixed-seed slice of the same code against the e2e session's stack.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import httpx

from infra.local.process import start_stack_process

ROOT = Path(__file__).resolve().parents[1]
PENGUINS = ROOT / "tests" / "data" / "good" / "penguins.csv"
DEFAULT_REQUESTS = 10_000
DEFAULT_SEED = 20261122
PASSWORD = "a long enough password"
READY_TIMEOUT_S = 120
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
MISMATCH_CHECKS = CHECKS[1:]
# Schemathesis' phases: the schema's examples; coverage (boundary values, each constraint
# broken in turn, sent once); random data in positive and negative modes; stateful sequences.
# The last two go on (new data each cycle) until the count is reached.
PHASES = ("examples", "coverage", "fuzzing", "stateful")
# How often a field named like one of our ids gets a real one instead of a generated value.
REAL_ID_PROBABILITY = 0.5
ID_FIELDS = {
    "project_id": "projects",
    "dataset_id": "datasets",
    "run_id": "runs",
    "model_id": "models",
    "report_id": "reports",
    "user_id": "users",
    "target_id": "users",
}
SHOWN = 5  # examples printed per kind of finding
# Values that break servers more often than random ones: schemathesis puts them in string,
# integer and number fields now and then (those that fit the schema in positive mode, those
# that do not in negative mode), beside what it generates.
NASTY = {
    "strings": [
        "\x00",
        "a\x00b",
        " ",
        "%",
        "_",
        "\\",
        "'",
        "' OR '1'='1",
        "%00",
        "../../etc/passwd",
        "\u202e",
        "\ufeff",
        "\r\n",
        "🦜",
        "<script>alert(1)</script>",
        "NaN",
        "-1",
        "9" * 40,
        "x" * 5000,
    ],
    "integers": [0, -1, 2**31, -(2**31) - 1, 2**63, -(2**63) - 1, 2**64, 10**30, -(10**30)],
    "numbers": [1e308, -1e308, 5e-324, -0.0],
}
NASTY_PROBABILITY = {"string": 0.1, "integer": 0.2, "number": 0.2}  # per field


# --- The account and the resources the fuzzer starts from ------------------------------


@dataclass
class Account:
    """The fuzzing user, its tokens and the ids of what it owns (by kind, see ID_FIELDS)."""

    api_url: str
    email: str
    access_token: str
    refresh_token: str
    ids: dict[str, list[str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    def refresh(self) -> str:
        """A fresh access token from the refresh token (rotated: the old one stops working)."""
        with self.lock:
            response = httpx.post(
                f"{self.api_url}/auth/refresh",
                json={"refresh_token": self.refresh_token},
                timeout=30,
            )
            response.raise_for_status()
            body = response.json()
            self.access_token, self.refresh_token = body["access_token"], body["refresh_token"]
            return self.access_token


def prepare(
    api_url: str,
    *,
    email: str | None = None,
    finished_run: bool = True,
    time_budget_s: int = 10,
    run_timeout_s: float = 300,
) -> Account:
    """Sign up and create what the fuzzer's real ids point at.

    With `finished_run`, waits for the analysis to end (about a minute on two cores) so that
    its models and report exist; without it the run is cancelled right away (its id is real,
    no model or report is). A second user's id is there for the admin routes.
    """
    http = httpx.Client(base_url=api_url, timeout=60)
    email = email or f"fuzz-{uuid.uuid4().hex[:10]}@example.com"
    registered = _ok(http.post("/auth/register", json=_person("Fuzzer", email))).json()
    account = Account(
        api_url, email, registered["access_token"], registered["refresh_token"], ids={}
    )
    auth = account.headers()
    other = _ok(
        http.post(
            "/auth/register",
            json=_person("Member", f"member-{uuid.uuid4().hex[:10]}@example.com"),
        )
    ).json()
    account.ids["users"] = [registered["user"]["id"], other["user"]["id"]]
    projects = [
        _ok(http.post("/projects", json={"name": name}, headers=auth)).json()["id"]
        for name in ("Fuzzing", "Fuzzing, spare")
    ]
    account.ids["projects"] = projects
    with PENGUINS.open("rb") as fh:
        uploaded = _ok(
            http.post(
                "/datasets/upload",
                data={"project_id": projects[0]},
                files={"file": (PENGUINS.name, fh, "text/csv")},
                headers=auth,
            )
        ).json()
    account.ids["datasets"] = [uploaded["dataset_id"]]
    started = _ok(
        http.post(
            "/runs/start",
            json={
                "project_id": projects[0],
                "dataset_id": uploaded["dataset_id"],
                "options": {"target": "species", "time_budget_s": time_budget_s},
            },
            headers=auth,
        )
    ).json()
    run_id = started["run_id"]
    account.ids["runs"] = [run_id]
    if not finished_run:
        _ok(http.post(f"/runs/{run_id}/cancel", headers=auth))
        return account
    deadline = time.monotonic() + run_timeout_s
    while True:
        status = _ok(http.get(f"/runs/{run_id}/status", headers=auth)).json()["status"]
        if status in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"the seed run {run_id} did not end in {run_timeout_s} s")
        time.sleep(1)
    if status != "SUCCEEDED":
        raise RuntimeError(f"the seed run {run_id} ended {status}")
    models = _ok(http.get("/models", params={"run_id": run_id}, headers=auth)).json()
    account.ids["models"] = [model["id"] for model in models]
    report = _ok(http.post("/reports/generate", json={"run_id": run_id}, headers=auth)).json()
    account.ids["reports"] = [report["report_id"]]
    return account


def cancel_runs(account: Account) -> int:
    """Cancel every run of the account still going (the fuzzer starts real analyses)."""
    http = httpx.Client(base_url=account.api_url, timeout=60, headers=account.headers())
    cancelled = 0
    for project in _ok(http.get("/projects")).json():
        runs = _ok(http.get("/runs", params={"project_id": project["id"]})).json()
        for run in runs:
            if run["status"] not in ("SUCCEEDED", "FAILED", "CANCELLED"):
                cancelled += http.post(f"/runs/{run['id']}/cancel").status_code == 202
    return cancelled


def _person(name: str, email: str) -> dict[str, str]:
    return {"name": name, "email": email, "password": PASSWORD}


def _ok(response: httpx.Response) -> httpx.Response:
    if response.is_error:
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path} answered "
            f"{response.status_code}: {response.text[:500]}"
        )
    return response


# --- What the fuzzer saw -----------------------------------------------------------------


@dataclass
class Finding:
    operation: str
    method: str
    uri: str
    status: int | None
    body: str
    request_body: str
    check: str
    message: str

    def __str__(self) -> str:
        lines = [f"{self.method} {self.uri} -> {self.status} [{self.operation}]"]
        if self.request_body:
            lines.append(f"    request body: {self.request_body}")
        lines.append(f"    response body: {self.body}")
        if self.message:
            lines.append("    " + self.message.replace("\n", "\n    "))
        return "\n".join(lines)


@dataclass
class Tally:
    requests: int = 0
    by_class: Counter[str] = field(default_factory=Counter)
    by_operation: Counter[str] = field(default_factory=Counter)
    statuses: dict[str, Counter[int]] = field(default_factory=dict)  # by operation
    by_phase: Counter[str] = field(default_factory=Counter)
    server_errors: list[Finding] = field(default_factory=list)
    mismatches: list[Finding] = field(default_factory=list)
    other_failures: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # network errors, engine errors
    operations: list[str] = field(default_factory=list)
    stop_reason: str = ""
    elapsed_s: float = 0.0
    _seen: set[tuple[int, str]] = field(default_factory=set, repr=False)

    @property
    def ok(self) -> bool:
        return not (self.server_errors or self.mismatches or self.other_failures or self.errors)

    def add(self, recorder: Any, phase: str) -> None:
        for case_id, interaction in recorder.interactions.items():
            key = (id(recorder), case_id)
            if key in self._seen:
                continue
            self._seen.add(key)
            node = recorder.cases.get(case_id)
            operation = node.value.operation.label if node is not None else "?"
            self.requests += 1
            self.by_operation[operation] += 1
            self.by_phase[phase] += 1
            response = interaction.response
            if response is None:
                self.by_class["no response"] += 1
                self.errors.append(
                    f"{interaction.request.method} {interaction.request.uri}: no response"
                )
                continue
            self.by_class[f"{response.status_code // 100}xx"] += 1
            self.statuses.setdefault(operation, Counter())[response.status_code] += 1
            if response.status_code >= 500:
                # Counted once, as a 5xx, not again as an undocumented status.
                self.server_errors.append(
                    _finding(operation, interaction, "not_a_server_error", "")
                )
                continue
            for check in recorder.checks.get(case_id, []):
                if check.failure_info is None or check.name == "not_a_server_error":
                    continue
                failure = check.failure_info.failure
                message = f"{check.name}: {failure.title}\n{failure.message}"
                finding = _finding(operation, interaction, check.name, message)
                if check.name in MISMATCH_CHECKS:
                    self.mismatches.append(finding)
                else:
                    self.other_failures.append(finding)

    def report(self, out: Callable[[str], None] = print, show: int = SHOWN) -> None:
        out(f"requests sent: {self.requests} in {self.elapsed_s:.0f} s ({self.stop_reason})")
        out("responses by status class: " + _counts(self.by_class))
        out("requests by phase: " + _counts(self.by_phase))
        out(f"operations: {len(self.operations)}, requests per operation (by status):")
        for operation in self.operations:
            statuses = self.statuses.get(operation, Counter())
            by_status = ", ".join(f"{status} {n}" for status, n in sorted(statuses.items()))
            out(f"  {self.by_operation[operation]:6d}  {operation}  ({by_status})")
        out("operations excluded: none")
        untested = [op for op in self.operations if not self.by_operation[op]]
        if untested:
            out("operations that got no request: " + ", ".join(untested))
        for title, findings in (
            ("5xx responses", self.server_errors),
            ("schema mismatches (status, content type or body)", self.mismatches),
            ("other check failures", self.other_failures),
        ):
            distinct = _distinct(findings)
            out(f"{title}: {len(findings)} ({len(distinct)} distinct operation, status, check)")
            for finding in distinct[:show]:
                out("  " + str(finding).replace("\n", "\n  "))
        out(f"errors (no response, engine errors): {len(self.errors)}")
        for error in self.errors[:show]:
            out("  " + error.replace("\n", "\n  "))


def _finding(operation: str, interaction: Any, check: str, message: str) -> Finding:
    request, response = interaction.request, interaction.response
    body = request.body or b""
    return Finding(
        operation=operation,
        method=request.method,
        uri=request.uri,
        status=response.status_code if response is not None else None,
        body=_clip(response.content if response is not None else b""),
        request_body=_clip(body),
        check=check,
        message=_clip(message.encode(), 1200),
    )


def _clip(data: bytes, limit: int = 300) -> str:
    text = data.decode("utf-8", errors="backslashreplace")
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {count}" for key, count in sorted(counter.items())) or "none"


def _distinct(findings: list[Finding]) -> list[Finding]:
    """One finding per (operation, status, check): the first of each."""
    seen: dict[tuple[str, int | None, str], Finding] = {}
    for finding in findings:
        seen.setdefault((finding.operation, finding.status, finding.check), finding)
    return list(seen.values())


# --- Schemathesis --------------------------------------------------------------------------


def config(
    account: Account,
    openapi: dict[str, Any],
    *,
    seed: int,
    max_examples: int,
    max_time_s: int,
    phases: tuple[str, ...] = PHASES,
) -> dict[str, Any]:
    """The schemathesis configuration (the schemathesis.toml keys, as a dict)."""
    dictionaries = {kind: {"values": ids} for kind, ids in account.ids.items() if ids}
    dictionaries.update({f"nasty {kind}": {"values": values} for kind, values in NASTY.items()})
    parameters: dict[str, dict[str, Any]] = {}
    # Each parameter (path, query, header, cookie: `name`) and body field (`body.name`).
    for key, kind in _scalar_fields(openapi).items():
        name = key.removeprefix("body.")
        if name in ID_FIELDS:
            if ID_FIELDS[name] in dictionaries:
                dictionary, probability = ID_FIELDS[name], REAL_ID_PROBABILITY
            else:
                continue
        else:
            dictionary, probability = f"nasty {kind}s", NASTY_PROBABILITY[kind]
        parameters[key] = {"dictionary": dictionary, "probability": probability}
    return {
        "base-url": account.api_url,
        "seed": seed,
        "max-time": max_time_s,
        "workers": 1,
        "continue-on-failure": True,
        "suppress-health-check": ["all"],
        "request-timeout": 60,
        "cache": {"enabled": False},
        "auth": {"auto-signup": False},
        "generation": {
            "mode": "all",
            "max-examples": max_examples,
            "no-shrink": True,  # every request counts as a test; no re-sends to minimise
            "database": "none",  # nothing written to .hypothesis/
            "allow-x00": True,
        },
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        "phases": {
            "examples": {"enabled": "examples" in phases},
            "coverage": {"enabled": "coverage" in phases},
            "fuzzing": {"enabled": "fuzzing" in phases},
            "stateful": {
                "enabled": "stateful" in phases,
                "inference": {"algorithms": ["location-headers", "dependency-analysis"]},
            },
        },
        "dictionaries": dictionaries,
        "parameters": parameters,
    }


def _scalar_fields(openapi: dict[str, Any]) -> dict[str, str]:
    """Every parameter (`name`) and top-level body field (`body.name`) of a scalar type:
    string, integer or number (also as an anyOf option: FastAPI's optional fields).

    Fields whose schema is a $ref (enums, nested objects) are left out: schemathesis 4.32
    fails to check a dictionary against a referenced schema.
    """
    components = openapi.get("components", {}).get("schemas", {})
    fields: dict[str, str] = {}
    for methods in openapi.get("paths", {}).values():
        for operation in methods.values():
            inputs = [(p["name"], p.get("schema", {})) for p in operation.get("parameters", [])]
            for media in operation.get("requestBody", {}).get("content", {}).values():
                body = media.get("schema", {})
                if "$ref" in body:
                    body = components.get(body["$ref"].rsplit("/", 1)[-1], {})
                inputs += [(f"body.{k}", v) for k, v in body.get("properties", {}).items()]
            for key, schema in inputs:
                kind = _scalar_kind(schema)
                if kind is not None:
                    fields.setdefault(key, kind)
    return fields


def _scalar_kind(schema: dict[str, Any]) -> str | None:
    if "$ref" in json.dumps(schema) or schema.get("format") == "binary":
        return None
    if "contentMediaType" in schema:
        return None  # a file
    for option in [schema, *schema.get("anyOf", [])]:
        if option.get("type") in NASTY_PROBABILITY:
            return str(option["type"])
    return None


def fuzz(
    account: Account,
    *,
    requests: int,
    seed: int = DEFAULT_SEED,
    max_time_s: int = 3600,
    source_address: str | None = None,
    phases: tuple[str, ...] = PHASES,
    progress: Callable[[str], None] | None = None,
) -> Tally:
    """Run schemathesis until `requests` requests were answered (or `max_time_s` passed).

    `source_address` sends the fuzzer's requests from another loopback address (e.g.
    127.0.0.2): the API throttles failed logins per client address, and the fuzzer's
    must not lock out other clients of a shared stack.
    """
    import schemathesis
    from hypothesis.configuration import set_hypothesis_home_dir
    from schemathesis.config import SchemathesisConfig
    from schemathesis.engine import events, from_schema

    # Hypothesis keeps caches (Unicode tables, constants found in the code) in ./.hypothesis.
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "uam-fuzz-hypothesis")

    raw = _ok(httpx.get(f"{account.api_url}/openapi.json", timeout=30)).json()
    operations = sum(len(methods) for methods in raw["paths"].values())
    # Each operation gets its share in each phase and mode; fuzzing and stateful phases
    # repeat until the count is reached, so this only sets the grain.
    max_examples = max(5, min(100, requests // (operations * 4)))
    settings = SchemathesisConfig.from_dict(
        config(
            account,
            raw,
            seed=seed,
            max_examples=max_examples,
            max_time_s=max_time_s,
            phases=phases,
        )
    )
    schema = schemathesis.openapi.from_dict(raw, config=settings)
    schema.auth(refresh_interval=600, retry_on=[])(_provider(account))

    tally = Tally(operations=[op.ok().label for op in schema.get_all_operations()])
    started = time.monotonic()
    with _sessions_from(source_address):
        stream = from_schema(schema).execute()
        reported = 0
        for event in stream:
            if isinstance(event, (events.ScenarioFinished, events.FuzzScenarioFinished)):
                phase = getattr(event, "phase", "fuzz")
                tally.add(event.recorder, str(phase))
                if tally.requests >= requests:
                    stream.stop()
                if progress is not None and tally.requests - reported >= 1000:
                    reported = tally.requests
                    progress(
                        f"{tally.requests} requests, {len(tally.server_errors)} 5xx, "
                        f"{len(tally.mismatches)} mismatches ({time.monotonic() - started:.0f} s)"
                    )
            elif isinstance(event, events.NonFatalError):
                tally.errors.append(f"{event.label}: {event.info.title}: {event.info.message}")
            elif isinstance(event, events.FatalError):
                raise RuntimeError(f"schemathesis failed: {event.exception!r}")
            elif isinstance(event, events.EngineFinished):
                reached = tally.requests >= requests
                tally.stop_reason = "count reached" if reached else str(event.stop_reason)
                for failure in event.failures:
                    tally.errors.append(f"after the run: {failure}")
    tally.elapsed_s = time.monotonic() - started
    return tally


def _provider(account: Account) -> type:
    """An AuthProvider class (schemathesis instantiates it) for the account's bearer token."""

    class RefreshedBearer:
        first = True

        def get(self, case: Any, context: Any) -> str:
            if RefreshedBearer.first:  # the token from sign-up is fresh
                RefreshedBearer.first = False
                return account.access_token
            return account.refresh()

        def set(self, case: Any, data: str, context: Any) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    return RefreshedBearer


@contextlib.contextmanager
def _sessions_from(source_address: str | None) -> Iterator[None]:
    """Make schemathesis' HTTP sessions connect from `source_address` (no-op for None)."""
    if source_address is None:
        yield
        return
    from requests.adapters import HTTPAdapter
    from schemathesis.engine import context

    class FromAddress(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            kwargs["source_address"] = (source_address, 0)
            super().init_poolmanager(*args, **kwargs)

    make_session = context.make_session

    def bound_session(*args: Any, **kwargs: Any) -> Any:
        session = make_session(*args, **kwargs)
        session.mount("http://", FromAddress())
        session.mount("https://", FromAddress())
        return session

    with mock.patch.object(context, "make_session", bound_session):
        yield


# --- A local stack for the command line ---------------------------------------------------


@contextlib.contextmanager
def local_stack(admin_email: str) -> Iterator[str]:
    """`python -m infra.local up` in a temporary data dir; yields the API's URL."""
    with tempfile.TemporaryDirectory(prefix="uam-fuzz-") as base:
        # PostgreSQL runs as another user, which must traverse the path.
        Path(base).chmod(0o755)
        stack = start_stack_process(
            Path(base) / "data",
            parameters={"AdminEmails": admin_email},
            ready_timeout_s=READY_TIMEOUT_S,
        )
        try:
            yield stack.api_url
        finally:
            if stack.process.poll() is None:
                try:
                    stack.stop()
                except subprocess.TimeoutExpired:
                    stack.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m infra.fuzz", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--api-url", help="fuzz the API already running there (start nothing)")
    parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--max-time", type=int, default=3600, help="seconds, at most")
    parser.add_argument(
        "--show", type=int, default=SHOWN, help="findings printed per kind (the first of each)"
    )
    args = parser.parse_args(argv)

    email = f"fuzz-{uuid.uuid4().hex[:10]}@example.com"
    with contextlib.ExitStack() as stack:
        api_url = args.api_url or stack.enter_context(local_stack(admin_email=email))
        print(f"fuzzing {api_url}, seed {args.seed}, {args.requests} requests", flush=True)
        account = prepare(api_url, email=email)
        print("real ids: " + ", ".join(f"{k} {len(v)}" for k, v in account.ids.items()), flush=True)
        tally = fuzz(
            account,
            requests=args.requests,
            seed=args.seed,
            max_time_s=args.max_time,
            progress=lambda line: print(line, flush=True),
        )
        cancel_runs(account)
    tally.report(show=args.show)
    return 0 if tally.ok else 1


if __name__ == "__main__":
    sys.exit(main())
