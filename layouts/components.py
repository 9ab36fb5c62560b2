"""Shared pieces of page layouts: headers, headline figure cards, chart cards, the page frame.

Everything here is a plain function returning components; nothing reads data. Colours come
from Bootstrap's named classes (``text-body-secondary``, ``border-primary``), not inline style.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard.theme import TEMPLATE

NO_VALUE = "—"
# How every date picker shows and walks dates: "3 Nov 2026", weeks starting on Monday.
DATE_PICKING: dict[str, object] = {"display_format": "D MMM YYYY", "first_day_of_week": 1}


def page_header(title: str, heading_id: str, lead: str) -> Component:
    """The page's one ``h1`` (its id is what tests look for) and a sentence on what it shows."""
    return html.Header(
        [
            html.H1(title, id=heading_id, className="h2 mb-1"),
            html.P(lead, className="text-body-secondary mb-0"),
        ],
        className="mb-4",
    )


def titled_card(title: str, *children: Component, class_name: str = "") -> Component:
    """A card with a heading (``title``) over ``children``; ``class_name`` adds classes."""
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="h5 card-title"), *children]),
        className=f"shadow-sm mb-4 {class_name}".strip(),
    )


def labelled(label: str, control: Component, label_class: str | None = None) -> list[Component]:
    """``control`` with its visible label (tied to the control's id for screen readers)."""
    style = {"className": label_class} if label_class else {}
    return [dbc.Label(label, html_for=control.id, **style), control]


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


def chart_card(
    graph_id: str, description: str | None = None, caption_id: str | None = None
) -> Component:
    """A card holding one graph (filled by a callback), the place for its plain-language
    caption (``caption_id``, filled by the same callback) and how to read it."""
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
    if caption_id:
        children.append(html.P("", id=caption_id, className="chart-caption mb-1 mt-2"))
    if description:
        children.append(html.P(description, className="small text-body-secondary mb-0 mt-2"))
    return dbc.Card(dbc.CardBody(children), className="chart-card shadow-sm mb-4")


def captioned(graph_id: str, caption_id: str, how_to_read: str | None = None) -> Component:
    """A chart card with its generated plain-language caption under the graph."""
    return chart_card(graph_id, how_to_read, caption_id)


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
