"""One mentee's own outcome chart (supervisors and admins, for mentees at their sites).

Reached from ``/mentees/<mentee_id>``; not in the navbar. The id in the path is untrusted:
the callback checks it and the scope, and says "no such mentee at your sites" otherwise.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from layouts.components import alert_area, chart_card, labelled, page_header
from layouts.data_grid import data_grid, export_buttons
from layouts.ids import MenteeIds as ids

TITLE = "Mentee"
MILESTONE_COLUMNS: list[dict[str, object]] = [
    {"field": "category", "headerName": "Life area", "minWidth": 150},
    {"field": "description", "headerName": "Goal", "minWidth": 220},
    {"field": "set_date", "headerName": "Set on", "minWidth": 120},
    {"field": "achieved_date", "headerName": "Reached on", "minWidth": 120},
]
EVENT_COLUMNS: list[dict[str, object]] = [
    {"field": "event_date", "headerName": "Date", "minWidth": 120},
    {"field": "kind", "headerName": "Event", "minWidth": 180},
]


def _grid(grid_id: str, columns: list[dict[str, object]], empty: str) -> Component:
    return data_grid(
        grid_id,
        columns,
        empty,
        defaults={"sortable": True, "resizable": True, "flex": 1},
        page_size=10,
    )


def profile_card(facts: list[str]) -> Component:
    """Who the mentee is: one line a fact."""
    return dbc.Card(dbc.CardBody(html.Ul([html.Li(f) for f in facts], className="mb-0")))


def layout(mentee_id: object = None, **_: object) -> Component:
    """The mentee page for the path's ``mentee_id`` (checked by the callback)."""
    raw = mentee_id if isinstance(mentee_id, str) and len(mentee_id) <= 20 else ""
    return html.Div(
        [
            dcc.Store(id=ids.MENTEE, data=raw),
            page_header(
                TITLE,
                ids.HEADING,
                "One mentee's own progress: baseline against latest, every assessment, "
                "milestones and events. Opening this page is recorded in the audit trail.",
            ),
            alert_area(ids.ALERT),
            html.Div(id=ids.PROFILE, className="mb-3"),
            dbc.Row(
                dbc.Col(
                    labelled(
                        "Instrument", dcc.Dropdown(id=ids.INSTRUMENT, options=[], clearable=False)
                    ),
                    md=5,
                ),
                className="mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            chart_card(ids.CHANGE_GRAPH),
                            html.P("", id=ids.CHANGE_CAPTION, className="small", role="note"),
                        ],
                        lg=6,
                    ),
                    dbc.Col(
                        [
                            chart_card(ids.HISTORY_GRAPH),
                            html.P("", id=ids.HISTORY_CAPTION, className="small", role="note"),
                        ],
                        lg=6,
                    ),
                ]
            ),
            html.H2("Milestones and goals", className="h5 mt-3"),
            _grid(ids.MILESTONES, MILESTONE_COLUMNS, "No goals recorded."),
            export_buttons(ids.MILESTONES_EXPORT_IDS),
            html.H2("Events", className="h5 mt-4"),
            _grid(ids.EVENTS, EVENT_COLUMNS, "No events recorded."),
            export_buttons(ids.EVENTS_EXPORT_IDS),
        ]
    )
