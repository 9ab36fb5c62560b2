"""The Consultation notes page: browse a month's meetings, write notes, search, and trends.

Staff only (supervisors and admins, within their sites). The URL carries the filters (start,
end, sites) and the page's own parameters: ``month`` (yyyy-mm), ``meeting`` (an id) and
``q`` (a search). Everything else comes by callback; nothing here reads data.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard.theme import TEMPLATE
from layouts.components import page_header, titled_card
from layouts.ids import NotesIds as ids

TITLE = "Consultation notes"
LEAD = (
    "The monthly consultation meetings: accomplishments and positive impact first, then "
    "challenges and action items. Write during the meeting; find it again afterwards."
)
KIND_OPTIONS = [
    {"label": "Accomplishment", "value": "accomplishment"},
    {"label": "Positive impact", "value": "positive_impact"},
    {"label": "Challenge", "value": "challenge"},
    {"label": "Action item", "value": "action_item"},
]
OWNER_OPTIONS = [
    {"label": "The mentor named above", "value": "mentor"},
    {"label": "The supervisor", "value": "supervisor"},
]
STATUS_OPTIONS = [
    {"label": "Open", "value": "open"},
    {"label": "Done", "value": "done"},
    {"label": "Dropped", "value": "dropped"},
]
MAX_QUERY_TEXT = 200


def _text(value: object, limit: int = MAX_QUERY_TEXT) -> str | None:
    return value[:limit] if isinstance(value, str) and value else None


def _labelled(label: str, control: Component, control_id: str, error_id: str | None = None):  # type: ignore[no-untyped-def]
    children = [dbc.Label(label, html_for=control_id, className="fw-semibold"), control]
    if error_id:
        children.append(html.Div(id=error_id, className="invalid-feedback d-block", role="alert"))
    return html.Div(children, className="mb-3")


def meetings_card() -> Component:
    """The month picker, the meetings in scope, and the form that creates a meeting."""
    return titled_card(
        "Meetings",
        _labelled(
            "Month",
            dcc.Dropdown(id=ids.MONTH, options=[], placeholder="Every month in the period"),
            ids.MONTH,
        ),
        dcc.Loading(html.Div(id=ids.MEETING_LIST, className="notes-meeting-list")),
        html.Hr(),
        html.H3("Start a meeting", className="h6"),
        _labelled("Site", dcc.Dropdown(id=ids.NEW_SITE, options=[], clearable=False), ids.NEW_SITE),
        _labelled(
            "Meeting month",
            dcc.Dropdown(id=ids.NEW_MONTH, options=[], clearable=False),
            ids.NEW_MONTH,
        ),
        _labelled(
            "Held on",
            dcc.DatePickerSingle(id=ids.NEW_HELD_ON, display_format="YYYY-MM-DD"),
            ids.NEW_HELD_ON,
        ),
        dbc.Button("Create meeting", id=ids.NEW_CREATE, color="primary"),
        html.Div(id=ids.NEW_FEEDBACK, className="mt-2", role="status"),
    )


def editor_card() -> Component:
    """The note editor: kind, mentor, Markdown text, action-item and room fields, Save."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3("New note", id=ids.EDITOR_TITLE, className="h6 card-title"),
                html.Div(id=ids.DRAFT_NOTICE, role="status"),
                dbc.Row(
                    [
                        dbc.Col(
                            _labelled(
                                "Kind",
                                dcc.Dropdown(
                                    id=ids.KIND,
                                    options=KIND_OPTIONS,
                                    value="accomplishment",
                                    clearable=False,
                                ),
                                ids.KIND,
                                ids.KIND_ERROR,
                            ),
                            md=6,
                        ),
                        dbc.Col(
                            _labelled(
                                "About mentor (optional)",
                                dcc.Dropdown(id=ids.MENTOR, options=[], placeholder="Nobody"),
                                ids.MENTOR,
                                ids.MENTOR_ERROR,
                            ),
                            md=6,
                        ),
                    ]
                ),
                _labelled(
                    "Note (Markdown: **bold**, *italic*, lists)",
                    dcc.Textarea(id=ids.TEXT, value="", rows=4, className="form-control"),
                    ids.TEXT,
                    ids.TEXT_ERROR,
                ),
                html.Div(
                    dbc.Row(
                        [
                            dbc.Col(
                                _labelled(
                                    "Owner",
                                    dbc.RadioItems(
                                        id=ids.OWNER, options=OWNER_OPTIONS, value="supervisor"
                                    ),
                                    ids.OWNER,
                                    ids.OWNER_ERROR,
                                ),
                                md=4,
                            ),
                            dbc.Col(
                                _labelled(
                                    "Due month",
                                    dcc.Dropdown(id=ids.DUE, options=[], placeholder="No date"),
                                    ids.DUE,
                                ),
                                md=4,
                            ),
                            dbc.Col(
                                _labelled(
                                    "Status",
                                    dcc.Dropdown(
                                        id=ids.STATUS,
                                        options=STATUS_OPTIONS,
                                        value="open",
                                        clearable=False,
                                    ),
                                    ids.STATUS,
                                ),
                                md=4,
                            ),
                        ]
                    ),
                    id=ids.ACTION_FIELDS,
                    hidden=True,
                ),
                html.Div(
                    dbc.Checklist(
                        id=ids.ROOM,
                        options=[{"label": "Show this challenge in meeting mode", "value": "room"}],
                        value=[],
                        switch=True,
                    ),
                    id=ids.ROOM_FIELD,
                    hidden=True,
                    className="mb-3",
                ),
                html.Div(
                    [
                        dbc.Button("Save note", id=ids.SAVE, color="primary", className="me-2"),
                        dbc.Button("New note", id=ids.NEW_NOTE, color="secondary", outline=True),
                    ]
                ),
                html.Div(id=ids.SAVE_FEEDBACK, className="mt-3", role="status"),
                html.Div(
                    [
                        html.Div(id=ids.CONFLICT),
                        dbc.Button(
                            "Continue from their version",
                            id=ids.CONFLICT_CONTINUE,
                            color="warning",
                            className="mt-2 d-none",
                        ),
                    ]
                ),
            ]
        ),
        id=ids.EDITOR,
        className="border-primary-subtle mb-4",
    )


def meeting_panel() -> Component:
    """One meeting: title, attendees, carried-over action items, notes, editor, agenda."""
    return html.Section(
        [
            html.H2("Choose a meeting", id=ids.MEETING_TITLE, className="h4"),
            html.Div(
                [
                    titled_card(
                        "Attendees",
                        dbc.Checklist(id=ids.ATTENDEES, options=[], value=[], inline=True),
                        dbc.Button(
                            "Save attendees",
                            id=ids.ATTENDEES_SAVE,
                            color="secondary",
                            outline=True,
                            size="sm",
                            className="mt-2",
                        ),
                        html.Div(id=ids.ATTENDEES_FEEDBACK, className="mt-2", role="status"),
                    ),
                    html.Div(id=ids.CARRIED),
                    html.Div(id=ids.NOTE_STATUS, role="status", **{"aria-live": "polite"}),
                    dbc.Button("Undo delete", id=ids.UNDO, color="link", className="d-none"),
                    dcc.Loading(html.Div(id=ids.NOTE_LIST), delay_show=300),
                    html.Div(id=ids.HISTORY),
                    html.Div(id=ids.CLEARING),
                    dcc.Store(id=ids.CLEAR_TARGET),
                    editor_card(),
                    titled_card(
                        "Suggested agenda",
                        html.P(
                            "Draft accomplishments for this meeting's month from the program's "
                            "data. Edit a line, then accept it as a note or drop it.",
                            className="small text-body-secondary",
                        ),
                        dbc.Button(
                            "Suggest accomplishments",
                            id=ids.SUGGEST,
                            color="success",
                            outline=True,
                        ),
                        html.Div(id=ids.SUGGEST_FEEDBACK, className="mt-2", role="status"),
                        html.Div(id=ids.SUGGESTIONS, className="mt-3"),
                    ),
                ],
                id=ids.MEETING_PANEL,
                hidden=True,
            ),
        ],
        **{"aria-labelledby": ids.MEETING_TITLE},
    )


def search_card(q: str | None) -> Component:
    """Full-text search over the notes in the period, sites and mentors chosen."""
    return titled_card(
        "Search notes",
        dbc.Label(
            "Words to find in the notes", html_for=ids.SEARCH_TEXT, className="visually-hidden"
        ),
        dbc.InputGroup(
            [
                dbc.Input(
                    id=ids.SEARCH_TEXT,
                    type="search",
                    value=q or "",
                    placeholder="Words to find, e.g. housing interview",
                    debounce=True,
                    maxLength=MAX_QUERY_TEXT,
                ),
                dbc.Button("Search", id=ids.SEARCH_BUTTON, color="primary"),
            ]
        ),
        dcc.Loading(
            html.Div(
                id=ids.SEARCH_RESULTS,
                className="mt-3",
                role="region",
                **{"aria-live": "polite", "aria-label": "Search results"},
            )
        ),
    )


def _chart(graph_id: str, caption_id: str) -> Component:
    return dbc.Card(
        dbc.CardBody(
            [
                dcc.Loading(
                    dcc.Graph(
                        id=graph_id,
                        figure={"layout": {"template": TEMPLATE}},
                        config={"displaylogo": False, "responsive": True},
                        className="chart",
                    ),
                    delay_show=300,
                ),
                html.P(id=caption_id, className="small mb-0 mt-2 chart-caption"),
            ]
        ),
        className="chart-card shadow-sm mb-4",
    )


def layout(
    start: str | None = None,
    end: str | None = None,
    sites: str | None = None,
    month: str | None = None,
    meeting: str | None = None,
    q: str | None = None,
    **_: object,
) -> Component:
    """The page for the URL's filters and its own parameters (month, meeting, q)."""
    query = {
        "start": _text(start, 32),
        "end": _text(end, 32),
        "sites": _text(sites),
        "month": _text(month, 10),
        "meeting": _text(meeting, 12),
        "q": _text(q),
    }
    return html.Div(
        [
            dcc.Store(id=ids.QUERY, data=query),
            dcc.Store(id=ids.REFRESH, data=0),
            dcc.Store(id=ids.EDITING, data=None),
            dcc.Store(id=ids.CONFLICT_VERSION, data=None),
            dcc.Store(id=ids.UNDO_NOTE, data=None),
            dcc.Store(id=ids.SUGGESTION_STORE, data=[]),
            # Unsaved text per meeting and note, kept in this browser until saved.
            dcc.Store(id=ids.DRAFTS, storage_type="local"),
            dcc.Location(id=ids.LOCATION, refresh="callback-nav"),
            page_header(TITLE, ids.HEADING, LEAD),
            html.Div(id=ids.ALERT, role="status", **{"aria-live": "polite"}),
            dbc.Row(
                [
                    dbc.Col(meetings_card(), lg=4),
                    dbc.Col(meeting_panel(), lg=8),
                ]
            ),
            search_card(query["q"]),
            html.H2("Meetings over time", className="h4 mt-2"),
            dbc.Row(
                [
                    dbc.Col(_chart(ids.STRENGTHS_GRAPH, ids.STRENGTHS_CAPTION), lg=6),
                    dbc.Col(_chart(ids.ATTENDANCE_GRAPH, ids.ATTENDANCE_CAPTION), lg=6),
                    dbc.Col(_chart(ids.ACTIONS_GRAPH, ids.ACTIONS_CAPTION), lg=12),
                ]
            ),
        ]
    )
