"""Ids of a table's export: its CSV and XLSX buttons, the download they fill and its status.

One ``ExportIds`` per exported table, named after the table (``caseloads-waiting``): the
layout draws the buttons from it (``layouts.export_buttons``) and the callbacks wire them
(``callbacks.exports``), so the four ids are spelled once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportIds:
    """'<table>-csv', '<table>-xlsx', '<table>-download' and '<table>-export-status'."""

    table: str

    @property
    def csv(self) -> str:
        """The CSV button."""
        return f"{self.table}-csv"

    @property
    def xlsx(self) -> str:
        """The XLSX button."""
        return f"{self.table}-xlsx"

    @property
    def download(self) -> str:
        """The ``dcc.Download`` both buttons fill."""
        return f"{self.table}-download"

    @property
    def status(self) -> str:
        """The line that says what was exported, or why not."""
        return f"{self.table}-export-status"
