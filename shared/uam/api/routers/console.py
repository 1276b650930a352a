"""/console: the web console's page and its static files (no sign-in needed to load them;
every call the page makes is authenticated like any other client's)."""

from functools import lru_cache
from importlib import resources
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse

from uam.console.exceptions import ConsoleFileNotFound
from uam.console.policy import content_security_policy

router = APIRouter(include_in_schema=False)

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
# Revalidate on every load (ETag), so a deploy reaches open consoles on their next reload.
REVALIDATE = {"Cache-Control": "no-cache"}


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/console", status_code=307)


@router.get("/console")
def page() -> FileResponse:
    headers = {**REVALIDATE, "Content-Security-Policy": content_security_policy()}
    return FileResponse(_static() / "index.html", media_type=MEDIA_TYPES[".html"], headers=headers)


@router.get("/console/{name:path}")
def static_file(name: str) -> FileResponse:
    # Only the files the package ships are served: a name is looked up, never joined to a path.
    path = _files().get(name)
    if path is None:
        raise ConsoleFileNotFound(f"the console has no file {name!r}")
    return FileResponse(path, media_type=MEDIA_TYPES[path.suffix], headers=REVALIDATE)


def _static() -> Path:
    return Path(str(resources.files("uam.console") / "static"))


@lru_cache
def _files() -> dict[str, Path]:
    root = _static()
    return {
        p.relative_to(root).as_posix(): p
        for p in root.rglob("*")
        if p.is_file() and p.suffix in MEDIA_TYPES and p.name != "index.html"
    }
