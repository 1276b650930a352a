"""The error responses of every route, in the OpenAPI document.

Most are derived, not listed by hand: a route that depends on the current user can answer
401 (also for a disabled account), one behind the admin dependency 403, one with an id
in its path 404 (another user's object is "not found" too). A route declares only the
domain errors its own work can raise, with `responses=raises(...)`: the status of each
comes from `errors.STATUS_BY_EXCEPTION` and its description from the exception's
docstring, so the document says what the handlers do. Every error has the body the
handlers send, `{"detail": "a sentence"}` (`errors` too when there is a list of problems).

Lean on purpose: the API function imports this; nothing here pulls in the analytics stack.
"""

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import validation_error_definition, validation_error_response_definition
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

ERROR_REF = "#/components/schemas/Error"
VALIDATION_REF = "#/components/schemas/HTTPValidationError"

# A path id names one object of the caller's; anything else is "not found".
NOT_FOUND_BY_PATH_ID = {
    "project_id": "No such project for this user.",
    "dataset_id": "No such dataset for this user.",
    "run_id": "No such run for this user.",
    "model_id": "No such model for this user.",
    "report_id": "No such report for this user.",
    "user_id": "No account has this id.",
}

HEADERS_BY_STATUS: dict[int, dict[str, Any]] = {
    401: {
        "WWW-Authenticate": {
            "description": "Bearer: send Authorization: Bearer <access token>",
            "schema": {"type": "string"},
        }
    },
    429: {
        "Retry-After": {
            "description": "seconds to wait before trying again",
            "schema": {"type": "integer"},
        }
    },
}


class Error(BaseModel):
    """Every error the API answers: a sentence a person can act on."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"detail": "no such project for this user"}]}
    )

    detail: str = Field(description="what went wrong, in a sentence")
    errors: list[dict[str, Any]] | None = Field(
        default=None,
        description="every refused value (column, row, problem) when there are several",
    )


def describe(exc_type: type[Exception]) -> str:
    """The exception's docstring as one line, without the status code it names."""
    doc = " ".join((exc_type.__doc__ or exc_type.__name__).split())
    doc = re.sub(r"\s*\((?:\d{3}|another user's [a-z]+ is \"not found\" too)[^)]*\)", "", doc)
    return doc if doc.endswith(".") else doc + "."


def raises(*exc_types: type[Exception]) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route that can raise these domain exceptions."""
    from uam.api.errors import STATUS_BY_EXCEPTION  # errors imports this module

    responses: dict[int | str, dict[str, Any]] = {}
    for exc_type in exc_types:
        entry = responses.setdefault(STATUS_BY_EXCEPTION[exc_type], {"description": ""})
        entry["description"] = _join(entry["description"], describe(exc_type))
    return responses


def _join(first: str, second: str) -> str:
    if second in first:
        return first
    return second if first in second else f"{first} {second}"


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dep in dependant.dependencies:
        if dep.call is not None:
            yield dep.call
        yield from _calls(dep)


def api_routes(routes: Sequence[Any]) -> Iterator[Any]:
    """Every API route of an app, those of included routers too, as OpenAPI sees them."""
    try:
        from fastapi.routing import iter_route_contexts  # FastAPI >= 0.16x: lazy inclusion
    except ImportError:  # pragma: no cover - older FastAPI copies routes into app.routes
        yield from (r for r in routes if isinstance(r, APIRoute))
        return
    for context in iter_route_contexts(routes):
        if isinstance(context.original_route, APIRoute):
            yield context


def derived(route: Any) -> dict[int, str]:
    """The error statuses a route can answer because of its dependencies and path."""
    from uam.api.deps import get_admin_user, get_current_user
    from uam.auth.exceptions import AccountDisabled, InvalidToken, NotAdmin

    found: dict[int, str] = {}
    calls = set(_calls(route.dependant))
    if get_current_user in calls:
        found[401] = f"{describe(InvalidToken)} {describe(AccountDisabled)}"
    if get_admin_user in calls:
        found[403] = describe(NotAdmin)
    ids = [p.name for p in route.dependant.path_params]
    if ids:
        found[404] = " ".join(
            NOT_FOUND_BY_PATH_ID.get(name, f"No such {name} for this user.") for name in ids
        )
    # What body_limits and the body parsers answer before the route runs.
    if route.methods & {"POST", "PUT", "PATCH"}:
        found[413] = "The body is over this route's size limit."
    if route.body_field is not None or (route.openapi_extra or {}).get("requestBody"):
        found[400] = "The body could not be parsed: JSON that is not UTF-8, or broken multipart."
    return found


def document_errors(schema: dict[str, Any], routes: Sequence[Any]) -> dict[str, Any]:
    """Add the derived error responses to `schema` and give every error its body."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", Error.model_json_schema(ref_template=ERROR_REF))
    for route in api_routes(routes):
        if not route.include_in_schema:
            continue
        validates = bool(route.dependant.path_params or route.dependant.query_params)
        validates = validates or route.body_field is not None
        for method in route.methods:
            operation = schema["paths"][route.path_format][method.lower()]
            responses = operation.setdefault("responses", {})
            for status, description in derived(route).items():
                entry = responses.setdefault(str(status), {"description": ""})
                entry["description"] = _join(description, entry["description"])
            for code, entry in responses.items():
                if code.isdigit() and int(code) >= 400:
                    _give_body(entry, int(code), validates, components)
            operation["responses"] = dict(sorted(responses.items()))
    return schema


def _give_body(
    entry: dict[str, Any], status: int, validates: bool, components: dict[str, Any]
) -> None:
    if status in HEADERS_BY_STATUS:
        entry.setdefault("headers", HEADERS_BY_STATUS[status])
    content = entry.setdefault("content", {}).setdefault("application/json", {})
    refs = content.get("schema", {})
    if status == 422 and (validates or refs.get("$ref") == VALIDATION_REF):
        # FastAPI's own check of the request (a list in detail) or the route's (a sentence).
        components.setdefault("ValidationError", validation_error_definition)
        components.setdefault("HTTPValidationError", validation_error_response_definition)
        # body_limits' own 422s (JSON too deep, a NUL character) are sentences too.
        content["schema"] = {"anyOf": [{"$ref": ERROR_REF}, {"$ref": VALIDATION_REF}]}
        why = "the request does not match its schema, nests JSON too deep or holds a NUL."
        if entry["description"] in ("", "Validation Error"):  # FastAPI's own entry
            entry["description"] = why[0].upper() + why[1:]
        else:
            entry["description"] = _join(entry["description"], f"Or {why}")
        return
    content.setdefault("schema", {"$ref": ERROR_REF})  # unless the route gave its own


def install(app: FastAPI) -> None:
    """Make `app.openapi()` (and /openapi.json, /docs) document every route's errors."""
    generate = app.openapi  # FastAPI's: cached, regenerated when routes change
    documented: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        schema = generate()
        if not documented or documented[0] is not schema:
            documented[:] = [document_errors(schema, app.routes)]
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
