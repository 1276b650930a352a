"""Split a question into tokens: words, numbers, dates, quoted text, comparison signs.

Anything else (semicolons, brackets other than a list's parentheses, stars, backslashes,
control characters) makes the question unreadable: the translator answers Unsupported
rather than skipping what it does not know.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUESTION_CHARS = 1000
MAX_TOKENS = 80


class TokenError(ValueError):
    pass


@dataclass(frozen=True)
class Token:
    kind: str  # word | number | date | string | op | comma | lparen | rparen
    text: str  # as written (a string's text without its quotes)
    low: str  # casefolded word; normalised sign for op

    @property
    def number(self) -> int | float:
        value = float(self.text)
        if re.fullmatch(r"[-+]?\d+", self.text):
            return int(self.text)
        return value


_QUOTES = {'"': '"', "'": "'", "`": "`", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_WORD = re.compile(r"\w+(?:['\u2019\-]\w+)*", re.UNICODE)
_OPS = ("<=", ">=", "!=", "<>", "==", "=", "<", ">")
_OP_NAMES = {"<>": "!=", "==": "="}
# Contractions a question may use; expanded so the grammar sees plain words.
_CONTRACTIONS = {
    "what's": ["what", "is"],
    "whats": ["what", "is"],
    "that's": ["that", "is"],
    "there's": ["there", "is"],
    "it's": ["it", "is"],
    "isn't": ["is", "not"],
    "aren't": ["are", "not"],
    "doesn't": ["does", "not"],
    "don't": ["do", "not"],
    "didn't": ["did", "not"],
    "wasn't": ["was", "not"],
    "weren't": ["were", "not"],
    "haven't": ["have", "not"],
    "hasn't": ["has", "not"],
    "can't": ["can", "not"],
    "i'd": ["i", "would"],
}


def tokenize(question: str) -> list[Token]:
    if len(question) > MAX_QUESTION_CHARS:
        raise TokenError(f"the question is longer than {MAX_QUESTION_CHARS:,} characters")
    text = unicodedata.normalize("NFKC", question).strip()
    # One closing mark is fine: "How many rows?" / "Average salary."
    text = re.sub(r"\s*[?.!]+$", "", text)
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        for scan in (_quoted, _date, _number, _sign, _punctuation, _word):
            end = scan(text, i, tokens)
            if end is not None:
                i = end
                break
        else:
            raise TokenError(f"the question holds a character it cannot read: {text[i]!r}")
        if len(tokens) > MAX_TOKENS:
            raise TokenError(f"the question has more than {MAX_TOKENS} words")
    return tokens


def _quoted(text: str, i: int, tokens: list[Token]) -> int | None:
    ch = text[i]
    if ch not in _QUOTES or (i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")):
        return None
    close = text.find(_QUOTES[ch], i + 1)
    if close < 0:
        raise TokenError("a quote is not closed")
    inner = text[i + 1 : close]
    if not inner.strip() or any(unicodedata.category(c) in ("Cc", "Cf") for c in inner):
        raise TokenError("an empty or unreadable quoted text")
    tokens.append(Token("string", inner, inner.casefold()))
    return close + 1


def _date(text: str, i: int, tokens: list[Token]) -> int | None:
    m = _DATE.match(text, i)
    if not m or not _boundary(text, m.end()):
        return None
    tokens.append(Token("date", m.group(), m.group()))
    return m.end()


def _number(text: str, i: int, tokens: list[Token]) -> int | None:
    m = _NUMBER.match(text, i)
    if not m or not _boundary(text, m.end()):
        return None
    if text[i] in "+-" and not _sign_allowed(tokens):
        return None
    tokens.append(Token("number", m.group(), m.group()))
    return m.end()


def _sign(text: str, i: int, tokens: list[Token]) -> int | None:
    op = next((o for o in _OPS if text.startswith(o, i)), None)
    if op is None:
        return None
    tokens.append(Token("op", op, _OP_NAMES.get(op, op)))
    return i + len(op)


def _punctuation(text: str, i: int, tokens: list[Token]) -> int | None:
    kind = {",": "comma", "(": "lparen", ")": "rparen"}.get(text[i])
    if kind is None:
        return None
    tokens.append(Token(kind, text[i], text[i]))
    return i + 1


def _word(text: str, i: int, tokens: list[Token]) -> int | None:
    m = _WORD.match(text, i)
    if not m:
        return None
    word = m.group().replace("\u2019", "'")
    low = word.casefold()
    if low in _CONTRACTIONS:
        tokens.extend(Token("word", w, w) for w in _CONTRACTIONS[low])
    else:
        tokens.append(Token("word", word, low))
    return m.end()


def _boundary(text: str, end: int) -> bool:
    return end >= len(text) or not (text[end].isalnum() or text[end] == "_")


def _sign_allowed(tokens: list[Token]) -> bool:
    """A leading + or - belongs to the number unless it follows a value (5-3 is not read)."""
    return not tokens or tokens[-1].kind in ("op", "comma", "lparen", "word")
