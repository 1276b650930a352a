"""Column-name hygiene shared by every reader."""

from __future__ import annotations

from collections.abc import Sequence

from uam.datasets.parsing.errors import InvalidDataset


def check_column_count(count: int, max_columns: int) -> None:
    if count > max_columns:
        raise InvalidDataset(
            f"the file has {count:,} columns; the limit is {max_columns:,} columns"
        )


def clean_names(raw: Sequence[object]) -> list[str]:
    """Blank names become col_N (1-based position); duplicates get _2, _3 ... suffixes.

    Duplicates are compared case-insensitively because the query engines downstream
    (Athena, DuckDB) treat "Name" and "name" as the same column.
    """
    names = []
    for i, value in enumerate(raw, start=1):
        name = "" if value is None else str(value)
        name = name.replace("\ufeff", "").strip()
        names.append(name or f"col_{i}")
    taken = {n.casefold() for n in names}
    seen: set[str] = set()
    result = []
    for name in names:
        key = name.casefold()
        if key in seen:
            suffix = 2
            while f"{key}_{suffix}" in taken:
                suffix += 1
            name = f"{name}_{suffix}"
            key = name.casefold()
            taken.add(key)
        seen.add(key)
        result.append(name)
    return result


def generated_names(count: int) -> list[str]:
    return [f"col_{i}" for i in range(1, count + 1)]
