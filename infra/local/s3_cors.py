"""CORS on the emulator's S3 as S3 answers it: from the bucket's own CORS rules, nothing else.

moto's server wraps every service's Flask app in flask-cors, which echoes *any* Origin in
Access-Control-Allow-Origin (on plain GETs, and even on the 403 moto gives a refused
preflight): locally any web page could read what real S3 keeps from it. Switching flask-cors
off alone is no fix: moto adds no CORS headers to a POST object upload (the browser's presigned
POST form), so the console could no longer read S3's answer to its upload.

So `create_app` builds moto's apps without flask-cors, and S3's app decides CORS itself, as S3
does (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html): the bucket's first rule
that matches the Origin and the method (for a preflight: Access-Control-Request-Method, and
every Access-Control-Request-Headers name too) gives the headers; a preflight that no rule
allows is refused with a 403. The CORS headers moto sets itself are dropped: it matches the
origin only, not the method, and only as a prefix (`moto.s3.utils.cors_matches_origin` lets
http://localhost:8000.evil.example pass for http://localhost:8000), so it is not reused here.
The rules are read from moto's backend, where `resources` put them from the template.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from flask import Flask, Response, request
from moto.moto_server import werkzeug_app
from moto.s3.models import CorsRule, s3_backends
from moto.s3.responses import S3Response
from moto.s3.utils import bucket_name_from_url as subdomain_bucket_name
from moto.s3bucket_path.utils import bucket_name_from_url as path_bucket_name

REFUSED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessForbidden</Code><Message>'
    "CORSResponse: This CORS request is not allowed. This is usually because the evalution of "
    "Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers "
    "are not whitelisted by the resource's CORS spec.</Message><ResourceType>OBJECT"
    "</ResourceType></Error>"
)
XML = "application/xml"
_creating = threading.Lock()


def create_app(service: Any) -> Flask:
    """moto's `create_backend_app` without flask-cors; S3's app answers CORS by bucket rules."""
    # moto reads MOTO_DISABLE_GLOBAL_CORS only once, when `moto.settings` is first imported
    # (by any import of moto, long before a stack starts), into this global of werkzeug_app;
    # setting the variable now would be too late. So flip the global while our app is built.
    with _creating:
        previous = werkzeug_app.DISABLE_GLOBAL_CORS
        werkzeug_app.DISABLE_GLOBAL_CORS = True
        try:
            app = werkzeug_app.create_backend_app(service)
        finally:
            werkzeug_app.DISABLE_GLOBAL_CORS = previous
    if service == "s3":
        app.after_request(_bucket_cors)
    return app


def _bucket_cors(response: Response) -> Response:
    origin = request.headers.get("Origin")
    if not origin:  # not a cross-origin request: S3 adds nothing
        return response
    for name in {n for n in response.headers.keys() if n.lower().startswith("access-control-")}:
        del response.headers[name]
    preflight = request.method == "OPTIONS"
    if preflight:
        method = request.headers.get("Access-Control-Request-Method", "")
        asked = request.headers.get("Access-Control-Request-Headers", "")
        headers = [h.strip().lower() for h in asked.split(",") if h.strip()]
    else:
        method, headers = request.method, []
    rule = _first_rule(_bucket_rules(), origin, method, headers)
    if preflight:  # answered from the rules alone; moto's answer (any rule's methods) is dropped
        response = Response(status=200) if rule else Response(REFUSED, 403, mimetype=XML)
    if rule is None:
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    response.vary.add("Origin")
    if rule.exposed_headers:
        response.headers["Access-Control-Expose-Headers"] = ", ".join(rule.exposed_headers)
    if preflight:
        response.headers["Access-Control-Allow-Methods"] = ", ".join(rule.allowed_methods)
        if headers:
            response.headers["Access-Control-Allow-Headers"] = ", ".join(headers)
        if rule.max_age_seconds is not None:
            response.headers["Access-Control-Max-Age"] = str(rule.max_age_seconds)
    return response


def _bucket_rules() -> list[CorsRule]:
    """The CORS rules of the request's bucket, whose name is found as moto's S3Response does."""
    if S3Response.subdomain_based_buckets(request):
        name = subdomain_bucket_name(request.url)
    else:
        name = path_bucket_name(request.url)
    owner = s3_backends.bucket_accounts.get(name or "")
    if owner is None:
        return []
    partition, account = owner
    bucket = s3_backends[account][partition].buckets.get(name)
    return list(bucket.cors) if bucket is not None else []


def _first_rule(
    rules: list[CorsRule], origin: str, method: str, headers: list[str]
) -> CorsRule | None:
    for rule in rules:
        if (
            _matches(origin, rule.allowed_origins or [])
            and method in (rule.allowed_methods or [])
            and all(_matches(h, rule.allowed_headers or [], ignore_case=True) for h in headers)
        ):
            return rule
    return None


def _matches(value: str, patterns: list[str], *, ignore_case: bool = False) -> bool:
    """S3's match: the whole value against a pattern in which `*` stands for anything."""
    flags = re.IGNORECASE if ignore_case else 0
    return any(re.fullmatch(re.escape(p).replace(r"\*", ".*"), value, flags) for p in patterns)
