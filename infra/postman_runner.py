"""`python -m infra.postman_runner [--base-url URL] [COLLECTION]`: run a Postman collection.

A stand-in for newman where Node is not wanted (the tests, CI without npm): it sends the
collection's requests in order with httpx, fills `{{variables}}` (collection variables,
`--var key=value`, and Postman's `{{$guid}}`, `{{$timestamp}}`, `{{$randomInt}}`), applies
the collection's bearer auth unless a request says `noauth`, and runs each request's test
script. Scripts are not JavaScript here: only the lines our generator writes are understood
(`pm.response.to.have.status(N)`, `var body = pm.response.json();`,
`pm.collectionVariables.set("name", body.a.b)`); any other line is an error, so an
assertion is never skipped silently. Exit code 1 when a request fails its tests.
"""

import argparse
import json
import random
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_COLLECTION = ROOT / "docs" / "uam.postman_collection.json"

VARIABLE = re.compile(r"\{\{([^{}]+)\}\}")
STATUS = re.compile(
    r'pm\.test\("[^"]*", function \(\) \{ pm\.response\.to\.have\.status\((\d{3})\); \}\);'
)
BODY = "var body = pm.response.json();"
SET = re.compile(r'pm\.collectionVariables\.set\("(\w+)", body((?:\.\w+)+)\);')


class UnsupportedScript(ValueError):
    """A test-script line this runner cannot evaluate (it would otherwise be skipped)."""


@dataclass
class Result:
    name: str
    method: str
    url: str
    status: int
    failures: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.failures


def _dynamic(name: str) -> str | None:
    if name == "$guid":
        return str(uuid.uuid4())
    if name == "$timestamp":
        return str(int(time.time()))
    if name == "$randomInt":
        return str(random.randint(0, 1000))
    return None


def substitute(text: str, variables: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        dynamic = _dynamic(name)
        if dynamic is not None:
            return dynamic
        if name not in variables:
            raise KeyError(f"variable {{{{{name}}}}} is not set")
        return variables[name]

    return VARIABLE.sub(one, text)


def _items(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Requests in collection order, folders flattened."""
    for item in items:
        if "item" in item:
            yield from _items(item["item"])
        else:
            yield item


def _test_lines(item: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for event in item.get("event", []):
        if event.get("listen") == "test":
            exec_ = event["script"].get("exec", [])
            lines.extend([exec_] if isinstance(exec_, str) else exec_)
    return [line.strip() for line in lines if line.strip()]


def _pick(body: Any, path: str) -> Any:
    value = body
    for key in path.strip(".").split("."):
        value = value[key]
    return value


def run_tests(lines: list[str], response: httpx.Response, variables: dict[str, str]) -> list[str]:
    """Evaluate a test script's lines; the failures, in words."""
    failures: list[str] = []
    body: Any = None
    for line in lines:
        if match := STATUS.fullmatch(line):
            expected = int(match.group(1))
            if response.status_code != expected:
                failures.append(
                    f"expected status {expected}, got {response.status_code}: {response.text[:300]}"
                )
        elif line == BODY:
            try:
                body = response.json()
            except ValueError:
                failures.append(f"the body is not JSON: {response.text[:200]}")
                return failures
        elif match := SET.fullmatch(line):
            if body is None:
                raise UnsupportedScript(f"{line!r} before {BODY!r}")
            try:
                variables[match.group(1)] = str(_pick(body, match.group(2)))
            except (KeyError, TypeError):
                failures.append(f"the body has no {match.group(2).strip('.')}: {body}")
        else:
            raise UnsupportedScript(f"cannot evaluate test-script line {line!r}")
    return failures


def _request_kwargs(
    request: dict[str, Any], variables: dict[str, str], working_dir: Path
) -> dict[str, Any]:
    headers = {h["key"]: substitute(h["value"], variables) for h in request.get("header", [])}
    kwargs: dict[str, Any] = {"headers": headers}
    body = request.get("body")
    if body:
        mode = body["mode"]
        if mode == "raw":
            kwargs["content"] = substitute(body["raw"], variables).encode()
        elif mode == "urlencoded":
            kwargs["data"] = {f["key"]: substitute(f["value"], variables) for f in body[mode]}
        elif mode == "formdata":
            data, files = {}, {}
            for f in body[mode]:
                if f.get("type") == "file":
                    path = working_dir / substitute(f["src"], variables)
                    files[f["key"]] = (path.name, path.read_bytes())
                else:
                    data[f["key"]] = substitute(f["value"], variables)
            kwargs.update(data=data, files=files)
        else:
            raise UnsupportedScript(f"body mode {mode!r}")
    return kwargs


def _auth_header(
    request: dict[str, Any], collection_auth: dict[str, Any] | None, variables: dict[str, str]
) -> dict[str, str]:
    auth = request.get("auth", collection_auth)
    if not auth or auth.get("type") == "noauth":
        return {}
    if auth["type"] != "bearer":
        raise UnsupportedScript(f"auth type {auth['type']!r}")
    token = next(x["value"] for x in auth["bearer"] if x["key"] == "token")
    return {"Authorization": f"Bearer {substitute(token, variables)}"}


def run(
    collection: dict[str, Any],
    *,
    variables: dict[str, str] | None = None,
    working_dir: Path = ROOT,
    timeout_s: float = 60,
) -> list[Result]:
    """Send every request of the collection in order; the result of each."""
    values = {v["key"]: str(v.get("value", "")) for v in collection.get("variable", [])}
    values.update(variables or {})
    results: list[Result] = []
    with httpx.Client(timeout=timeout_s, follow_redirects=False) as http:
        for item in _items(collection["item"]):
            request = item["request"]
            raw_url = request["url"]["raw"] if isinstance(request["url"], dict) else request["url"]
            url = substitute(raw_url, values)
            kwargs = _request_kwargs(request, values, working_dir)
            kwargs["headers"].update(_auth_header(request, collection.get("auth"), values))
            started = time.perf_counter()
            response = http.request(request["method"], url, **kwargs)
            result = Result(item["name"], request["method"], url, response.status_code)
            result.elapsed_s = time.perf_counter() - started
            result.failures = run_tests(_test_lines(item), response, values)
            results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.postman_runner", description=__doc__)
    parser.add_argument("collection", nargs="?", type=Path, default=DEFAULT_COLLECTION)
    parser.add_argument("--base-url", help="sets {{baseUrl}}")
    parser.add_argument("--var", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--working-dir", type=Path, default=ROOT, help="where file src resolve")
    args = parser.parse_args(argv)
    variables = dict(v.split("=", 1) for v in args.var)
    if args.base_url:
        variables["baseUrl"] = args.base_url
    collection = json.loads(args.collection.read_text())
    results = run(collection, variables=variables, working_dir=args.working_dir)
    for r in results:
        mark = "ok  " if r.passed else "FAIL"
        print(f"{mark} {r.status} {r.method:6} {r.name} ({r.elapsed_s * 1000:.0f} ms)")
        for failure in r.failures:
            print(f"       {failure}")
    failed = sum(not r.passed for r in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
