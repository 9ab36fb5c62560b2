"""Wiring a table's CSV / XLSX buttons to a server-side export (the pure part: dashboard.exports).

``register_export`` adds one callback per table: a click re-runs the table's own scoped query
(``rows(ctx, query)``, the same function that fills the grid), keeps the table's columns, escapes
formula-looking cells, sends the file through ``dcc.Download`` and writes an ``export`` event
(format, counts and sites, never rows) to the audit trail. Refusals come back as a short message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import dash
import pandas as pd
from dash import Input, Output, State, dcc, no_update
from dash import ctx as dash_ctx

from callbacks.filters import PROBLEMS, problem_message
from dashboard import exports
from dashboard.context import AppContext
from data.filters import Filters
from data.services.audit import AuditEventType, record

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
    _audit(ctx, filters, f"{page}:{table}", detail)
    name = exports.filename(page, table, filters.start, filters.end, fmt)
    media = "text/csv" if fmt == "csv" else exports.XLSX_MEDIA_TYPE
    return dcc.send_bytes(content, name, type=media), f"Exported {len(shown):,} rows."


def _audit(ctx: AppContext, filters: Filters, target: str, detail: str) -> None:
    from dashboard.auth import client_ip, current_user_info

    info = current_user_info()
    record(
        ctx.engine,
        AuditEventType.EXPORT,
        info.username if info else filters.scope.username,
        info.id if info else None,
        target,
        detail,
        client_ip(),
    )


def register_export(
    app: dash.Dash,
    ctx: AppContext,
    *,
    page: str,
    table: str,
    query_id: str,
    csv_id: str,
    xlsx_id: str,
    download_id: str,
    status_id: str,
    rows: RowsFn,
    columns: Sequence[exports.ExportColumn],
    about: AboutFn | None = None,
) -> None:
    """Wire one table's export buttons (layouts.export_buttons) to ``export_table``."""

    def _export(_csv, _xlsx, query):  # type: ignore[no-untyped-def]
        fmt = "xlsx" if dash_ctx.triggered_id == xlsx_id else "csv"
        return export_table(ctx, rows, columns, page, table, fmt, query, about)

    app.callback(
        Output(download_id, "data"),
        Output(status_id, "children"),
        Input(csv_id, "n_clicks"),
        Input(xlsx_id, "n_clicks"),
        State(query_id, "data"),
        prevent_initial_call=True,
    )(_export)
