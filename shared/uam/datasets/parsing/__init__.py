"""Parse uploaded tabular files into typed Arrow tables with per-column profiles.

Pure: no AWS, no database. See README.md in this folder for the decisions behind the
inference rules.
"""

from uam.datasets.parsing.api import parse_file, write_parquet
from uam.datasets.parsing.errors import InvalidDataset
from uam.datasets.parsing.models import DTYPES, ColumnProfile, ParsedTable, ParseLimits

__all__ = [
    "DTYPES",
    "ColumnProfile",
    "InvalidDataset",
    "ParseLimits",
    "ParsedTable",
    "parse_file",
    "write_parquet",
]
