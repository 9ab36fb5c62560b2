"""Ids of a table's export: its CSV and XLSX buttons, the download they fill and its status.

One ``ExportIds`` per exported table, named after the table (``export_ids("caseloads-waiting")``):
the layout draws the buttons from it (``layouts.data_grid.export_buttons``) and the callbacks
wire them (``callbacks.exports.TableExport``), so the four ids are spelled once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportIds:
    """The CSV and XLSX buttons, the ``dcc.Download`` both fill, and the line that says what
    was exported (or why not)."""

    csv: str
    xlsx: str
    download: str
    status: str


def export_ids(table: str) -> ExportIds:
    """'<table>-csv', '<table>-xlsx', '<table>-download' and '<table>-export-status'."""
    return ExportIds(f"{table}-csv", f"{table}-xlsx", f"{table}-download", f"{table}-export-status")
