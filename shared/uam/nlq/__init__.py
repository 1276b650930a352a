"""Natural-language questions over one dataset, answered safely.

Pure: no AWS, no database, no HTTP. A question becomes a typed `Plan` (translator.py),
is checked against the table's schema (validate.py), turned into parameterised SQL
(sql.py) and run by a locked-down DuckDB over the dataset's Parquet file (execute.py).
What is not understood is answered "unsupported", with example questions.
"""

from uam.nlq.answer import ChartSpec, NlqResult, answer_question
from uam.nlq.examples import example_questions
from uam.nlq.execute import (
    Limits,
    NlqExecutionError,
    QueryOutOfMemory,
    QueryTimeout,
)
from uam.nlq.plan import Filter, Order, Plan, Unsupported
from uam.nlq.schema import ColumnInfo, TableSchema
from uam.nlq.tokens import MAX_QUESTION_CHARS
from uam.nlq.translator import RuleTranslator, Translator
from uam.nlq.validate import InvalidPlan, validate

__all__ = [
    "MAX_QUESTION_CHARS",
    "ChartSpec",
    "ColumnInfo",
    "Filter",
    "InvalidPlan",
    "Limits",
    "NlqExecutionError",
    "NlqResult",
    "Order",
    "Plan",
    "QueryOutOfMemory",
    "QueryTimeout",
    "RuleTranslator",
    "TableSchema",
    "Translator",
    "Unsupported",
    "answer_question",
    "example_questions",
    "validate",
]
