"""The Workload page: what each mentor did, week by week, and which kinds of support.

Open to meeting viewers too: the query layer hides their small counts and shows no mentee.
Mentors are listed by site, then name; nothing here ranks them. With too many mentors in view
for a row each, the per-mentor charts draw a row per site (listed by name) instead.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from layouts.components import captioned, chart_card, data_page
from layouts.data_grid import (
    MENTOR_GRID_DEFAULTS,
    NAME_COLUMN,
    data_grid,
    export_buttons,
    table_card,
)
from layouts.ids import WorkloadIds as ids

TITLE = "Workload"
MEASURES = {"contacts": "Contacts", "hours": "Hours"}
TABLE_PAGE_SIZE = 25

TABLE_COLUMNS: list[dict[str, object]] = [
    {"field": "site", "headerName": "Site", "minWidth": 120, **NAME_COLUMN},
    {
        "field": "mentor",
        "headerName": "Mentor",
        "minWidth": 170,
        "cellRenderer": "markdown",
        **NAME_COLUMN,
    },
    {"field": "capacity", "headerName": "Capacity", "type": "numericColumn"},
    {"field": "caseload", "headerName": "Mentees now", "type": "numericColumn"},
    {"field": "contacts", "headerName": "Contacts", "type": "numericColumn"},
    {"field": "hours", "headerName": "Contact hours", "type": "numericColumn"},
    {"field": "crisis_calls", "headerName": "Crisis calls", "type": "numericColumn"},
    {"field": "after_hours", "headerName": "After hours", "type": "numericColumn"},
    {"field": "group_sessions", "headerName": "Group sessions", "type": "numericColumn"},
]


def balance_items(sentences: list[str]) -> list[Component]:
    """How evenly contacts spread over mentors, one sentence an item of the Balance list."""
    return [html.Li(sentence) for sentence in sentences]


def workload_table() -> Component:
    """Each mentor's figures for the period, by site and name; rows come by callback.

    Sorts by site or name only and has no column filter (``MENTOR_GRID_DEFAULTS``): it never
    becomes a league table, and its export writes exactly its rows and columns."""
    return data_grid(
        ids.TABLE_GRID,
        TABLE_COLUMNS,
        "No mentors in post at these sites in this period.",
        defaults=MENTOR_GRID_DEFAULTS,
        page_size=TABLE_PAGE_SIZE,
        class_name="workload-grid",
    )


def layout(
    start: str | None = None,
    end: str | None = None,
    sites: str | None = None,
    measure: str | None = None,
    **_: object,
) -> Component:
    """The Workload page for the URL's filters (start, end, sites; measure=contacts|hours)."""
    chosen = measure if isinstance(measure, str) and measure in MEASURES else "contacts"
    return data_page(
        ids,
        TITLE,
        "Contacts, hours and kinds of support per mentor, against capacity. Click a mentor "
        "to open their page, or a month to look at that month. With too many mentors in view "
        "for a row each, the charts draw a row per site: click a site to look at it alone.",
        (start, end, sites),
        dcc.Location(id=ids.NAV, refresh="callback-nav"),
        dbc.Card(
            dbc.CardBody(
                [
                    html.H2("Contacts week by week", className="h5 card-title"),
                    dbc.RadioItems(
                        id=ids.MEASURE,
                        options=[{"label": v, "value": k} for k, v in MEASURES.items()],
                        value=chosen,
                        inline=True,
                        className="mb-2",
                        inputClassName="me-1",
                    ),
                    html.Div(
                        captioned(
                            ids.HEATMAP_GRAPH,
                            ids.HEATMAP_CAPTION,
                            "Each row is a mentor (or, with many mentors in view, a site), "
                            "each column a week; darker means more. The top row is everyone "
                            "together. A quiet week shows 0.",
                        )
                    ),
                ]
            ),
            className="shadow-sm mb-4",
        ),
        html.Section(
            [
                html.H2("Balance", className="h5"),
                html.Ul(id=ids.BALANCE, className="balance-list"),
            ],
            className="mb-4",
            **{"aria-label": "How evenly contacts spread over mentors"},
        ),
        dbc.Row(
            [
                dbc.Col(captioned(ids.SUPPORT_GRAPH, ids.SUPPORT_CAPTION), lg=7),
                dbc.Col(chart_card(ids.STYLE_GRAPH), lg=5),
            ]
        ),
        captioned(ids.MIX_GRAPH, ids.MIX_CAPTION),
        captioned(
            ids.CRISIS_GRAPH,
            ids.CRISIS_CAPTION,
            "A ring marks a month when a mentor's (or a site's) count rose markedly against "
            "their own previous three months: a moment to ask how they are, not a judgement.",
        ),
        captioned(
            ids.DIRECT_GRAPH,
            ids.DIRECT_CAPTION,
            "Contact hours plus group hours, per month in post (per mentor, or a site's mentors "
            "together). The grey tick is what their capacity stands for: the caption says how "
            "many hours a month one place counts.",
        ),
        dbc.Row(
            [
                dbc.Col(captioned(ids.GROUPS_GRAPH, ids.GROUPS_CAPTION), lg=5),
                dbc.Col(chart_card(ids.ATTENDANCE_GRAPH), lg=7),
            ]
        ),
        captioned(ids.MODES_GRAPH, ids.MODES_CAPTION),
        table_card(
            "Each mentor's figures",
            None,
            [workload_table(), export_buttons(ids.TABLE_EXPORT_IDS)],
        ),
    )
