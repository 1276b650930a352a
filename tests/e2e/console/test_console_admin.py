"""The admin page, as an administrator uses it: the service's numbers, finding a user and
disabling then enabling the account, the run logs."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ADMIN_EMAIL, RunningStack
from tests.e2e.console.conftest import PASSWORD, Console, heading

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def test_an_admin_finds_a_user_and_disables_the_account(console: Console, stack: RunningStack):
    someone = f"someone-{uuid.uuid4().hex[:8]}@example.com"
    with stack.http() as http:
        for email in (ADMIN_EMAIL, someone):  # the admin may have signed up in another test
            body = {"name": "Admin" if email == ADMIN_EMAIL else "Someone", "email": email}
            answer = http.post("/auth/register", json={**body, "password": PASSWORD})
            assert answer.status_code in (201, 409), answer.text
    page = console.page
    page.goto("/console#/signin")
    page.get_by_label("Email").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    expect(heading(page, "Admin")).to_be_visible()
    for title in ("The service", "Users", "Run logs"):
        expect(heading(page, title)).to_be_visible()
    expect(page.get_by_role("region", name="The service")).to_contain_text("users (")
    console.shot("01-admin")

    page.get_by_label("Find users").fill(someone)
    page.get_by_role("button", name="Search").click()
    row = page.get_by_role("row").filter(has_text=someone)
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Disable").click()
    expect(row).to_contain_text("disabled")
    with stack.http() as http:
        refused = http.post("/auth/login", json={"email": someone, "password": PASSWORD})
    assert refused.status_code == 401
    console.shot("02-user-disabled")
    row.get_by_role("button", name="Enable").click()
    expect(row).to_contain_text("active")
    assert console.errors == []
