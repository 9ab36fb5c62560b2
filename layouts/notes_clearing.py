"""The panel where a supervisor reads a note as the room would and clears it for the room."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from layouts.components import problem_alert
from layouts.ids import NotesIds as ids

REDACTED = "a mentee"
LEGEND = (
    "Struck through: a mentee's name or code; the room reads “a mentee” instead. "
    "Highlighted: looks like a name or a number. Read those before you clear the note: the "
    "room sees them as written."
)


def _segment(text: str, kind: str) -> Component | str:
    if kind == "replaced":
        return html.Span(
            [html.Del(text), " ", html.Ins(REDACTED)],
            className="clearing-replaced",
            title="A mentee's name or code: the room reads “a mentee”",
        )
    if kind == "check":
        return html.Mark(text, title="Looks like a name or a number: check it")
    return text


def clearing_panel(
    note_id: int, label: str, segments: Sequence[tuple[str, str]], cleared: bool
) -> Component:
    """The note in ``segments`` (text, kind) with what redaction replaced struck through and
    what still looks like a name or a number highlighted, and the button that clears it (or
    withdraws it, when ``cleared``)."""
    checks = sum(1 for _, kind in segments if kind == "check")
    replaced = sum(1 for _, kind in segments if kind == "replaced")
    summary = (
        f"{replaced} mentee identit{'y' if replaced == 1 else 'ies'} replaced; "
        f"{checks} thing{'' if checks == 1 else 's'} to check."
    )
    action = "Withdraw from the room" if cleared else "Clear for the room"
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(f"How the room would read this {label}", className="h6"),
                html.P(
                    [_segment(text, kind) for text, kind in segments],
                    className="clearing-text border rounded p-2",
                    id=f"notes-clearing-text-{note_id}",
                ),
                html.P(summary, className="small mb-1"),
                html.P(LEGEND, className="small text-body-secondary"),
                dbc.Button(action, id=ids.CLEAR_CONFIRM, color="success", size="sm",
                           className="me-2"),
                dbc.Button("Close", id=ids.CLEAR_CLOSE, color="secondary", outline=True,
                           size="sm"),
            ]
        ),
        className="mb-3 border-success",
    )  # fmt: skip


def clearing_result(message: str, color: str = "success") -> Component:
    """What the panel says once the note was cleared or withdrawn (or why not)."""
    return problem_alert(message, color=color)
