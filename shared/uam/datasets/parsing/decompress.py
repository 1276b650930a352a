"""Streaming gunzip with a hard cap on the decompressed size (zip-bomb defence)."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from uam.datasets.parsing.errors import InvalidDataset

_CHUNK = 1024 * 1024


def human_bytes(n: int) -> str:
    # Exact units only: "4 GiB" reads well, "97.7 KiB" for a 100,000-byte limit does not.
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n:,} bytes"


def gunzip_capped(src: Path, dest: Path, cap: int) -> int:
    """Decompress src into dest; stop as soon as the output would pass `cap` bytes.

    Reading in bounded chunks means a bomb costs at most `cap` bytes of disk and one chunk
    of memory before we give up.
    """
    written = 0
    try:
        with gzip.open(src, "rb") as fin, dest.open("wb") as fout:
            while True:
                chunk = fin.read(min(_CHUNK, cap - written + 1))
                if not chunk:
                    break
                written += len(chunk)
                if written > cap:
                    raise InvalidDataset(
                        f"decompressed size exceeds the {human_bytes(cap)} limit; "
                        "upload a smaller file or split it"
                    )
                fout.write(chunk)
    except EOFError as exc:
        raise InvalidDataset(
            "the gzip file is truncated (it ends before the end of the compressed data); "
            "upload it again"
        ) from exc
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise InvalidDataset(f"the gzip file is corrupt ({exc}); upload it again") from exc
    if written == 0:
        raise InvalidDataset("empty file: the gzip archive decompresses to nothing")
    return written
