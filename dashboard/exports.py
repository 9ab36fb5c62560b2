"""Exports of what a table shows, as CSV or XLSX: the pure part (no Dash, no request).

A page's export is built on the server from the same scoped query as its table (never from
the browser's copy of the rows), with the table's own columns and headers. Cells that a
spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) get a leading apostrophe, so ``=HYPERLINK("x")`` opens as text. Identity
columns are dropped for a scope that may not see identities, whatever the caller asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
IDENTITY_COLUMNS = frozenset({"mentee_code", "mentee_name"})
FORMATS = ("csv", "xlsx")
MAX_EXPORT_ROWS = 50_000
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportRefused(ValueError):
    """An export that may not be made (unknown format, too many rows); the message says why."""


@dataclass(frozen=True)
class ExportColumn:
    """One column of an exported table: the frame's field and the header the table shows."""

    field: str
    header: str


def escape_cell(value: object) -> object:
    """``value`` made safe for a spreadsheet: formula-looking text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _plain(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[arg-type]
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if hasattr(value, "item"):  # numpy scalars
        return value.item()  # type: ignore[union-attr]
    return value


def export_frame(
    df: pd.DataFrame, columns: Sequence[ExportColumn], see_identities: bool
) -> pd.DataFrame:
    """The table as it will be written: chosen columns, its headers, escaped plain values."""
    chosen = [c for c in columns if see_identities or c.field not in IDENTITY_COLUMNS]
    data = {
        c.header: [escape_cell(_plain(v)) for v in df.get(c.field, [None] * len(df))]
        for c in chosen
    }
    return pd.DataFrame(data, columns=[c.header for c in chosen], dtype="object")


def to_csv(table: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with a byte-order mark, so spreadsheet programs read accents right)."""
    return table.to_csv(index=False).encode("utf-8-sig")


def to_xlsx(table: pd.DataFrame, sheet: str = "Export") -> bytes:
    """XLSX bytes with one sheet, written by openpyxl through pandas."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, index=False, sheet_name=sheet[:31] or "Export")
    return buffer.getvalue()


def render(table: pd.DataFrame, fmt: str, sheet: str = "Export") -> bytes:
    """``table`` as ``fmt`` ('csv' or 'xlsx'); ExportRefused otherwise or when too large."""
    if fmt not in FORMATS:
        raise ExportRefused("Exports are CSV or XLSX.")
    if len(table) > MAX_EXPORT_ROWS:
        raise ExportRefused(f"This table is too large to export (over {MAX_EXPORT_ROWS:,} rows).")
    return to_csv(table) if fmt == "csv" else to_xlsx(table, sheet)


def filename(page: str, table: str, start: dt.date, end: dt.date, fmt: str) -> str:
    """'caseloads-follow-up-2026-01-01-to-2026-06-30.csv' (only safe characters)."""
    stem = re.sub(r"[^a-z0-9-]+", "-", f"{page}-{table}".lower()).strip("-")
    return f"{stem}-{start.isoformat()}-to-{end.isoformat()}.{fmt}"


def audit_detail(fmt: str, table: pd.DataFrame, sites: Sequence[int] | None) -> str:
    """What the audit trail says about an export: format, counts and sites, never a row."""
    where = "all sites" if sites is None else "sites " + ",".join(str(s) for s in sorted(sites))
    return f"format={fmt} rows={len(table)} columns={len(table.columns)} {where}"
