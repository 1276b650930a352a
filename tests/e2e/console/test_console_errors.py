"""What goes wrong is said in words on the page: a wrong password, a file that cannot be read,
an empty file, a cancelled run."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PENGUINS, PROJECT_ROOT
from tests.e2e.console.conftest import PASSWORD, Console, create_account, create_project, heading

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
MARKUP_NAME = '<img src=x onerror="document.title=1">'  # a project name like markup
HOSTILE = PROJECT_ROOT / "tests" / "data" / "hostile"
# The browser logs each refused request itself; these are the refusals this test provokes.
EXPECTED_REFUSAL = re.compile(
    r"^Failed to load resource: the server responded with a status of (401|422)"
)


def test_each_error_is_shown_as_a_sentence(console: Console):
    page = console.page
    email = create_account(console, name="Grace")
    page.get_by_role("button", name="Sign out").click()

    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("incorrect email or password")
    expect(heading(page, "Sign in")).to_be_visible()
    console.shot("01-wrong-password")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page, "Projects")).to_be_visible()

    # Data is shown as text, never parsed as HTML: a name like markup stays a name.
    create_project(console, MARKUP_NAME)
    expect(page.get_by_role("main").locator("img")).to_have_count(0)
    page.get_by_role("link", name="Projects", exact=True).first.click()
    create_project(console, "Messy files")
    uploader = page.get_by_label("Choose a file")
    uploader.set_input_files(HOSTILE / "ragged_row.csv")
    ragged = page.get_by_role("row", name=re.compile(r"ragged_row\.csv"))
    expect(ragged.get_by_text("INVALID", exact=True)).to_be_visible(timeout=60_000)
    expect(ragged).to_contain_text("line 3 has 5 fields, header has 3")

    uploader.set_input_files(HOSTILE / "empty.csv")
    expect(page.get_by_role("alert")).to_contain_text("an empty file has no data")
    console.shot("02-invalid-and-empty-files")
    ragged.get_by_role("link", name="ragged_row.csv").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "This file could not be used: line 3 has 5 fields, header has 3"
    )
    console.shot("03-invalid-dataset")

    page.get_by_role("link", name="Messy files").click()
    page.get_by_label("Choose a file").set_input_files(PENGUINS)
    penguins = page.get_by_role("row", name=re.compile(r"penguins\.csv"))
    expect(penguins.get_by_text("READY", exact=True)).to_be_visible(timeout=60_000)
    penguins.get_by_role("link", name="penguins.csv").click()
    page.get_by_label("Target column").select_option("species")
    page.get_by_label("Time budget in seconds").fill("120")
    page.get_by_role("button", name="Start analysis").click()
    page.get_by_role("button", name="Cancel run").click()
    expect(page.get_by_text("CANCELLED", exact=True)).to_be_visible(timeout=60_000)
    expect(page.get_by_role("main").get_by_role("status").last).to_contain_text(
        "This run was cancelled"
    )
    expect(page.get_by_role("log", name="Run log")).to_contain_text("run cancelled by the user")
    expect(page.get_by_role("button", name="Cancel run")).to_be_hidden()
    console.shot("04-cancelled-run")

    assert page.title() != "1"
    unexpected = [e for e in console.errors if not EXPECTED_REFUSAL.match(e)]
    assert unexpected == []
