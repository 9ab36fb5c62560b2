"""The Caseloads page: caseload against capacity, matches per month and the waiting list.

Mentee-level (codes and names in the waiting list), so only supervisors and admins open it.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from layouts.components import captioned, chart_card, data_page
from layouts.data_grid import MENTEE_COLUMNS, data_grid, export_buttons, table_card
from layouts.ids import CaseloadsIds as ids

TITLE = "Caseloads"

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


DEFAULT_DAYS = 14
MAX_DAYS = 365
FOLLOW_UP_COLUMNS: list[dict[str, object]] = [
    *MENTEE_COLUMNS,
    {"field": "mentor", "headerName": "Mentor", "minWidth": 160},
    {"field": "last_contact", "headerName": "Last contact", "minWidth": 130},
    {"field": "days_since", "headerName": "Days since", "type": "numericColumn",
     "minWidth": 120},
]  # fmt: skip
NEW_MENTOR_COLUMNS: list[dict[str, object]] = [
    *MENTEE_COLUMNS,
    {"field": "site", "headerName": "Site", "minWidth": 120},
    {"field": "mentor", "headerName": "Mentor", "minWidth": 160, "cellRenderer": "markdown"},
    {"field": "mentor_status", "headerName": "Mentor is", "minWidth": 140},
    {"field": "mentor_left_on", "headerName": "Left on", "minWidth": 120},
    {"field": "match_start", "headerName": "Matched since", "minWidth": 130},
]  # fmt: skip
PLACES_COLUMNS: list[dict[str, object]] = [
    {"field": "site", "headerName": "Site", "minWidth": 130},
    {"field": "mentors_available", "headerName": "Mentors available", "type": "numericColumn"},
    {"field": "places", "headerName": "Places", "type": "numericColumn"},
    {"field": "active_mentees", "headerName": "In matches", "type": "numericColumn"},
    {"field": "free_places", "headerName": "Free places", "type": "numericColumn"},
    {"field": "mentors_with_room", "headerName": "Mentors with room", "type": "numericColumn"},
    {"field": "waiting", "headerName": "Waiting", "type": "numericColumn"},
    {"field": "longest_wait_days", "headerName": "Longest wait (days)",
     "type": "numericColumn"},
]  # fmt: skip


def days_value(days: object) -> int:
    """The follow-up list's N from the URL: a whole number of days 1..MAX_DAYS, else 14."""
    text = str(days).strip() if days is not None else ""
    return int(text) if text.isdigit() and 1 <= int(text) <= MAX_DAYS else DEFAULT_DAYS


def follow_up_card(days: object) -> Component:
    """Matched mentees with no contact for N days, N adjustable (kept in the URL)."""
    return table_card(
        "Follow-up: matched mentees with no recent contact",
        ids.FOLLOW_UP_NOTE,
        [
            html.Div(
                [
                    dbc.Label("No contact for at least", html_for=ids.DAYS, className="mb-0"),
                    dbc.Input(
                        id=ids.DAYS,
                        type="number",
                        min=1,
                        max=MAX_DAYS,
                        step=1,
                        value=days_value(days),
                        debounce=True,
                        className="days-input",
                        style={"width": "6rem"},
                    ),
                    html.Span("days", className="mb-0"),
                ],
                className="d-flex gap-2 align-items-center mb-2",
            ),
            dcc.Store(id=ids.FOLLOW_UP_QUERY),
            data_grid(ids.FOLLOW_UP_GRID, FOLLOW_UP_COLUMNS, "Every matched mentee was contacted."),
            export_buttons(ids.FOLLOW_UP_EXPORT_IDS),
        ],
    )


def lower_sections(days: object) -> list[Component]:
    """The lower half of the page: follow-up, new mentors needed, places, lifecycle."""
    return [
        dcc.Location(id=ids.NAV, refresh="callback-nav"),
        dcc.Location(id=ids.DAYS_URL, refresh=False),
        follow_up_card(days),
        table_card(
            "Needs a new mentor",
            ids.NEW_MENTOR_NOTE,
            [
                data_grid(
                    ids.NEW_MENTOR_GRID,
                    NEW_MENTOR_COLUMNS,
                    "Every open match has a mentor in post.",
                ),
                export_buttons(ids.NEW_MENTOR_EXPORT_IDS),
            ],
        ),
        captioned(ids.PLACES_GRAPH, ids.PLACES_CAPTION),
        table_card(
            "Places against waits, per site",
            None,
            [
                data_grid(ids.PLACES_GRID, PLACES_COLUMNS, "No sites to show for this choice."),
                export_buttons(ids.PLACES_EXPORT_IDS),
            ],
        ),
        html.Section(
            [
                html.H2("Match lifecycle", className="h5"),
                html.P("", id=ids.LIFECYCLE_CAPTION, className="chart-caption"),
                dbc.Row(
                    [
                        dbc.Col(chart_card(ids.CLOSURES_GRAPH), lg=6),
                        dbc.Col(chart_card(ids.RETENTION_GRAPH), lg=6),
                    ]
                ),
            ],
            **{"aria-label": "Match lifecycle"},
        ),
    ]


def layout(
    start: str | None = None,
    end: str | None = None,
    sites: str | None = None,
    days: object = None,
    **_: object,
) -> Component:
    """The Caseloads page for the URL's filters (start, end, sites, days); data by callback."""
    return data_page(
        ids,
        TITLE,
        "Who carries how many mentees, how matching is going, and who is waiting for a mentor.",
        (start, end, sites),
        dbc.Row(
            [
                dbc.Col(
                    captioned(
                        ids.CAPACITY_GRAPH,
                        ids.CAPACITY_CAPTION,
                        "Bars: mentees each mentor has now. Grey tick: their capacity. "
                        "Vermillion bars are over capacity. Click a mentor to open their page. "
                        "With too many mentors for a bar each, each bar is a site: click one "
                        "to look at it alone.",
                    ),
                    lg=6,
                ),
                dbc.Col(chart_card(ids.MATCHES_GRAPH), lg=6),
            ]
        ),
        table_card(
            "Waiting for a mentor",
            ids.WAITING_NOTE,
            [
                data_grid(
                    ids.WAITING_GRID,
                    WAITING_COLUMNS,
                    "Nobody is waiting for a mentor at these sites.",
                    class_name="waiting-grid",
                ),
                export_buttons(ids.WAITING_EXPORT_IDS),
            ],
        ),
        *lower_sections(days),
    )
