"""The Overview page: headline figures and the monthly contacts trend, for every role."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from layouts.components import chart_card, data_page, headline_card
from layouts.ids import AttentionIds
from layouts.ids import OverviewIds as ids

TITLE = "Overview"


def layout(
    start: str | None = None, end: str | None = None, sites: str | None = None, **_: object
) -> Component:
    """The Overview page for the URL's filters (start, end, sites); figures come by callback."""
    cards = [
        headline_card("Active mentees", ids.ACTIVE_MENTEES),
        headline_card("Active mentors", ids.ACTIVE_MENTORS),
        headline_card("Waiting for a mentor", ids.WAITING, ids.WAITING_DETAIL),
        headline_card("Contacts this month", ids.CONTACTS_MONTH, ids.CONTACTS_MONTH_DETAIL),
        headline_card("Milestones reached this month", ids.MILESTONES_MONTH),
    ]
    return data_page(
        ids,
        TITLE,
        "How the program is doing at the chosen sites: people, contacts and "
        "milestones. “This month” is the last month of the chosen period.",
        (start, end, sites),
        dbc.Row(
            [dbc.Col(card, xs=12, sm=6, lg=True, className="mb-3") for card in cards],
            className="g-3 mb-2",
        ),
        # Staff only: open items of the attention list by kind (filled by callbacks.attention).
        html.Div(id=AttentionIds.OVERVIEW_CARD),
        chart_card(
            ids.CONTACTS_GRAPH,
            "Bars: contacts recorded in each month. Line: mentees who had at least one "
            "contact that month. Hover for the numbers.",
        ),
    )
