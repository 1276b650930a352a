"""The rendered PDF: what a reader finds in it, and that odd content never breaks it."""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from tests.unit.analysis.report.sample_content import HOSTILE, build_content
from uam.analysis.report import render_report

pytestmark = pytest.mark.unit


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def _flat(text: str) -> str:
    # Wrapped cells break lines inside a value; searching the text joined on spaces is fairer.
    return " ".join(text.split())


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("charts")


@pytest.fixture(scope="module")
def full(charts: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path, int]:
    content = build_content(charts)
    out = tmp_path_factory.mktemp("report") / "report.pdf"
    return content, out, render_report(content, out)


def test_full_report_has_every_section_and_counts_its_pages(full) -> None:
    _content, out, pages = full
    assert pages > 3
    assert pages == len(pypdf.PdfReader(out).pages)
    text = _flat(_text(out))
    for heading in (
        "Summary",
        "Data overview",
        "Data-quality alerts",
        "Charts",
        "Model comparison",
        "Best model: LightGBM",
        "What the model relies on",
        "Columns left out of training",
        "Models that failed",
        "Notes",
        "How this analysis was made",
    ):
        assert heading in text, heading
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_summary_page_says_what_came_out_in_words(full) -> None:
    _content, out, _pages = full
    first = _flat(pypdf.PdfReader(out).pages[0].extract_text())
    assert "344 rows" in first and "20 columns" in first
    assert "LightGBM predicts species with 97% balanced accuracy on 67 held-out rows" in first
    assert "33% for always guessing the most frequent class" in first
    assert "8 alerts" in first


def test_hostile_names_appear_literally_and_formulas_as_text(full) -> None:
    _content, out, _pages = full
    text = _flat(_text(out))
    assert HOSTILE["markup"] in text
    assert HOSTILE["ampersand"] in text
    assert "penguins & friends <2026>.csv" in text
    assert "'" + HOSTILE["hyperlink"] in text
    assert "'+1-2" in text and "'@SUM(A1)" in text
    # Formulas never appear without their apostrophe; plain numbers never get one.
    assert text.count(HOSTILE["hyperlink"]) == text.count("'" + HOSTILE["hyperlink"])
    assert "-1.5" in text and "'-1.5" not in text
    assert "first line second line" in text
    assert "customer lifetime value estimate customer" in text and "…" in text
    # The model error message carries markup-looking text; it is shown, not parsed.
    assert "could not allocate <big> array" in text


def test_leaderboard_lists_every_model_and_the_baseline(full) -> None:
    content, out, _pages = full
    text = _flat(_text(out))
    for name in ("LightGBM", "Logistic regression", "Hist. gradient boosting", "Extra trees"):
        assert name in text
    assert "0.980 ± 0.012" in text
    assert content["baseline"]["name"] in text


def test_profile_only_report_has_no_model_sections(charts: Path, tmp_path: Path) -> None:
    content = build_content(charts, with_target=False)
    out = tmp_path / "eda.pdf"
    pages = render_report(content, out)
    text = _flat(_text(out))
    assert pages >= 3
    assert "No target column was chosen, so only a profile of the data was made" in text
    assert "Data overview" in text and "Charts" in text
    for absent in ("Model comparison", "Best model", "held-out", "LightGBM", "How this analysis"):
        assert absent not in text, absent


@pytest.mark.parametrize(
    "key",
    [
        "title",
        "generated_at",
        "dataset",
        "target",
        "task",
        "metric",
        "profile",
        "charts",
        "preparation",
        "leaderboard",
        "baseline",
        "best_model",
        "failed_models",
        "notes",
    ],
)
def test_any_missing_key_still_renders(full, key: str, tmp_path: Path) -> None:
    content = copy.deepcopy(full[0])
    del content[key]
    assert render_report(content, tmp_path / "r.pdf") >= 2


def test_every_key_none_still_renders(full, tmp_path: Path) -> None:
    content = dict.fromkeys(full[0])
    assert render_report(content, tmp_path / "none.pdf") >= 1


def test_empty_and_malformed_content_still_renders(tmp_path: Path) -> None:
    assert render_report({}, tmp_path / "empty.pdf") >= 1
    assert "Data analysis report" in _text(tmp_path / "empty.pdf")
    odd = {
        "target": "y",
        "task": "regression",
        "metric": "rmse",
        "dataset": "not a dict",
        "profile": {
            "columns_profile": [None, {"name": None}, {"name": "n", "mean": float("nan")}],
            "alerts": [{"severity": "catastrophic"}, "text"],
            "sample": {"sampled": True},
        },
        "charts": [{"path": str(tmp_path / "missing.png"), "title": "gone"}, {"path": None}],
        "leaderboard": [{"name": "ridge", "cv_score": "high", "holdout": None}, {"rank": "1"}],
        "best_model": {"name": "ridge", "importances": [{"feature": None}], "confusion": 7},
        "notes": [None, "", 12],
    }
    (tmp_path / "not-an-image.png").write_text("hello")
    odd["charts"].append({"path": str(tmp_path / "not-an-image.png"), "title": "broken"})
    assert render_report(odd, tmp_path / "odd.pdf") >= 2


def test_regression_report_and_confusion_table_fallback(full, tmp_path: Path) -> None:
    content = copy.deepcopy(full[0])
    content["best_model"]["diagnostic_chart"] = None
    text = _flat(_text(_render(content, tmp_path / "cls.pdf")))
    assert "actual \\ predicted" in text  # no chart: the matrix is drawn as a table

    content |= {"task": "regression", "metric": "rmse", "target": "price"}
    content["baseline"] = {"name": "baseline (mean)", "holdout": {"rmse": 2345.6, "r2": 0.0}}
    content["best_model"]["holdout"] = {"rmse": 1234.5, "r2": 0.87, "mae": 800.0}
    text = _flat(_text(_render(content, tmp_path / "reg.pdf")))
    assert "LightGBM predicts price with RMSE 1,234 on 67 held-out rows" in text
    assert "against 2,346 for always predicting the training mean (lower is better)" in text


def test_wide_table_of_many_long_unicode_columns_renders(tmp_path: Path) -> None:
    columns = [
        {"name": f"列名 {i} " + "very long column name " * 10, "dtype": "text", "unique": i}
        for i in range(400)
    ]
    content = {"profile": {"rows": 10, "columns": 400, "columns_profile": columns}}
    pages = render_report(content, tmp_path / "wide.pdf")
    text = _flat(_text(tmp_path / "wide.pdf"))
    assert pages > 5
    assert "The first 300 of 400 columns are shown." in text


def _render(content: dict, out: Path) -> Path:
    render_report(content, out)
    return out


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler not installed")
def test_every_page_rasterises(full, tmp_path: Path) -> None:
    _content, out, pages = full
    subprocess.run(
        ["pdftoppm", "-png", "-r", "20", str(out), str(tmp_path / "p")], check=True, timeout=60
    )
    assert len(list(tmp_path.glob("p-*.png"))) == pages
