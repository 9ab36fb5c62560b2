"""Wiring a table's CSV / XLSX buttons to a server-side export (the pure part: dashboard.exports).

A ``TableExport`` adds one callback per table: a click re-runs the table's own scoped query
(``rows(ctx, query)``, the same function that fills the grid), keeps the table's columns, escapes
formula-looking cells, sends the file through ``dcc.Download`` and writes an ``export`` event
(format, counts and sites, never rows) to the audit trail. Refusals come back as a short message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import dash
import pandas as pd
from dash import Input, Output, State, dcc, no_update
from dash import ctx as dash_ctx

from callbacks.audit_record import record_for_user
from callbacks.filters import PROBLEMS, problem_message
from dashboard import exports
from dashboard.context import AppContext
from data.filters import Filters
from data.services.audit import AuditEventType
from layouts.ids.exports import ExportIds

# rows(ctx, query) -> (frame exactly as the table shows it, the Filters it was asked with)
RowsFn = Callable[[AppContext, dict | None], tuple[pd.DataFrame, Filters]]
# about(query) -> whose rows these are, in a few words for the audit detail ("mentee_id=12"),
# for a table of one person's rows; called only once ``rows`` has accepted the query.
AboutFn = Callable[[object], str]


def columns_of(column_defs: Sequence[dict[str, object]]) -> list[exports.ExportColumn]:
    """A grid's columns (AG Grid ``columnDefs``) as export columns, headers as the grid shows
    them, so an export cannot drift from its table."""
    return [exports.ExportColumn(str(c["field"]), str(c["headerName"])) for c in column_defs]


def export_table(
    ctx: AppContext,
    rows: RowsFn,
    columns: Sequence[exports.ExportColumn],
    page: str,
    table: str,
    fmt: str,
    query: dict | None,
    about: AboutFn | None = None,
) -> tuple[object, str]:
    """The dcc.Download data for one export and a status line (or no file and why not)."""
    try:
        df, filters = rows(ctx, query)
        shown = exports.export_frame(df, columns, filters.scope.see_identities)
        content = exports.render(shown, fmt, sheet=table)
    except PROBLEMS as error:
        return no_update, problem_message(error)
    except exports.ExportRefused as error:
        return no_update, str(error)
    sites = filters.effective_site_ids
    detail = exports.audit_detail(fmt, shown, sites)
    if about is not None:
        detail += " " + about(query)
    record_for_user(ctx, AuditEventType.EXPORT, f"{page}:{table}", detail, filters.scope.username)
    name = exports.filename(page, table, filters.start, filters.end, fmt)
    media = "text/csv" if fmt == "csv" else exports.XLSX_MEDIA_TYPE
    return dcc.send_bytes(content, name, type=media), f"Exported {len(shown):,} rows."


@dataclass(frozen=True)
class TableExport:
    """One table's export: the page and table its files are named after, the store holding
    the query its rows answer, its buttons (``layouts.data_grid.export_buttons``), its rows
    and columns, and, for one person's rows, whose they are (``about``)."""

    page: str
    table: str
    query_id: str
    buttons: ExportIds
    rows: RowsFn
    columns: Sequence[exports.ExportColumn]
    about: AboutFn | None = None

    def register(self, app: dash.Dash, ctx: AppContext) -> None:
        """Wire the buttons to ``export_table``."""
        xlsx = self.buttons.xlsx

        def _export(_csv, _xlsx, query):  # type: ignore[no-untyped-def]
            fmt = "xlsx" if dash_ctx.triggered_id == xlsx else "csv"
            return export_table(
                ctx, self.rows, self.columns, self.page, self.table, fmt, query, self.about
            )

        app.callback(
            Output(self.buttons.download, "data"),
            Output(self.buttons.status, "children"),
            Input(self.buttons.csv, "n_clicks"),
            Input(xlsx, "n_clicks"),
            State(self.query_id, "data"),
            prevent_initial_call=True,
        )(_export)
