"""The one way data-derived text reaches the PDF, and how numbers are written."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import datetime
from xml.sax.saxutils import escape as xml_escape

from uam.analysis.report.fonts import can_draw

MISSING = "—"  # shown where a value is absent
REPLACEMENT = "\ufffd"  # shown for a character the report font cannot draw
_FORMULA_START = ("=", "+", "-", "@")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def esc(value: object, limit: int | None = None) -> str:
    """Any value as safe Paragraph markup: cleaned, formula-neutralised, escaped, truncated."""
    return xml_escape(clean(value, limit))


def clean(value: object, limit: int | None = None) -> str:
    """Plain text (no markup) fit for the PDF: what `esc` escapes, and what the canvas draws."""
    text = "" if value is None else str(value)
    # Newlines and tabs inside a name would break a table row; one space reads the same.
    text = _CONTROL.sub(" ", text)
    text = "".join(_drawable(ch) for ch in text)
    stripped = text.lstrip()
    if stripped.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(stripped.rstrip()):
        # Copied into a spreadsheet this would run as a formula; the apostrophe makes it text.
        text = "'" + text
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 1)].rstrip() + "…"
    return text


def has_undrawable(value: object) -> bool:
    """Whether some character of the value will show as the replacement character."""
    text = "" if value is None else str(value)
    return any(_drawable(ch) == REPLACEMENT for ch in _CONTROL.sub(" ", text))


def _drawable(char: str) -> str:
    if can_draw(char):
        return char
    # Invisible joiners and variation selectors (emoji sequences) carry no glyph of their own.
    if unicodedata.category(char) in ("Cf", "Mn", "Me"):
        return ""
    return REPLACEMENT


def number(value: object) -> float | None:
    """A finite float, or None for anything else (None, NaN, text, bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    result = float(value)
    return result if math.isfinite(result) else None


def fmt_int(value: object) -> str:
    """1234 -> '1,234'."""
    num = number(value)
    return MISSING if num is None else f"{round(num):,}"


def fmt_num(value: object) -> str:
    """A readable number: about four significant digits, thousands separated."""
    num = number(value)
    if num is None:
        return MISSING
    if num == 0:
        return "0"
    size = abs(num)
    if size >= 1e9 or size < 1e-4:
        return f"{num:.3e}"
    if num.is_integer():
        return f"{int(num):,}"
    if size < 1:
        return f"{num:.3g}"  # %g drops trailing zeros itself
    decimals = max(0, 4 - (int(math.log10(size)) + 1))
    text = f"{num:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt_fixed(value: object, decimals: int = 3) -> str:
    """A number with fixed decimals, so a column of them lines up; large ones as `fmt_num`."""
    num = number(value)
    if num is None:
        return MISSING
    if abs(num) >= 10:
        return fmt_num(num)
    text = f"{num:.{decimals}f}"
    # -0.00004 rounds to "-0.000": a sign on a printed zero reads as a real negative score.
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def fmt_pct(value: object, *, fraction: bool = False, digits: int = 1) -> str:
    """A percentage; `fraction` means 0.25 is 25%."""
    num = number(value)
    if num is None:
        return MISSING
    if fraction:
        num *= 100
    return f"{num:.{digits}f}%"


def fmt_seconds(value: object) -> str:
    """Seconds as '0.4 s', '12 s' or '3 min 5 s'."""
    num = number(value)
    if num is None:
        return MISSING
    if num < 10:
        return f"{num:.1f} s"
    if num < 120:
        return f"{num:.0f} s"
    minutes, seconds = divmod(round(num), 60)
    return f"{minutes} min {seconds} s"


def fmt_timestamp(value: object) -> str:
    """An ISO timestamp as '22 Nov 2026, 08:00 UTC'; anything else cleaned as it is."""
    if not isinstance(value, str):
        return clean(value) if value is not None else ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return clean(value, 60)
    zone = " UTC" if moment.utcoffset() is not None and not moment.utcoffset() else ""
    return moment.strftime("%-d %b %Y, %H:%M") + zone
