"""A data analyst's whole journey through the console in headless Chromium: sign up, upload
straight to S3, follow a run, read the results, predict, ask, sign out; nothing logged as an
error by the page on the way."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PENGUINS, RunningStack
from tests.e2e.console.conftest import Console, create_account, create_project, heading

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
SPECIES = ("Adelie", "Chinstrap", "Gentoo")
RUN_TIMEOUT_MS = 240_000


def test_sign_up_upload_run_results_predict_ask_sign_out(console: Console, stack: RunningStack):
    page = console.page
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/console#/signin$"))
    expect(heading(page, "Sign in")).to_be_visible()
    console.shot("01-sign-in")
    page.get_by_role("link", name="Create an account").first.click()
    expect(heading(page, "Create an account")).to_be_visible()
    console.shot("02-sign-up")
    create_account(console)
    create_project(console, "Penguin study")
    console.shot("03-project-empty")

    # The file goes from the page straight to S3 (a presigned POST), never through the API.
    page.get_by_label("Choose a file").set_input_files(PENGUINS)
    dataset_row = page.get_by_role("row", name=re.compile(r"penguins\.csv"))
    expect(dataset_row.get_by_text("READY", exact=True)).to_be_visible(timeout=60_000)
    upload_bar = page.get_by_role("progressbar", name="Upload progress")
    expect(upload_bar).to_have_attribute("value", "100")
    uploads = console.requests_to("POST", stack.aws_url)
    assert len(uploads) == 1, [r.url for r in uploads]
    assert uploads[0].response().status in (200, 201, 204)
    assert not console.requests_to("POST", f"{stack.api_url}/datasets/upload")
    dataset_id = dataset_row.get_by_role("link").get_attribute("href").rsplit("/", 1)[-1]
    assert stored_upload(stack, uploads[0].url, dataset_id) == PENGUINS.read_bytes()
    console.shot("04-project-with-dataset")

    dataset_row.get_by_role("link", name="penguins.csv").click()
    expect(heading(page, "Columns")).to_be_visible()
    expect(page.get_by_text("344 rows \N{MULTIPLICATION SIGN} 8 columns")).to_be_visible()
    columns = page.get_by_role("region", name="Columns").get_by_role("row")
    expect(columns).to_have_count(9)  # the header and one row a column
    expect(heading(page, "First 20 rows")).to_be_visible()
    console.shot("05-dataset")

    # A question in plain English: what was computed, the table, the chart.
    page.get_by_label("Your question").fill("average body_mass_g by species")
    page.get_by_role("button", name="Ask").click()
    expect(heading(page, "What was computed")).to_be_visible()
    answer = page.get_by_role("table").filter(has_text="Adelie").first
    for species in SPECIES:
        expect(answer.get_by_role("cell", name=species, exact=True)).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("Chart of the answer"))
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    console.shot("06-question")

    page.get_by_label("Target column").select_option("species")
    page.get_by_label("Time budget in seconds").fill("10")
    page.get_by_role("button", name="Start analysis").click()
    expect(heading(page, "Predicting species")).to_be_visible()
    stages = page.get_by_role("list", name="Stages").get_by_role("listitem")
    expect(stages).to_have_count(5)
    expect(page.get_by_role("log", name="Run log")).to_contain_text("run queued on penguins.csv")
    console.shot("07-run-in-progress")

    expect(heading(page, "Leaderboard")).to_be_visible(timeout=RUN_TIMEOUT_MS)
    expect(page.get_by_text("SUCCEEDED", exact=True)).to_be_visible()
    expect(page.get_by_role("progressbar", name="Run progress")).to_have_attribute("value", "100")
    for stage in stages.all():
        expect(stage).to_contain_text("done")
    expect(page.get_by_role("button", name="Cancel run")).to_be_hidden()
    quality = page.get_by_role("region", name="Data quality")
    expect(quality).to_contain_text("344 rows \N{MULTIPLICATION SIGN} 8 columns; 19 cells missing")
    leaderboard = page.get_by_role("region", name="Leaderboard").get_by_role("row")
    expect(leaderboard.filter(has_text="baseline")).to_have_count(1)
    assert leaderboard.count() >= 3  # the header, at least one model, the baseline

    # Every chart of the gallery is an image the browser loaded from its presigned link.
    gallery = page.get_by_role("region", name=re.compile(r"^Charts")).get_by_role("img")
    expect(gallery.first).to_be_visible()
    assert gallery.count() >= 5
    page.wait_for_function(
        "() => [...document.querySelectorAll('.gallery img')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    console.shot("08-run-results")
    page.get_by_role("button", name="Open chart: Missing values by column").click()
    viewer = page.get_by_role("dialog", name="Missing values by column")
    expect(viewer).to_be_visible()
    assert viewer.get_by_role("img").evaluate("img => img.naturalWidth") > 300
    console.shot("09-chart")
    viewer.get_by_role("button", name="Close").click()
    expect(viewer).to_be_hidden()

    # The PDF: opened in a tab from the authenticated route, and downloaded from its link.
    with page.expect_response(lambda r: "/download?inline=1" in r.url) as pdf_answer:
        with page.context.expect_page() as tab:
            page.get_by_role("button", name="Open report").click()
    assert pdf_answer.value.status == 200
    assert pdf_answer.value.header_value("content-type") == "application/pdf"
    report_tab = tab.value
    expect(report_tab).to_have_url(re.compile(r"^blob:"))
    report_tab.wait_for_timeout(1500)  # the viewer draws the first page
    report_tab.screenshot(path=console.shots / "10-report.png")
    report_tab.close()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == "report.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")

    # One row through the best model, from the form its feature schema made.
    page.get_by_role("link", name=re.compile("^Predict with")).first.click()
    expect(heading(page, "One row")).to_be_visible()
    expect(page.get_by_label("island")).to_have_value("Torgersen")  # the dataset's first row
    page.get_by_role("button", name="Predict", exact=True).click()
    predicted = page.locator(".prediction-value")
    expect(predicted).to_be_visible()
    assert predicted.text_content() in SPECIES
    probabilities = page.get_by_role("list", name="Probability of each class")
    expect(probabilities.get_by_role("listitem")).to_have_count(3)
    console.shot("11-predict")

    kept = json.loads(page.evaluate("sessionStorage.getItem('uam.session')"))
    page.get_by_role("button", name="Sign out").click()
    expect(heading(page, "Sign in")).to_be_visible()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('uam.session')") is None
    console.shot("12-signed-out")

    # Tokens travel only in the Authorization header: never in an address the page asked for.
    for request in console.requests:
        assert kept["access"] not in request.url and kept["refresh"] not in request.url
    assert console.errors == []


def stored_upload(stack: RunningStack, bucket_url: str, dataset_id: str) -> bytes:
    """The bytes S3 holds for the dataset's upload (its key names the dataset)."""
    s3 = stack.aws("s3")
    bucket = bucket_url.rstrip("/").rsplit("/", 1)[-1]
    listed = s3.list_objects_v2(Bucket=bucket, Prefix="uploads/")["Contents"]
    (key,) = [o["Key"] for o in listed if f"/{dataset_id}/" in o["Key"]]
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()
