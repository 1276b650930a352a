"""What the question answerer knows about a table: its columns, their types, categories.

`TableSchema.from_parquet` reads the Parquet file once with DuckDB (through the same locked
connection the answers use): each column's engine type, the number of rows, missing values
per column, and the distinct values of label columns (capped), so a value in a question can
be matched to the spelling the data stores ("island is biscoe" -> 'Biscoe').
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uam.nlq.execute import Limits

NUMERIC = ("integer", "float")
LABELS = ("categorical", "text", "id")
UAM_DTYPES = ("integer", "float", "boolean", "datetime", "categorical", "text", "id")
# A column of a type the answerer cannot reason about (lists, structs, blobs): it is listed
# and counted, never filtered or aggregated.
OTHER = "other"

DEFAULT_MAX_CATEGORIES = 200


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    dtype: str  # a UAM dtype (see UAM_DTYPES) or OTHER
    sql_type: str = ""  # the engine's type of the stored column (e.g. BIGINT, VARCHAR)
    missing: int = 0
    # Distinct non-missing values of a label column, sorted; None when not read.
    categories: tuple[str, ...] | None = None
    # False when the column had more distinct values than the cap: a value absent from
    # `categories` may still be in the data.
    categories_complete: bool = False

    @property
    def numeric(self) -> bool:
        return self.dtype in NUMERIC

    @property
    def label(self) -> bool:
        return self.dtype in LABELS


@dataclass(frozen=True)
class TableSchema:
    columns: tuple[ColumnInfo, ...]
    row_count: int | None = None

    def column(self, name: str) -> ColumnInfo | None:
        for col in self.columns:
            if col.name == name:
                return col
        return None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @classmethod
    def from_parquet(
        cls,
        path: Path | str,
        column_types: dict[str, str] | None = None,
        *,
        max_categories: int = DEFAULT_MAX_CATEGORIES,
        limits: Limits | None = None,
    ) -> TableSchema:
        """The schema of the Parquet file at `path`.

        `column_types` are the dataset's UAM dtypes by column name (what ingest recorded);
        a column it does not name gets a dtype from its engine type.
        """
        from uam.nlq.execute import Limits, Session, describe_parquet

        limits = limits or Limits()
        column_types = column_types or {}
        described = describe_parquet(Path(path), limits)
        columns = tuple(
            ColumnInfo(
                name=name,
                dtype=_dtype(column_types.get(name), sql_type),
                sql_type=sql_type,
            )
            for name, sql_type in described
        )
        filled = []
        with Session(Path(path), cls(columns=columns), limits) as session:
            counts = "".join(f", count({quote_ident(c.name)})" for c in columns)
            stats = session.fetch(f"SELECT count(*){counts} FROM data", ()).rows[0]
            rows = int(stats[0])
            for col, present in zip(columns, stats[1:], strict=True):
                col = replace(col, missing=rows - int(present))
                if col.label:
                    ident = quote_ident(col.name)
                    values = session.fetch(
                        f"SELECT DISTINCT {ident} FROM data WHERE {ident} IS NOT NULL LIMIT ?",
                        (max_categories + 1,),
                    ).rows
                    kept = sorted(str(v[0]) for v in values[:max_categories])
                    col = replace(
                        col,
                        categories=tuple(kept),
                        categories_complete=len(values) <= max_categories,
                    )
                filled.append(col)
        return cls(columns=tuple(filled), row_count=rows)


def quote_ident(name: str) -> str:
    """A SQL identifier: double quotes around it, embedded double quotes doubled."""
    if "\x00" in name:
        raise ValueError("a column name holds a NUL character")
    return '"' + name.replace('"', '""') + '"'


_INTEGER_SQL = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT")
_INTEGER_SQL += ("UINTEGER", "UBIGINT", "UHUGEINT")
_FLOAT_SQL = ("FLOAT", "DOUBLE", "REAL")


def _dtype(given: str | None, sql_type: str) -> str:
    if given in UAM_DTYPES:
        return given
    base = sql_type.upper()
    if base in _INTEGER_SQL:
        return "integer"
    if base in _FLOAT_SQL or base.startswith("DECIMAL"):
        return "float"
    if base == "BOOLEAN":
        return "boolean"
    if base.startswith(("TIMESTAMP", "DATE")):
        return "datetime"
    if base == "VARCHAR":
        return "text"
    return OTHER
