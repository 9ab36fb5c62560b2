"""Shared pieces of page layouts: headers, headline figure cards, chart cards.

Everything here is a plain function returning components; nothing reads data. Colours come
from Bootstrap's named classes (``text-body-secondary``, ``border-primary``), not inline style.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard.theme import TEMPLATE

NO_VALUE = "—"
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


def page_header(title: str, heading_id: str, lead: str) -> Component:
    """The page's one ``h1`` (its id is what tests look for) and a sentence on what it shows."""
    return html.Header(
        [
            html.H1(title, id=heading_id, className="h2 mb-1"),
            html.P(lead, className="text-body-secondary mb-0"),
        ],
        className="mb-4",
    )


def alert_area(alert_id: str) -> Component:
    """Where a callback puts a message about the filters or access (empty when all is well)."""
    return html.Div(id=alert_id, role="status", **{"aria-live": "polite"})


def problem_alert(message: str, color: str = "warning") -> Component:
    """A Bootstrap alert with ``message``: a bad filter, no access, nothing to show."""
    return dbc.Alert(message, color=color, className="mb-4")


def headline_card(label: str, value_id: str, detail_id: str | None = None) -> Component:
    """One headline figure: a label, a big number filled by a callback, and an optional line."""
    body = [
        html.Div(label, className="headline-label text-body-secondary"),
        html.Div(NO_VALUE, id=value_id, className="headline-value"),
    ]
    if detail_id:
        body.append(html.Div("", id=detail_id, className="headline-detail text-body-secondary"))
    return dbc.Card(dbc.CardBody(body), className="headline-card h-100 shadow-sm")


def chart_card(graph_id: str, description: str | None = None) -> Component:
    """A card holding one graph (filled by a callback) and, optionally, how to read it."""
    children: list[Component] = [
        dcc.Loading(
            dcc.Graph(
                id=graph_id,
                figure={"layout": {"template": TEMPLATE}},
                config={
                    "displaylogo": False,
                    "responsive": True,
                    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
                },
                className="chart",
            ),
            type="default",
            delay_show=300,
        )
    ]
    if description:
        children.append(html.P(description, className="small text-body-secondary mb-0 mt-2"))
    return dbc.Card(dbc.CardBody(children), className="chart-card shadow-sm mb-4")


def query_store(store_id: str, start: object, end: object, sites: object) -> Component:
    """The URL's filter parameters, unparsed, for the page's callbacks to validate."""
    return dcc.Store(id=store_id, data={"start": start, "end": end, "sites": sites})


def data_page(
    page_ids: type,
    title: str,
    lead: str,
    query: tuple[object, object, object],
    *body: Component,
) -> Component:
    """A page whose data comes by callback: the URL's filters (``query`` = start, end, sites)
    in a store, the heading with its lead, the alert area, then ``body``.

    ``page_ids`` is the page's id class, with QUERY, HEADING and ALERT.
    """
    start, end, sites = query
    return html.Div(
        [
            query_store(page_ids.QUERY, start, end, sites),
            page_header(title, page_ids.HEADING, lead),
            alert_area(page_ids.ALERT),
            *body,
        ]
    )
