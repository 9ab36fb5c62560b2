"""The rejected-rows file of an import with --skip-invalid: each bad row as read, with reasons.

A CSV in UTF-8 with a BOM (so Excel opens it with the right characters): the spreadsheet row
number, the problems, then the row's cells under the file's own headings, so it can be fixed
and imported again. Cells that look like formulas get a leading apostrophe, as in every export
of this app, so that opening the file never runs one.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class RejectedRowsWriter:
    """Streams rejected rows to a CSV file, opened on the first row written."""

    def __init__(self, path: Path, headings: tuple[str, ...]) -> None:
        self.path = path
        self.headings = headings
        self._handle = None
        self._writer = None
        self.rows = 0

    def write(self, cells: pd.DataFrame, rows: pd.Series, reasons: pd.Series) -> None:
        """Write the rows of ``cells`` (all the file's columns) with their reasons."""
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._handle)
            self._writer.writerow(["row", "problems", *self.headings])
        for index, values in zip(cells.index, cells.itertuples(index=False), strict=True):
            self._writer.writerow(
                [int(rows[index]), reasons.get(index, ""), *(_safe(v) for v in values)]
            )
            self.rows += 1

    def close(self) -> str | None:
        """Close the file; its path, or None when no row was rejected."""
        if self._handle is None:
            return None
        self._handle.close()
        return str(self.path)
