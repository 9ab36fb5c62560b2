"""The export mechanism's pure part: escaping, identities, formats, names, audit detail."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from dashboard import exports

COLUMNS = [
    exports.ExportColumn("mentee_code", "Mentee code"),
    exports.ExportColumn("mentee_name", "Name"),
    exports.ExportColumn("note", "Note"),
    exports.ExportColumn("day", "Day"),
    exports.ExportColumn("n", "Count"),
]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "mentee_code": ["M-1", "M-2"],
            "mentee_name": ["Synthetic One", None],
            "note": ['=HYPERLINK("x")', "plain"],
            "day": [dt.date(2026, 1, 2), None],
            "n": [3, -4],
            "secret": ["not exported", "not exported"],
        }
    )


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_looking_text_is_escaped(start):
    assert exports.escape_cell(start + "1+1") == "'" + start + "1+1"


def test_numbers_and_plain_text_are_left_alone():
    assert exports.escape_cell(-4) == -4
    assert exports.escape_cell("plain") == "plain"
    assert exports.escape_cell(None) is None


def test_the_export_has_the_tables_columns_and_headers_only():
    table = exports.export_frame(_frame(), COLUMNS, see_identities=True)
    assert list(table.columns) == ["Mentee code", "Name", "Note", "Day", "Count"]
    assert table.iloc[0]["Note"] == '\'=HYPERLINK("x")'
    assert table.iloc[0]["Day"] == "2026-01-02"
    assert table.iloc[1]["Count"] == -4  # a negative number is a number, not a formula


def test_a_scope_without_identities_never_exports_them():
    table = exports.export_frame(_frame(), COLUMNS, see_identities=False)
    assert list(table.columns) == ["Note", "Day", "Count"]


def test_csv_opens_the_formula_as_text():
    content = exports.render(exports.export_frame(_frame(), COLUMNS, True), "csv")
    text = content.decode("utf-8-sig")
    assert '\'=HYPERLINK(""x"")' in text
    back = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    assert back.iloc[0]["Note"] == '\'=HYPERLINK("x")'


def test_xlsx_holds_text_not_a_formula():
    content = exports.render(exports.export_frame(_frame(), COLUMNS, True), "xlsx", "t")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [c.value for c in sheet[1]]
    assert header == ["Mentee code", "Name", "Note", "Day", "Count"]
    note = sheet.cell(row=2, column=3)
    assert note.data_type == "s" and note.value.startswith("'=")


def test_unknown_format_and_huge_tables_are_refused():
    table = exports.export_frame(_frame(), COLUMNS, True)
    with pytest.raises(exports.ExportRefused):
        exports.render(table, "pdf")
    big = pd.DataFrame({"x": range(exports.MAX_EXPORT_ROWS + 1)})
    with pytest.raises(exports.ExportRefused):
        exports.render(big, "csv")


def test_filename_and_audit_detail_hold_no_data():
    name = exports.filename("caseloads", "Follow up/../x", dt.date(2026, 1, 1),
                            dt.date(2026, 6, 30), "csv")  # fmt: skip
    assert name == "caseloads-follow-up-x-2026-01-01-to-2026-06-30.csv"
    table = exports.export_frame(_frame(), COLUMNS, True)
    detail = exports.audit_detail("csv", table, frozenset({2, 1}))
    assert detail == "format=csv rows=2 columns=5 sites 1,2"
    assert "Synthetic" not in detail and "M-1" not in detail
    assert exports.audit_detail("xlsx", table, None).endswith("all sites")
