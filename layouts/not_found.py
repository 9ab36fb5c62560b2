"""The page shown for an address that is not one of the app's pages (registered with the
others by ``dashboard.page_registry``)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from layouts.ids import NotFoundIds

TITLE = "Page not found"
# Dash's page router shows the page whose module name ends in "not_found_404" for unknown paths.
PAGE_NAME = "not_found_404"


def layout(**_query: object) -> Component:
    """A friendly 404: what happened and a way back to the Overview."""
    return html.Div(
        [
            html.H1(TITLE, id=NotFoundIds.HEADING, className="h2 mb-3"),
            html.P(
                "There is no page at this address. It may have moved, or the link may be mistyped.",
                className="text-body-secondary",
            ),
            dbc.Button("Go to the Overview", href=dash.get_relative_path("/"), color="primary"),
        ],
        className="py-4",
    )
