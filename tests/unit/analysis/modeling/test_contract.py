"""The training schema as a contract: refusals name column and row; odd values are flagged."""

from __future__ import annotations

import pandas as pd
import pytest

from uam.analysis.modeling import SchemaViolation, check_frame, check_records

pytestmark = pytest.mark.unit
FEATURES = [
    {"name": "bill_length_mm", "dtype": "float", "kind": "numeric", "minimum": 32.1,
     "maximum": 59.6},
    {"name": "island", "dtype": "categorical", "kind": "categorical",
     "categories": ["Biscoe", "Dream", "Torgersen"]},
    {"name": "tagged", "dtype": "boolean", "kind": "boolean"},
    {"name": "seen_on", "dtype": "datetime", "kind": "datetime"},
]  # fmt: skip
GOOD = {"bill_length_mm": 40.5, "island": "Dream", "tagged": True, "seen_on": "2024-05-01"}


def refusal(records: list, **kwargs) -> SchemaViolation:
    with pytest.raises(SchemaViolation) as caught:
        check_records(records, FEATURES, **kwargs)
    return caught.value


def test_good_rows_come_back_typed_in_model_order() -> None:
    rows = [GOOD, {**GOOD, "bill_length_mm": "41", "tagged": "no", "island": None}]
    checked = check_records(rows, FEATURES)
    frame = checked.frame
    assert list(frame.columns) == [f["name"] for f in FEATURES]
    assert frame["bill_length_mm"].tolist() == [40.5, 41.0]
    assert frame["tagged"].tolist() == [True, False]
    assert frame["island"].iloc[0] == "Dream" and pd.isna(frame["island"].iloc[1])
    assert frame["seen_on"].iloc[0] == pd.Timestamp("2024-05-01")
    assert checked.warnings == [] and checked.flags == []


def test_a_wrong_type_names_the_column_the_row_and_the_value() -> None:
    error = refusal([GOOD, GOOD, {**GOOD, "bill_length_mm": "forty"}])
    assert str(error) == "row 3, column 'bill_length_mm': expected a number, got 'forty'"
    assert (error.problems[0].column, error.problems[0].row) == ("bill_length_mm", 3)
    assert "expected true or false, got 'maybe'" in str(refusal([{**GOOD, "tagged": "maybe"}]))
    assert "expected a number, got true" in str(refusal([{**GOOD, "bill_length_mm": True}]))
    assert "got an object" in str(refusal([{**GOOD, "island": {"a": 1}}]))
    assert "expected a date" in str(refusal([{**GOOD, "seen_on": "not a date"}]))
    assert "expected a date" in str(refusal([{**GOOD, "seen_on": 20240501}]))


def test_a_missing_column_is_refused_naming_it_and_the_row() -> None:
    row = {k: v for k, v in GOOD.items() if k != "island"}
    error = refusal([GOOD, row])
    assert str(error).startswith("row 2 has no column 'island'")
    table = pd.DataFrame([row])
    with pytest.raises(SchemaViolation, match="column 'island' is missing"):
        check_frame(table, FEATURES)


def test_every_problem_is_listed_up_to_a_limit_first_row_first() -> None:
    rows = [{**GOOD, "bill_length_mm": "x", "tagged": "?"} for _ in range(30)]
    error = refusal(rows)
    assert error.total == 60 and len(error.problems) == 20
    assert error.problems[0].row == 1 and str(error).endswith("(59 more problems listed)")


def test_no_rows_or_rows_that_are_not_objects_are_refused() -> None:
    assert "no rows to predict" in str(refusal([]))
    assert "row 2 is not an object" in str(refusal([GOOD, [1, 2, 3]]))
    with pytest.raises(SchemaViolation, match="no rows to predict"):
        check_frame(pd.DataFrame(columns=list(GOOD)), FEATURES)


def test_unseen_categories_and_numbers_out_of_range_are_flagged_per_row() -> None:
    rows = [GOOD, {**GOOD, "island": "Atlantis"}, {**GOOD, "bill_length_mm": 99}]
    checked = check_records(rows, FEATURES)
    assert [(f.row, f.column, f.kind) for f in checked.flags] == [
        (2, "island", "unseen_category"),
        (3, "bill_length_mm", "out_of_range"),
    ]
    assert "outside the training range 32.1 to 59.6" in checked.flags[1].message


def test_a_capped_category_list_flags_nothing() -> None:
    capped = [{**FEATURES[1], "categories": [f"c{i}" for i in range(200)]}]
    checked = check_records([{"island": "anything"}], capped)
    assert checked.flags == []


def test_extra_columns_and_the_target_are_ignored_with_a_warning() -> None:
    rows = [{**GOOD, "species": "Adelie", "note": "x"}]
    checked = check_records(rows, FEATURES, target="species")
    assert checked.warnings == [
        "column 'species' is what the model predicts; its values were ignored",
        "ignored 1 column(s) the model does not use: 'note'",
    ]


def test_a_csv_of_text_reads_like_json_rows() -> None:
    text = pd.DataFrame(
        {"bill_length_mm": ["40.5", ""], "island": ["Dream", ""], "tagged": ["yes", "0"],
         "seen_on": ["2024-05-01T10:00:00", " "]}
    )  # fmt: skip
    checked = check_frame(text, FEATURES)
    assert checked.frame["bill_length_mm"].iloc[0] == 40.5
    assert checked.frame.iloc[1].isna().tolist() == [True, True, False, True]
    assert checked.frame["tagged"].tolist() == [True, False]
