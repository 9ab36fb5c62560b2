"""The Caseloads page: caseload against capacity, matches per month and the waiting list.

Mentee-level (codes and names in the waiting list), so only supervisors and admins open it.
"""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from layouts.components import chart_card, data_page
from layouts.ids import CaseloadsIds as ids

TITLE = "Caseloads"
WAITING_PAGE_SIZE = 20

WAITING_COLUMNS: list[dict[str, object]] = [
    {"field": "mentee_code", "headerName": "Mentee code", "pinned": "left", "minWidth": 130},
    {"field": "mentee_name", "headerName": "Name", "minWidth": 180},
    {"field": "site", "headerName": "Site", "minWidth": 140},
    {"field": "referral_date", "headerName": "Referred on", "minWidth": 130},
    {"field": "waiting_since", "headerName": "Waiting since", "minWidth": 130},
    {
        "field": "days_waiting",
        "headerName": "Days waiting",
        "type": "numericColumn",
        "sort": "desc",
        "minWidth": 130,
    },
]


def waiting_grid() -> Component:
    """The waiting-list table: rows come by callback (bounded), paged in the browser."""
    return dag.AgGrid(
        id=ids.WAITING_GRID,
        columnDefs=WAITING_COLUMNS,
        rowData=[],
        defaultColDef={"sortable": True, "filter": True, "resizable": True, "flex": 1},
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": WAITING_PAGE_SIZE,
            "paginationPageSizeSelector": False,
            "domLayout": "autoHeight",
            "localeText": {"noRowsToShow": "Nobody is waiting for a mentor at these sites."},
        },
        className="waiting-grid",
    )


def layout(
    start: str | None = None, end: str | None = None, sites: str | None = None, **_: object
) -> Component:
    """The Caseloads page for the URL's filters (start, end, sites); data comes by callback."""
    return data_page(
        ids,
        TITLE,
        "Who carries how many mentees, how matching is going, and who is waiting for a mentor.",
        (start, end, sites),
        dbc.Row(
            [
                dbc.Col(
                    chart_card(
                        ids.CAPACITY_GRAPH,
                        "Bars: mentees each mentor has now. Grey tick: their capacity. "
                        "Vermillion bars are over capacity.",
                    ),
                    lg=6,
                ),
                dbc.Col(chart_card(ids.MATCHES_GRAPH), lg=6),
            ]
        ),
        dbc.Card(
            dbc.CardBody(
                [
                    html.H2("Waiting for a mentor", className="h5 card-title"),
                    html.P(
                        "",
                        id=ids.WAITING_NOTE,
                        className="small text-body-secondary",
                    ),
                    waiting_grid(),
                ]
            ),
            className="shadow-sm mb-4",
        ),
    )
