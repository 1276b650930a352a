"""The single escaping function and the number formats the report relies on."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from uam.analysis.report.styles import CONTENT_WIDTH, styles
from uam.analysis.report.tables import data_table
from uam.analysis.report.text import (
    REPLACEMENT,
    clean,
    esc,
    fmt_fixed,
    fmt_num,
    fmt_pct,
    fmt_seconds,
    has_undrawable,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1-2", "'+1-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("  =1+1", "'  =1+1"),
        ("\t=1+1", "' =1+1"),
    ],
)
def test_formula_looking_values_become_text(raw: str, shown: str) -> None:
    assert clean(raw) == shown


@pytest.mark.parametrize("raw", ["-1.5", "+3", "-1,234.5", "-2e-05", "-7%", "0.25", "plain"])
def test_numbers_and_ordinary_words_are_untouched(raw: str) -> None:
    assert clean(raw) == raw


def test_markup_is_escaped_once() -> None:
    assert esc("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    # The escaped text parses as literal characters, not as bold markup.
    para = Paragraph(esc("<b>x</b> & y"), styles().body)
    assert "".join(frag.text for frag in para.frags) == "<b>x</b> & y"


def test_control_characters_and_newlines_become_spaces() -> None:
    assert clean("first\nsecond\r\nthird\x00end") == "first second  third end"


def test_characters_the_font_lacks_are_replaced_not_dropped() -> None:
    assert clean("销售额") == REPLACEMENT * 3
    assert clean("mood 😀") == f"mood {REPLACEMENT}"
    assert has_undrawable("销售额") and not has_undrawable("café ü ñ")


def test_truncation_marks_the_cut_with_an_ellipsis() -> None:
    shown = clean("x" * 300, 40)
    assert len(shown) == 40 and shown.endswith("…")
    assert clean("short", 40) == "short"


def test_none_and_non_strings() -> None:
    assert esc(None) == ""
    assert esc(3.5) == "3.5"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (1234.56, "1,235"),
        (43.921, "43.92"),
        (1.5, "1.5"),
        (0.05461, "0.0546"),
        (2_000_000, "2,000,000"),
        (3.2e12, "3.200e+12"),
        (float("nan"), "—"),
        (None, "—"),
        ("12", "—"),
        (True, "—"),
    ],
)
def test_fmt_num(value: object, shown: str) -> None:
    assert fmt_num(value) == shown


def test_other_formats() -> None:
    assert fmt_pct(0.971, fraction=True, digits=0) == "97%"
    assert fmt_pct(2.756, digits=2) == "2.76%"
    assert fmt_seconds(1.24) == "1.2 s"
    assert fmt_seconds(185) == "3 min 5 s"


def test_a_score_that_rounds_to_zero_shows_no_sign() -> None:
    # A mean-predicting baseline scores R2 -0.00004: it must read 0.000, not "-0.000".
    assert fmt_fixed(-0.00004) == "0.000"
    assert fmt_fixed(-0.0123) == "-0.012"
    assert fmt_fixed(-3.2) == "-3.200"


def test_tables_never_exceed_the_content_width() -> None:
    long_word = "y" * 300
    table = data_table(
        ["a", "b", "c"], [[esc(long_word), esc(long_word, 90), "1"]], [0.5, 0.3, 0.2]
    )
    width, _height = table.wrap(CONTENT_WIDTH, 10_000)
    assert width <= CONTENT_WIDTH + 0.01
