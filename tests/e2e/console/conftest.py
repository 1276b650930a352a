"""Headless Chromium, from Debian's package, driving the console that the e2e stack serves.

Playwright drives the browser found on the machine (`executable_path`); it never downloads
one. Without Chromium the browser tests are skipped with what to install, except under CI
(CI=true), where .ci/run installs it and a missing browser must fail rather than hide a gap.
"""

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Locator,
    Page,
    Request,
    expect,
    sync_playwright,
)

from tests.e2e.conftest import PROJECT_ROOT, RunningStack

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# Chromium as root in a container has no usable sandbox; these tests load only our own pages.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Where each test leaves a screenshot of every page it saw, for a person to look at.
SCREENSHOTS = Path(os.environ.get("UAM_SCREENSHOTS_DIR", PROJECT_ROOT / ".uam" / "screenshots"))
PASSWORD = "a long enough password"


def chromium_path() -> str | None:
    explicit = os.environ.get("UAM_CHROMIUM")
    if explicit:
        return explicit
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


# Per module, not per session: while Playwright's sync API is alive its event loop counts as
# running in this thread, and later tests that run a loop themselves (Mangum) would fail.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    path = chromium_path()
    if path is None:
        message = "no Chromium on this machine: apt-get install chromium (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@dataclass
class Console:
    """A fresh browser tab on the console, with what the page logged and asked for."""

    page: Page
    base_url: str
    shots: Path
    errors: list[str] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def requests_to(self, method: str, url_prefix: str) -> list[Request]:
        return [r for r in self.requests if r.method == method and r.url.startswith(url_prefix)]


@pytest.fixture
def console(
    browser: Browser, stack: RunningStack, request: pytest.FixtureRequest
) -> Iterator[Console]:
    context = browser.new_context(
        base_url=stack.api_url, viewport={"width": 1366, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    shots = SCREENSHOTS / request.node.name
    shots.mkdir(parents=True, exist_ok=True)
    seen = Console(page, stack.api_url, shots)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.errors.append(f"{message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.errors.append(f"uncaught: {error}"))
    context.on("request", lambda sent: seen.requests.append(sent))
    # The console asks before deleting anything (window.confirm); a person says yes here.
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        yield seen
    finally:
        context.close()


def heading(page: Page, name: str) -> Locator:
    return page.get_by_role("heading", name=name, exact=True)


def create_account(console: Console, name: str = "Ada Analyst") -> str:
    """Sign up through the page, as a person does; returns the new account's email."""
    page = console.page
    email = f"console-{uuid.uuid4().hex[:8]}@example.com"
    page.goto("/console#/signup")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(heading(page, "Projects")).to_be_visible()
    return email


def create_project(console: Console, name: str) -> None:
    """Create a project on the projects page and open it."""
    page = console.page
    page.get_by_label("Project name").fill(name)
    page.get_by_role("button", name="Create project").click()
    page.get_by_role("link", name=name, exact=True).click()
    expect(heading(page, name)).to_be_visible()
