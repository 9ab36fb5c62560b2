"""What a person sees instead of a page their role may not open."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from layouts.ids.refusal import RefusalIds


def refusal_layout(title: str) -> Component:
    """A refusal of the page called ``title``, with a way back to the overview."""
    return dbc.Alert(
        [
            # The page's one h1: a refusal is a page of its own for a screen reader.
            html.H1("Not available for your role", className="h4 alert-heading"),
            html.P(f"{title} is not part of what your account may see."),
            html.A("Back to the overview", href="/", className="alert-link"),
        ],
        id=RefusalIds.ALERT,
        color="warning",
        className="mt-4",
    )
