"""Guess a text file's encoding from a prefix and transcode it to UTF-8 for pyarrow."""

from __future__ import annotations

import codecs
from pathlib import Path

from uam.datasets.parsing.errors import InvalidDataset

UTF8 = "utf-8"
UTF8_SIG = "utf-8-sig"
# Reported when the file is mostly UTF-8 but holds stray bytes from another encoding
# (typically concatenated exports); those bytes are read as cp1252.
MIXED = "utf-8+cp1252"
_FALLBACK_ERRORS = "uam-cp1252-bytes"
_CHUNK = 4 * 1024 * 1024
# Control characters that never appear in real text files (tab, LF, FF, CR, ESC allowed).
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 27}


def _bytes_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode the offending bytes as cp1252 instead of failing.

    The five bytes cp1252 leaves undefined fall back to Latin-1 so nothing is ever lost.
    """
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    text = "".join(
        bytes([b]).decode("cp1252", errors="ignore") or bytes([b]).decode("latin-1") for b in bad
    )
    return text, exc.end


codecs.register_error(_FALLBACK_ERRORS, _bytes_as_cp1252)


def detect_encoding(prefix: bytes) -> str:
    """Return a Python codec name for the text in prefix, or raise for binary data."""
    if prefix.startswith(codecs.BOM_UTF8):
        return UTF8_SIG
    if prefix.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if prefix.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in prefix:
        guessed = _bomless_utf16(prefix)
        if guessed:
            return guessed
        raise InvalidDataset("the file contains binary data (NUL bytes), not text")
    sample = prefix[:8192]
    if sum(1 for b in sample if b in _CONTROL) > max(8, len(sample) // 100):
        raise InvalidDataset("the file contains binary data (control characters), not text")
    try:
        # final=False: a multi-byte character cut by the prefix boundary is not an error.
        codecs.getincrementaldecoder(UTF8)().decode(prefix, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return UTF8


def _bomless_utf16(prefix: bytes) -> str | None:
    """UTF-16 without BOM shows NULs on every other byte for ASCII text."""
    sample = prefix[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even_nul = sample[0::2].count(0) / half
    odd_nul = sample[1::2].count(0) / half
    if odd_nul > 0.7 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.7 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def needs_transcoding(encoding: str) -> bool:
    # pyarrow reads UTF-8 natively and skips a UTF-8 BOM itself.
    return encoding not in (UTF8, UTF8_SIG)


def transcode_to_utf8(src: Path, dest: Path, encoding: str) -> None:
    """Stream src (in `encoding`, or MIXED) into dest as UTF-8 without a BOM."""
    codec = UTF8 if encoding == MIXED else encoding
    decoder = codecs.getincrementaldecoder(codec)(errors=_FALLBACK_ERRORS)
    first = True
    with src.open("rb") as fin, dest.open("wb") as fout:
        while True:
            chunk = fin.read(_CHUNK)
            text = decoder.decode(chunk, final=not chunk)
            if first and text:
                text = text.removeprefix("\ufeff")
                first = False
            if text:
                fout.write(text.encode(UTF8, errors="replace"))
            if not chunk:
                break
