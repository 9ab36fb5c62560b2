"""The attention list ("Needs attention"): what a supervisor should look at this week.

The page is a frame: the week's wins first (strengths first), the counts by kind, the list
itself (filled by a callback), and one snooze form shared by every item. Nothing here reads
data; the items and their actions come from ``callbacks.attention``.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from layouts.components import DATE_PICKING, alert_area, data_page
from layouts.ids import AttentionIds as ids

TITLE = "Needs attention"


def snooze_modal() -> Component:
    """The form to snooze one item until a date, with a reason other supervisors will read."""
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle("Snooze an item", id=f"{ids.SNOOZE_MODAL}-title")),
            dbc.ModalBody(
                [
                    html.P("", id=ids.SNOOZE_WHAT, className="mb-3"),
                    dbc.Label("Snooze for", html_for=ids.SNOOZE_FOR),
                    dbc.RadioItems(
                        id=ids.SNOOZE_FOR,
                        options=[
                            {"label": "one week", "value": "7"},
                            {"label": "two weeks", "value": "14"},
                            {"label": "a month", "value": "30"},
                            {"label": "until the date below", "value": "date"},
                        ],
                        value="14",
                        className="mb-3",
                    ),
                    dbc.Label("Snooze until (with the last choice)", html_for=ids.SNOOZE_UNTIL),
                    html.Div(
                        dcc.DatePickerSingle(
                            id=ids.SNOOZE_UNTIL, placeholder="Choose a date", **DATE_PICKING
                        ),
                        className="mb-3",
                    ),
                    dbc.Label("Why (other supervisors of the site will see this)",
                              html_for=ids.SNOOZE_REASON),
                    dbc.Textarea(id=ids.SNOOZE_REASON, maxLength=500, rows=3),
                    html.Div(id=ids.SNOOZE_PROBLEM, className="text-danger small mt-2",
                             role="alert"),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button("Cancel", id=ids.SNOOZE_CANCEL, color="secondary",
                               outline=True),
                    dbc.Button("Snooze", id=ids.SNOOZE_SAVE, color="primary"),
                ]
            ),
        ],
        id=ids.SNOOZE_MODAL,
        is_open=False,
        labelledby=f"{ids.SNOOZE_MODAL}-title",
    )  # fmt: skip


def layout(
    start: str | None = None, end: str | None = None, sites: str | None = None, **_: object
) -> Component:
    """The attention list for the URL's filters (sites; the list is as seen on the period's
    last day, today by default)."""
    return data_page(
        ids,
        TITLE,
        "Who may need a call this week at the chosen sites, as seen on the last day of the "
        "period. Mark an item seen, or snooze it with a reason: other supervisors of the "
        "site see your mark, and the item comes back when its cause changes.",
        (start, end, sites),
        dcc.Store(id=ids.REFRESH, data=0),
        dcc.Store(id=ids.SNOOZE_ITEM, data=None),
        html.Section(id=ids.WINS, className="mb-3", **{"aria-label": "This week's wins"}),
        html.Section(id=ids.COUNTS, className="mb-3", **{"aria-label": "Items by kind"}),
        dbc.Switch(
            id=ids.SHOW_SNOOZED,
            label="Show snoozed items too",
            value=False,
            className="mb-3",
        ),
        alert_area(ids.MESSAGE),
        dcc.Loading(html.Div(id=ids.LIST), type="default", delay_show=300),
        html.Section(
            [
                html.H2("The weekly digest", className="h5 mt-4"),
                dbc.Switch(
                    id=ids.DIGEST_SWITCH,
                    label="Email me this list once a week (it never names a mentee)",
                    value=False,
                    disabled=True,
                ),
                html.Div(id=ids.DIGEST_NOTE, className="small text-body-secondary"),
            ],
            className="mt-4 border-top pt-3",
        ),
        snooze_modal(),
    )
