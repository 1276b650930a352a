"""`python -m infra.openapi`: write docs/openapi.json and the Postman collection made from it.

`--check` writes nothing and exits 1 when either file is not what the app produces today
(the unit tests do the same). The collection is Postman v2.1: a `baseUrl` variable, a
register step whose test script stores the access token in a collection variable, then the
main flow, one request per operation of the API, each with the status it must answer. It
runs in Postman, in newman (`newman run docs/uam.postman_collection.json --env-var
baseUrl=http://127.0.0.1:8000`) and in `python -m infra.postman_runner`.
"""

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OPENAPI_PATH = ROOT / "docs" / "openapi.json"
COLLECTION_PATH = ROOT / "docs" / "uam.postman_collection.json"
REGENERATE = "python -m infra.openapi"
SAMPLE_CSV = "docs/postman/penguins.csv"  # relative to the directory the runner works in
MISSING_ID = "00000000-0000-4000-8000-000000000000"  # an id no user owns: 404 everywhere

JSON = dict[str, Any]


def app_schema() -> JSON:
    """The app's OpenAPI document, as /openapi.json serves it."""
    # create_app reads the settings; the document depends on no secret.
    os.environ.setdefault("SECRET_KEY", "openapi-export-only-" + "x" * 32)
    if str(ROOT / "shared") not in sys.path:
        sys.path.insert(0, str(ROOT / "shared"))
    from uam.api.app import create_app

    return create_app().openapi()


def dumps(document: JSON) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# The main flow, in order: (method, path template, expected status, options). Paths use the
# OpenAPI templates; each {param} is filled from the variable named in `path`.
Step = tuple[str, str, int, JSON]
FLOW: list[Step] = [
    ("GET", "/health", 200, {"auth": False}),
    (
        "POST",
        "/auth/register",
        201,
        {
            "auth": False,
            "json": {
                "name": "Postman Analyst",
                "email": "postman-{{$guid}}@example.com",
                "password": "{{password}}",
            },
            "store": {"accessToken": "access_token", "refreshToken": "refresh_token"},
            "store_more": {"email": "user.email"},
        },
    ),
    (
        "POST",
        "/auth/login",
        200,
        {
            "auth": False,
            "json": {"email": "{{email}}", "password": "{{password}}"},
            "store": {"accessToken": "access_token", "refreshToken": "refresh_token"},
        },
    ),
    (
        "POST",
        "/auth/token",
        200,
        {"auth": False, "form": {"username": "{{email}}", "password": "{{password}}"}},
    ),
    (
        "POST",
        "/auth/refresh",
        200,
        {
            "auth": False,
            "json": {"refresh_token": "{{refreshToken}}"},
            "store": {"accessToken": "access_token", "refreshToken": "refresh_token"},
        },
    ),
    ("GET", "/auth/me", 200, {}),
    ("GET", "/auth/me", 401, {"auth": False, "name": "Me without a token (401)"}),
    (
        "POST",
        "/projects",
        201,
        {
            "json": {"name": "Postman project", "description": "made by the collection"},
            "store": {"projectId": "id"},
        },
    ),
    ("GET", "/projects", 200, {}),
    ("GET", "/projects/{project_id}", 200, {"path": {"project_id": "projectId"}}),
    (
        "PATCH",
        "/projects/{project_id}",
        200,
        {"path": {"project_id": "projectId"}, "json": {"description": "renamed"}},
    ),
    (
        "POST",
        "/datasets/presign",
        201,
        {
            "json": {"project_id": "{{projectId}}", "filename": "penguins.csv", "size": 2048},
            "store": {"presignedDatasetId": "dataset_id"},
        },
    ),
    (
        "POST",
        "/datasets/{dataset_id}/complete",
        409,
        {
            "path": {"dataset_id": "presignedDatasetId"},
            "name": "Complete before uploading (409)",
        },
    ),
    (
        "POST",
        "/datasets/upload",
        201,
        {
            "formdata": {"project_id": "{{projectId}}", "file": {"src": SAMPLE_CSV}},
            "store": {"datasetId": "dataset_id"},
        },
    ),
    ("GET", "/datasets", 200, {"query": {"project_id": "{{projectId}}"}}),
    ("GET", "/datasets/{dataset_id}", 200, {"path": {"dataset_id": "datasetId"}}),
    (
        "GET",
        "/datasets/{dataset_id}/preview",
        200,
        {"path": {"dataset_id": "datasetId"}, "query": {"rows": "5"}},
    ),
    (
        "POST",
        "/nlq",
        200,
        {"json": {"dataset_id": "{{datasetId}}", "question": "how many rows are there"}},
    ),
    (
        "POST",
        "/runs/start",
        404,
        {
            "json": {"project_id": "{{projectId}}", "dataset_id": MISSING_ID},
            "name": "Start a run on a dataset that is not yours (404)",
        },
    ),
    ("GET", "/runs", 200, {"query": {"project_id": "{{projectId}}"}}),
    ("GET", "/runs/{run_id}/status", 404, {"path": {"run_id": "missingId"}}),
    ("POST", "/runs/{run_id}/cancel", 404, {"path": {"run_id": "missingId"}}),
    ("GET", "/runs/{run_id}/artifacts", 404, {"path": {"run_id": "missingId"}}),
    ("GET", "/models", 200, {"query": {"project_id": "{{projectId}}"}}),
    ("GET", "/models/{model_id}", 404, {"path": {"model_id": "missingId"}}),
    (
        "POST",
        "/models/{model_id}/predict",
        404,
        {"path": {"model_id": "missingId"}, "json": {"rows": [{"bill_length_mm": 39.1}]}},
    ),
    ("POST", "/reports/generate", 404, {"json": {"run_id": MISSING_ID}}),
    ("GET", "/reports/{report_id}/download", 404, {"path": {"report_id": "missingId"}}),
    ("GET", "/admin/stats", 403, {"name": "Admin stats as a normal user (403)"}),
    ("GET", "/admin/users", 403, {}),
    (
        "PATCH",
        "/admin/users/{user_id}",
        403,
        {"path": {"user_id": "missingId"}, "json": {"disabled": True}},
    ),
    ("GET", "/admin/logs", 403, {}),
    ("GET", "/admin/audit", 403, {}),
    ("DELETE", "/datasets/{dataset_id}", 204, {"path": {"dataset_id": "presignedDatasetId"}}),
    ("DELETE", "/projects/{project_id}", 204, {"path": {"project_id": "projectId"}}),
    (
        "GET",
        "/datasets/{dataset_id}",
        404,
        {"path": {"dataset_id": "datasetId"}, "name": "The project's datasets went with it"},
    ),
]


def collection(openapi: JSON) -> JSON:
    """The Postman v2.1 collection of FLOW, named and described from the OpenAPI document."""
    items = [_item(openapi, *step) for step in FLOW]
    info = openapi["info"]
    return {
        "info": {
            "name": info["title"],
            "description": f"{info.get('description', '')}\n\nGenerated from docs/openapi.json "
            f"by `{REGENERATE}`; run it in order against a fresh stack.",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "auth": {
            "type": "bearer",
            "bearer": [{"key": "token", "value": "{{accessToken}}", "type": "string"}],
        },
        "variable": [
            {"key": "baseUrl", "value": "http://127.0.0.1:8000", "type": "string"},
            {"key": "password", "value": "a long enough password", "type": "string"},
            {"key": "missingId", "value": MISSING_ID, "type": "string"},
            {"key": "accessToken", "value": "", "type": "string"},
            {"key": "refreshToken", "value": "", "type": "string"},
            {"key": "email", "value": "", "type": "string"},
        ],
        "item": items,
    }


def _item(openapi: JSON, method: str, path: str, status: int, options: JSON) -> JSON:
    operation = openapi["paths"][path][method.lower()]  # KeyError: a step the API lacks
    documented = operation.get("responses", {})
    if str(status) not in documented:
        raise ValueError(f"{method} {path}: {status} is not among its documented responses")
    url_path = path
    for param, variable in options.get("path", {}).items():
        url_path = url_path.replace("{" + param + "}", "{{" + variable + "}}")
    query = [{"key": k, "value": v} for k, v in options.get("query", {}).items()]
    raw = "{{baseUrl}}" + url_path + ("?" + "&".join(f"{q['key']}={q['value']}" for q in query))
    url: JSON = {
        "raw": raw.rstrip("?"),
        "host": ["{{baseUrl}}"],
        "path": [p for p in url_path.split("/") if p],
    }
    if query:
        url["query"] = query
    request: JSON = {
        "method": method,
        "header": [],
        "url": url,
        "description": f"{operation.get('description', '')}\n\nExpected: {status} "
        f"({documented[str(status)]['description']})".strip(),
    }
    if options.get("auth", True) is False:
        request["auth"] = {"type": "noauth"}
    if "json" in options:
        request["header"].append({"key": "Content-Type", "value": "application/json"})
        request["body"] = {
            "mode": "raw",
            "raw": json.dumps(options["json"], indent=2),
            "options": {"raw": {"language": "json"}},
        }
    elif "form" in options:
        request["body"] = {
            "mode": "urlencoded",
            "urlencoded": [
                {"key": k, "value": v, "type": "text"} for k, v in options["form"].items()
            ],
        }
    elif "formdata" in options:
        fields = []
        for key, value in options["formdata"].items():
            if isinstance(value, dict):
                fields.append({"key": key, "type": "file", "src": value["src"]})
            else:
                fields.append({"key": key, "value": value, "type": "text"})
        request["body"] = {"mode": "formdata", "formdata": fields}
    return {
        "name": options.get("name") or f"{operation.get('summary', path)} ({status})",
        "event": [
            {
                "listen": "test",
                "script": {"type": "text/javascript", "exec": _tests(status, options)},
            }
        ],
        "request": request,
        "response": [],
    }


def _tests(status: int, options: JSON) -> list[str]:
    """The test script: the status, and the values later requests need, as variables."""
    lines = [
        f'pm.test("status is {status}", function () {{ pm.response.to.have.status({status}); }});'
    ]
    stores = {**options.get("store", {}), **options.get("store_more", {})}
    if stores:
        lines.append("var body = pm.response.json();")
        for variable, field in stores.items():
            lines.append(f'pm.collectionVariables.set("{variable}", body.{field});')
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.openapi", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is stale")
    args = parser.parse_args(argv)
    openapi = app_schema()
    outputs = {OPENAPI_PATH: dumps(openapi), COLLECTION_PATH: dumps(collection(openapi))}
    stale = [p for p, text in outputs.items() if not p.exists() or p.read_text() != text]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is stale: run `{REGENERATE}`", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
