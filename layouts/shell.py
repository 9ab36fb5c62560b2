"""The app shell: navbar, global filter bar, URL, filter store and the page container.

``shell_layout`` is evaluated per request (it is ``app.layout``), so the navbar shows only the
pages the signed-in user's role may open. It reads no data: the site options, the filter
values and the navbar links' query strings are filled by callbacks in ``callbacks.shell``.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import auth
from dashboard.charts.meeting import rounding_note
from dashboard.pages import pages_for_role
from layouts.components import DATE_PICKING
from layouts.ids import ShellIds as ids

APP_NAME = "Peer Mentoring Dashboard"


def navbar() -> Component:
    """The top bar: app name, a link per page the user may open, their name and sign-out.

    Below Bootstrap's ``lg`` breakpoint the links and the user fold into a menu opened by the
    toggler (``callbacks.shell`` opens and closes it), so a phone keeps its screen for the page.
    """
    links = [
        dbc.NavItem(
            dbc.NavLink(
                page.title,
                id=ids.nav_link(page.key),
                href=dash.get_relative_path(page.path),
                active="exact",
                className="px-lg-2",
            )
        )
        for page in pages_for_role(auth.current_role())
    ]
    username = auth.current_username()
    user = html.Div(
        [
            html.Span(username, id=ids.USER, className="me-3 app-navbar-user small"),
            # A form, not a link: signing out is a POST (see dashboard.auth.login.logout_view).
            html.Form(
                html.Button(
                    "Sign out",
                    type="submit",
                    id=ids.SIGN_OUT,
                    className="btn btn-outline-light btn-sm",
                ),
                method="POST",
                action=dash.get_relative_path("/logout"),
                className="d-inline m-0",
            ),
        ]
        if username
        else [],
        className="d-flex flex-shrink-0 align-items-center py-2 py-lg-0",
    )
    # A plain button rather than dbc.NavbarToggler: that one can carry neither aria-expanded
    # nor aria-controls, and a screen reader must hear whether the menu is open.
    toggler = html.Button(
        html.Span(className="navbar-toggler-icon"),
        id=ids.NAV_TOGGLER,
        type="button",
        className="navbar-toggler",
        **{
            "aria-label": "Menu",
            "aria-controls": ids.NAV_COLLAPSE,
            "aria-expanded": "false",
        },
    )
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(
                    APP_NAME, href=dash.get_relative_path("/"), className="fw-semibold"
                ),
                toggler,
                dbc.Collapse(
                    [
                        dbc.Nav(links, navbar=True, className="flex-lg-wrap me-auto ms-lg-2"),
                        user,
                    ],
                    id=ids.NAV_COLLAPSE,
                    is_open=False,
                    navbar=True,
                ),
            ],
            fluid="xxl",
            # On a wide screen the links take a row of their own under the name when the two
            # do not fit side by side.
            className="flex-wrap",
        ),
        expand="lg",
        color="primary",
        dark=True,
        className="shadow-sm app-navbar",
    )


def _rounding_notice() -> list[Component]:
    """For a role whose counts are rounded: one line saying so, under the filters."""
    note = rounding_note(auth.current_rounding())
    if not note:
        return []
    return [
        html.P(
            f"Periods are whole months. {note}", id=ids.ROUNDING_NOTE, className="small mb-0 mt-2"
        )
    ]


def filter_bar() -> Component:
    """The global filters (period and sites): their values live in the URL's query string."""
    return html.Div(
        dbc.Container(
            [
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                dbc.Label(
                                    "Period", html_for=ids.FILTER_PERIOD, className="small mb-1"
                                ),
                                dcc.DatePickerRange(
                                    id=ids.FILTER_PERIOD,
                                    **DATE_PICKING,
                                    updatemode="bothdates",
                                    min_date_allowed="2000-01-01",
                                    start_date_placeholder_text="Start",
                                    end_date_placeholder_text="End",
                                ),
                            ],
                            xs=12,
                            md="auto",
                        ),
                        dbc.Col(
                            [
                                dbc.Label(
                                    "Sites", html_for=ids.FILTER_SITES, className="small mb-1"
                                ),
                                dcc.Dropdown(
                                    id=ids.FILTER_SITES,
                                    options=[],
                                    value=[],
                                    multi=True,
                                    placeholder="All sites you may see",
                                    searchable=True,
                                ),
                                html.Div(id=ids.SITES_MESSAGE, className="small text-danger"),
                            ],
                            xs=12,
                            md=True,
                        ),
                        dbc.Col(
                            dbc.Button(
                                "Reset filters",
                                id=ids.FILTER_RESET,
                                color="link",
                                size="sm",
                                className="px-0",
                            ),
                            xs="auto",
                            className="align-self-end pb-1",
                        ),
                    ],
                    className="g-3 align-items-start",
                ),
                *_rounding_notice(),
            ],
            fluid="xxl",
        ),
        className="filter-bar border-bottom bg-body-tertiary py-3",
        role="search",
        **{"aria-label": "Filters"},
    )


def shell_layout() -> Component:
    """The whole page around the current page: evaluated per request, no data access."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dcc.Store(id=ids.FILTER_STORE, storage_type="memory"),
            navbar(),
            filter_bar(),
            html.Main(
                dbc.Container(dash.page_container, fluid="xxl", className="py-4"),
                className="app-main",
            ),
        ],
        className="app-shell",
    )
