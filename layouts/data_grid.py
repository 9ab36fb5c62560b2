"""Tables: the AG Grid every page uses for rows that come by callback, the CSV / XLSX buttons
under an exported table (wired by ``callbacks.exports``), and the card that holds a table.

Rows come by callback, bounded by the query; the grid pages them in the browser. Nothing here
reads data.
"""

from __future__ import annotations

from collections.abc import Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from layouts.ids.exports import ExportIds

PAGE_SIZE = 20
# What every column of a data table can do. ``cellDataType`` off: AG Grid would infer a number
# column from its first row and print "Invalid Number" for a hidden small count, which is the
# text "fewer than 5" in that column.
TABLE_COLUMN_DEFAULTS: dict[str, object] = {
    "sortable": True,
    "filter": True,
    "resizable": True,
    "flex": 1,
    "cellDataType": False,
}
# A grid that lists mentors: never a league table. No column filters, and only the columns
# that name someone (site, mentor) sort; a metric column cannot reorder mentors by itself.
# (With no filter, an export writes exactly the rows the grid holds.)
MENTOR_GRID_DEFAULTS: dict[str, object] = {
    **TABLE_COLUMN_DEFAULTS,
    "sortable": False,
    "filter": False,
}
NAME_COLUMN: dict[str, object] = {"sortable": True}
# The first columns of every list of mentees: the code (a link to their page) and the name.
MENTEE_COLUMNS: list[dict[str, object]] = [
    {"field": "mentee_code", "headerName": "Mentee code", "pinned": "left", "minWidth": 130,
     "cellRenderer": "markdown"},
    {"field": "mentee_name", "headerName": "Name", "minWidth": 170},
]  # fmt: skip
Columns = list[dict[str, object]]


def data_grid(
    grid_id: str,
    columns: Columns,
    empty: str,
    *,
    defaults: dict[str, object] = TABLE_COLUMN_DEFAULTS,
    page_size: int | None = PAGE_SIZE,
    class_name: str | None = None,
) -> Component:
    """A table of ``columns`` whose rows come by callback: ``page_size`` rows a page (None:
    one page, the server pages), as tall as its rows, saying ``empty`` when there are none."""
    options: dict[str, object] = {}
    if page_size:
        options = {
            "pagination": True,
            "paginationPageSize": page_size,
            "paginationPageSizeSelector": False,
        }
    options |= {"domLayout": "autoHeight", "localeText": {"noRowsToShow": empty}}
    extra = {"className": class_name} if class_name else {}
    return dag.AgGrid(
        id=grid_id,
        columnDefs=columns,
        rowData=[],
        defaultColDef=defaults,
        dashGridOptions=options,
        **extra,
    )


def export_buttons(export_ids: ExportIds) -> Component:
    """Two small buttons that download exactly what the table above shows."""
    return html.Div(
        [
            html.Span("Export what this table shows:", className="small text-body-secondary"),
            dbc.Button("CSV", id=export_ids.csv, size="sm", color="dark", outline=True),
            dbc.Button("XLSX", id=export_ids.xlsx, size="sm", color="dark", outline=True),
            html.Span(id=export_ids.status, className="small", role="status"),
            dcc.Download(id=export_ids.download),
        ],
        className="export-buttons d-flex gap-2 align-items-center mt-2 d-print-none",
    )


def table_card(
    title: str, note_id: str | None, body: Sequence[Component], title_id: str | None = None
) -> Component:
    """A card with a heading, an optional note filled by a callback, then its table and
    buttons (``body``)."""
    heading = {"id": title_id} if title_id else {}
    children: list[Component] = [html.H2(title, className="h5 card-title", **heading)]
    if note_id:
        children.append(html.P("", id=note_id, className="small text-body-secondary"))
    return dbc.Card(dbc.CardBody(children + list(body)), className="shadow-sm mb-4")
