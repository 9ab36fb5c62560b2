"""The Audit trail page (admins only): sign-ins, failures, lockouts, mentee-page views, exports.

Filtered by the period in the filter bar, an event kind and a username; one page of rows at
a time (the server pages, so the browser never gets the whole trail). Rows come by callback.
"""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from layouts.components import data_page

TITLE = "Audit trail"
PAGE_SIZE = 50


class AuditIds:
    """The Audit trail page."""

    HEADING = "audit-heading"
    QUERY = "audit-query"
    ALERT = "audit-alert"
    EVENT = "audit-event"
    USER = "audit-user"
    GRID = "audit-grid"
    PAGER = "audit-pager"
    SUMMARY = "audit-summary"


ids = AuditIds

COLUMNS = [
    {"field": "occurred_at", "headerName": "When (UTC)", "minWidth": 170},
    {"field": "username", "headerName": "User", "minWidth": 120},
    {"field": "event", "headerName": "Event", "minWidth": 140},
    {"field": "target", "headerName": "Target", "minWidth": 120},
    {"field": "detail", "headerName": "Detail", "minWidth": 160},
    {"field": "ip_address", "headerName": "Address", "minWidth": 110},
]


def _controls() -> Component:
    return dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label("Event", html_for=ids.EVENT, className="small mb-1"),
                    dcc.Dropdown(id=ids.EVENT, options=[], placeholder="All events"),
                ],
                xs=12,
                md=4,
            ),
            dbc.Col(
                [
                    dbc.Label("User", html_for=ids.USER, className="small mb-1"),
                    dcc.Dropdown(id=ids.USER, options=[], placeholder="All users"),
                ],
                xs=12,
                md=4,
            ),
        ],
        className="g-3 mb-3",
    )


def layout(
    start: str | None = None, end: str | None = None, sites: str | None = None, **_: object
) -> Component:
    """The Audit trail page for the URL's period; rows, options and paging come by callback."""
    return data_page(
        ids,
        TITLE,
        "Who signed in, who failed to, which accounts were locked, who opened "
        "mentee-level pages and what was exported, newest first. Times are UTC.",
        (start, end, sites),
        _controls(),
        dag.AgGrid(
            id=ids.GRID,
            columnDefs=COLUMNS,
            rowData=[],
            defaultColDef={"sortable": False, "resizable": True, "flex": 1},
            dashGridOptions={
                "domLayout": "autoHeight",
                "localeText": {"noRowsToShow": "No audit events match these filters."},
            },
            className="audit-grid mb-3",
        ),
        dbc.Row(
            [
                dbc.Col(
                    dbc.Pagination(
                        id=ids.PAGER,
                        max_value=1,
                        active_page=1,
                        fully_expanded=False,
                        first_last=True,
                        previous_next=True,
                    ),
                    xs="auto",
                ),
                dbc.Col(
                    html.Div(id=ids.SUMMARY, className="small text-body-secondary"),
                    className="align-self-center",
                ),
            ],
            className="g-3",
        ),
    )
