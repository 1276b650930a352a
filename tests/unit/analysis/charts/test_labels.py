"""Names from the data become safe filenames and short, drawable labels."""

from __future__ import annotations

import pytest

from uam.analysis.charts.labels import chart_filename, display, shorten, slugify

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("bill_length_mm", "bill_length_mm"),
        ("Café Crème", "cafe_creme"),
        ("=cmd()", "cmd"),
        ("<script>alert(1)</script>", "script_alert_1_script"),
        ("../../etc/passwd", "etc_passwd"),
        ("\U0001f600", "column"),
        ("", "column"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_slugs_are_bounded_and_the_index_keeps_similar_names_apart() -> None:
    assert len(slugify("a" * 500)) == 40
    first = chart_filename("distribution", "a" * 500 + "1", 3)
    second = chart_filename("distribution", "a" * 500 + "2", 4)
    assert first != second and first.startswith("distribution-03-")
    assert chart_filename("missing") == "missing.png"


def test_labels_are_one_short_line_and_never_mathematics() -> None:
    assert shorten("x" * 100, 10) == "x" * 9 + "\u2026"
    assert shorten("two\nlines\there") == "two lines here"
    assert display("cost in $ and $$") == r"cost in \$ and \$\$"
    assert display("\u65e5") == "\u25a1"  # a glyph the font lacks becomes a box
