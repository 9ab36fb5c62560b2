"""The Audit trail page (admins only): sign-ins, failures, lockouts, mentee-page views, exports.

Filtered by the period in the filter bar, an event kind and a username; one page of rows at
a time (the server pages, so the browser never gets the whole trail). Rows come by callback;
the CSV/XLSX buttons under the table export the page of events it shows.
Below the trail, "Open sessions": an admin chooses a user, sees their open sessions and ends
some or all of them.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from layouts.components import data_page, labelled
from layouts.data_grid import data_grid, export_buttons
from layouts.ids import AuditIds as ids

TITLE = "Audit trail"
PAGE_SIZE = 50


COLUMNS = [
    {"field": "occurred_at", "headerName": "When (UTC)", "minWidth": 170},
    {"field": "username", "headerName": "User", "minWidth": 120},
    {"field": "event", "headerName": "Event", "minWidth": 140},
    {"field": "target", "headerName": "Target", "minWidth": 120},
    {"field": "detail", "headerName": "Detail", "minWidth": 160},
    {"field": "ip_address", "headerName": "Address", "minWidth": 110},
]


def _choice(label: str, dropdown_id: str, placeholder: str) -> Component:
    """A labelled dropdown whose options come by callback, in a column of the row."""
    dropdown = dcc.Dropdown(id=dropdown_id, options=[], placeholder=placeholder)
    return dbc.Col(labelled(label, dropdown, "small mb-1"), xs=12, md=4)


def _controls() -> Component:
    return dbc.Row(
        [
            _choice("Event", ids.EVENT, "All events"),
            _choice("User", ids.USER, "All users"),
        ],
        className="g-3 mb-3",
    )


def open_sessions() -> Component:
    """The "Open sessions" section: a user, their sessions, and buttons to end them."""
    return html.Section(
        [
            html.H2("Open sessions", id=ids.SESSIONS_HEADING, className="h4 mt-5"),
            html.P(
                "Everyone signed in right now, per user: when they signed in, when they were "
                "last active, when the session ends by itself, and from where. Ending a "
                "session signs that browser out at its next click.",
                className="text-body-secondary",
            ),
            dbc.Row(_choice("User", ids.SESSIONS_USER, "Choose a user"), className="g-3 mb-3"),
            html.Div(id=ids.SESSIONS_STATUS, role="status"),
            html.Fieldset(
                [
                    html.Legend("Sessions", className="small fw-semibold mb-1"),
                    # dbc's checklist: plain labelled checkboxes (dcc's has no accessible name).
                    dbc.Checklist(id=ids.SESSIONS_CHOSEN, options=[], value=[]),
                    html.Div(id=ids.SESSIONS_LIST, className="small text-body-secondary"),
                ],
                className="mb-3",
            ),
            dbc.Button(
                "End the chosen sessions",
                id=ids.SESSIONS_END_CHOSEN,
                color="primary",
                className="me-2",
            ),
            dbc.Button("End all of this user's sessions", id=ids.SESSIONS_END_ALL, color="danger"),
        ],
        **{"aria-labelledby": ids.SESSIONS_HEADING},
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
        data_grid(
            ids.GRID,
            COLUMNS,
            "No audit events match these filters.",
            defaults={"sortable": False, "resizable": True, "flex": 1},
            page_size=None,
            class_name="audit-grid mb-3",
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
        dcc.Store(id=ids.EXPORT_QUERY),
        export_buttons(ids.EXPORT_IDS),
        open_sessions(),
    )
