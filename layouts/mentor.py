"""One mentor's page (``/mentors/<id>``): who they are, the supervision card for the month,
the notes from consultation meetings (accomplishments first), and their charts.

Staff only (the guard refuses other roles); the mentor id from the path is only checked for
shape here: the callback checks it against the scope and fills everything.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from layouts.components import alert_area, captioned, page_header
from layouts.ids import MentorIds as ids

TITLE = "Mentor"
MAX_ID_CHARS = 10
# The kinds of meeting notes the supervision card lists, strengths first.
CARD_NOTE_KINDS = {
    "accomplishment": "Accomplishments",
    "positive_impact": "Positive impact",
    "action_item": "Action items",
}


def _mentor_id_text(mentor_id: object) -> str:
    """The path's mentor id if it looks like one (digits), else '' (the callback says why)."""
    text = mentor_id if isinstance(mentor_id, str) else ""
    return text if text.isdigit() and len(text) <= MAX_ID_CHARS else ""


def supervision_card_frame() -> Component:
    """The printable card's frame; its body comes by callback (one A4 page when printed)."""
    return html.Section(
        [
            html.Div(
                [
                    html.H2("Supervision card", className="h5 mb-0"),
                    html.Span(id=ids.CARD_MONTH, className="text-body-secondary"),
                    dbc.Button(
                        "Print the card",
                        id=ids.PRINT,
                        size="sm",
                        color="primary",
                        outline=True,
                        className="ms-auto d-print-none",
                    ),
                ],
                className="d-flex gap-3 align-items-baseline mb-2",
            ),
            html.Div(id=ids.CARD),
        ],
        className="supervision-card card card-body shadow-sm mb-4",
        **{"aria-label": "Supervision card"},
    )


def layout(
    mentor_id: object = None,
    start: str | None = None,
    end: str | None = None,
    sites: str | None = None,
    **_: object,
) -> Component:
    """The mentor page for the path's ``mentor_id`` and the URL's filters."""
    return html.Div(
        [
            dcc.Store(
                id=ids.QUERY,
                data={
                    "start": start,
                    "end": end,
                    "sites": sites,
                    "mentor": _mentor_id_text(mentor_id),
                },
            ),
            dcc.Location(id=ids.NAV, refresh="callback-nav"),
            page_header(
                TITLE,
                ids.HEADING,
                "One mentor against their own past: what they and their mentees achieved, "
                "the month's supervision card, and their work over the period. Opening this "
                "page is recorded in the audit trail.",
            ),
            alert_area(ids.ALERT),
            html.Div(id=ids.PROFILE, className="mentor-profile mb-3"),
            supervision_card_frame(),
            html.Section(
                [
                    html.H2("Consultation meeting notes", className="h5"),
                    html.P(
                        "What the monthly consultation meetings noted about this mentor, "
                        "accomplishments first.",
                        className="small text-body-secondary",
                    ),
                    html.Div(id=ids.NOTES),
                ],
                className="mentor-notes-section mb-4",
                **{"aria-label": "Consultation meeting notes"},
            ),
            dbc.Row(
                [
                    dbc.Col(captioned(ids.MILESTONES_GRAPH, ids.MILESTONES_CAPTION), lg=6),
                    dbc.Col(captioned(ids.CASELOAD_GRAPH, ids.CASELOAD_CAPTION), lg=6),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        captioned(
                            ids.CONTACTS_GRAPH,
                            ids.CONTACTS_CAPTION,
                            "Click a month to look at that month.",
                        ),
                        lg=7,
                    ),
                    dbc.Col(captioned(ids.SUPPORT_GRAPH, ids.SUPPORT_CAPTION), lg=5),
                ]
            ),
            captioned(ids.GROUPS_GRAPH, ids.GROUPS_CAPTION),
        ],
        className="mentor-page",
    )


def profile(
    name: str, site: str, status: str, since: str, left: str | None, capacity: int, caseload: str
) -> Component:
    """The mentor's name and facts, filled in by the callback."""
    facts = [
        f"{site}",
        f"in post since {since}" + (f", left {left}" if left else ""),
        status.replace("_", " "),
        f"{caseload} mentees now, capacity {capacity}",
    ]
    return html.Div(
        [
            html.H2(name, className="h3 mb-1"),
            html.P(" · ".join(facts), className="text-body-secondary mb-0"),
        ]
    )


def card_notes(texts: dict[str, list[str]], empty: bool) -> Component | None:
    """The month's meeting notes on the card (``texts`` by kind), a line when there are none
    (``empty``); None when none of the kinds the card lists has any."""
    if empty:
        return html.P(
            "No consultation-meeting notes about them for this month.",
            className="small text-body-secondary mb-0",
        )
    parts: list[Component] = []
    for kind, heading in CARD_NOTE_KINDS.items():
        if texts.get(kind):
            parts.append(html.H3(heading, className="h6 mb-1 mt-2"))
            parts.append(html.Ul([html.Li(t) for t in texts[kind]], className="mb-1"))
    return html.Div(parts, className="card-notes") if parts else None


def card_body(lines: list[tuple[str, str, str, str, bool]], notes: Component | None) -> Component:
    """The card: a table of (label, this month, usual, words, strength), strengths first,
    then the meeting's notes for the month when there are any."""
    header = html.Thead(
        html.Tr(
            [
                html.Th("", scope="col"),
                html.Th("This month", scope="col", className="text-end"),
                html.Th("Their usual (3 months before)", scope="col", className="text-end"),
                html.Th("Against their own past", scope="col"),
            ]
        )
    )

    def section(title: str, rows: list[tuple[str, str, str, str, bool]]) -> list[Component]:
        out: list[Component] = [html.Tr(html.Th(title, colSpan=4, className="card-section"))]
        for label, now, usual, words, _strength in rows:
            out.append(
                html.Tr(
                    [
                        html.Th(label, scope="row", className="fw-normal"),
                        html.Td(now, className="text-end fw-semibold"),
                        html.Td(usual, className="text-end"),
                        html.Td(words),
                    ]
                )
            )
        return out

    strengths = [line for line in lines if line[4]]
    care = [line for line in lines if not line[4]]
    body = html.Tbody(section("Strengths and impact", strengths) + section("Taking care", care))
    children: list[Component] = [
        dbc.Table([header, body], size="sm", className="card-table mb-2", bordered=False)
    ]
    if notes is not None:
        children.append(notes)
    return html.Div(children)
