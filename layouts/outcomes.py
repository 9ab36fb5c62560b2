"""The Outcomes page: are mentees recovering? Trends, distance travelled, reliable change,
cohorts, follow-up completeness, events and milestones; for supervisors and admins also the
list of who is due or overdue a follow-up assessment (hidden, and never filled, for a role
that may not see identities).

Instrument, measure and cohort grouping are URL parameters (``instrument``, ``measure``,
``cohort``) next to the filters, so a view can be bookmarked; data comes by callback.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from layouts.components import chart_card, data_page, labelled
from layouts.data_grid import MENTEE_COLUMNS, data_grid, export_buttons, table_card
from layouts.ids import OutcomesIds as ids

TITLE = "Outcomes"
DEFAULT_INSTRUMENT = "recovery_ladder"
COHORT_OPTIONS = [
    {"label": "Intake quarter", "value": "quarter"},
    {"label": "Site", "value": "site"},
    {"label": "Support style of the mentor", "value": "style"},
]
COHORT_VALUES = tuple(str(o["value"]) for o in COHORT_OPTIONS)
MAX_PARAM_CHARS = 80
DUE_COLUMNS: list[dict[str, object]] = [
    *MENTEE_COLUMNS,
    {"field": "site", "headerName": "Site", "minWidth": 120},
    {"field": "kind", "headerName": "Assessment", "minWidth": 130},
    {"field": "due_date", "headerName": "Due on", "minWidth": 120},
    {"field": "window_closes", "headerName": "Window closes", "minWidth": 130},
    {"field": "status", "headerName": "Status", "minWidth": 110},
    {"field": "days_overdue", "headerName": "Days overdue", "type": "numericColumn",
     "minWidth": 130},
]  # fmt: skip


def _param(value: object, fallback: str | None) -> str | None:
    """A URL parameter as short text (anything else: the fallback); validated by callbacks."""
    if isinstance(value, str) and 0 < len(value) <= MAX_PARAM_CHARS:
        return value
    return fallback


def captioned(graph_id: str, caption_id: str) -> Component:
    """A chart card with its plain-language caption (filled by a callback) under the graph."""
    return html.Div(
        [
            chart_card(graph_id),
            html.P("", id=caption_id, className="chart-caption small mb-4", role="note"),
        ]
    )


def pickers(instrument: str | None, measure: str | None, cohort: str | None) -> Component:
    """Instrument and measure choices (options come by callback) and the cohort grouping."""
    instrument_choice = dcc.Dropdown(
        id=ids.INSTRUMENT,
        options=[{"label": instrument or "", "value": instrument or ""}],
        value=instrument,
        clearable=False,
    )
    measure_choice = dcc.Dropdown(
        id=ids.MEASURE,
        # The URL's measure as its own option until the real ones come, so the dropdown does
        # not drop it before they do.
        options=[{"label": measure, "value": measure}] if measure else [],
        value=measure,
        clearable=False,
    )
    cohort_choice = dcc.Dropdown(
        id=ids.COHORT, options=COHORT_OPTIONS, value=cohort, clearable=False
    )
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(labelled("Instrument", instrument_choice), md=5),
                    dbc.Col(labelled("Domain or total", measure_choice), md=4),
                    dbc.Col(labelled("Cohorts by", cohort_choice), md=3),
                ],
                className="g-3",
            )
        ),
        className="shadow-sm mb-4",
    )


def due_section() -> Component:
    """Who is due or overdue a follow-up assessment, with its exports. Hidden until the
    callback shows it, which it does only for a role that may see identities."""
    grid = data_grid(ids.DUE_GRID, DUE_COLUMNS, "Nobody is due or overdue an assessment.")
    card = table_card(
        "Assessments due now",
        ids.DUE_NOTE,
        [grid, export_buttons(ids.DUE_EXPORT_IDS)],
        title_id=ids.DUE_HEADING,
    )
    return html.Section(
        card,
        id=ids.DUE_SECTION,
        hidden=True,
        **{"aria-labelledby": ids.DUE_HEADING},
    )


def layout(
    start: str | None = None,
    end: str | None = None,
    sites: str | None = None,
    instrument: object = None,
    measure: object = None,
    cohort: object = None,
    **_: object,
) -> Component:
    """The Outcomes page for the URL's filters and choices; data comes by callback."""
    cohort_value = cohort if cohort in COHORT_VALUES else "quarter"
    return data_page(
        ids,
        TITLE,
        "Are mentees recovering? Scores over time, how far each mentee has come, "
        "milestones reached, and whether follow-ups happen on time.",
        (start, end, sites),
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        pickers(_param(instrument, DEFAULT_INSTRUMENT), _param(measure, None), str(cohort_value)),
        html.H2("Milestones and goals", className="h4 mt-2 mb-3"),
        dbc.Row(
            [
                dbc.Col(chart_card(ids.MILESTONES_GRAPH), lg=7),
                dbc.Col(chart_card(ids.GOALS_GRAPH), lg=5),
            ]
        ),
        html.P("", id=ids.MILESTONES_CAPTION, className="chart-caption small mb-4", role="note"),
        html.H2("Recovery measures", className="h4 mt-2 mb-3"),
        dbc.Row(
            [
                dbc.Col(captioned(ids.RELIABLE_GRAPH, ids.RELIABLE_CAPTION), lg=6),
                dbc.Col(captioned(ids.CHANGE_GRAPH, ids.CHANGE_CAPTION), lg=6),
            ]
        ),
        captioned(ids.TREND_GRAPH, ids.TREND_CAPTION),
        captioned(ids.COHORT_GRAPH, ids.COHORT_CAPTION),
        html.H2("Follow-up and events", className="h4 mt-2 mb-3"),
        dbc.Row(
            [
                dbc.Col(captioned(ids.FOLLOW_UP_GRAPH, ids.FOLLOW_UP_CAPTION), lg=5),
                dbc.Col(captioned(ids.EVENTS_GRAPH, ids.EVENTS_CAPTION), lg=7),
            ]
        ),
        due_section(),
    )
