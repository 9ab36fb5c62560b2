"""Clearing a consultation note for the room: the panel that shows the note as the shared
screen would read it, and the button that lets it through (or withdraws it).

Meeting mode, its pack and its slides show a note's text only while it is cleared as it is
now (``data.queries.notes.cleared_for_room``): a supervisor reads what redaction replaced and
what still looks like a name or a number, then clears it. The write goes through
``data.services.notes.clear_for_room``: staff of the note's site only, refused when the note
changed since the panel showed it, and audited.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import ALL, Input, Output, State, no_update
from dash import ctx as dash_ctx
from sqlalchemy.exc import SQLAlchemyError

from callbacks.notes.common import (
    again,
    any_clicked,
    bump_refresh,
    editor_for,
    notes_filters,
    positive_id,
    pressed_note,
    register_write,
    scoped_note,
)
from callbacks.notes.problems import WRITE_ERRORS, write_problem
from dashboard.context import AppContext
from data.queries import meeting as room
from data.services import notes as service
from layouts.ids import NotesIds as ids
from layouts.notes_clearing import clearing_panel, clearing_result
from layouts.notes_parts import KIND_LABELS

UNAVAILABLE = "The database did not answer; nothing was changed."


def show_clearing(
    clicks: list | None, query: dict | None, ctx: AppContext, trigger: object
) -> tuple[Any, Any]:
    """(panel, target) for the note whose "Clear for the room" button was pressed."""
    note_id = pressed_note(clicks, trigger)
    try:
        filters, found = scoped_note(ctx, query, note_id)
        if found.empty or bool(found.iloc[0]["deleted"]):
            return clearing_result("That note is not available.", "warning"), None
        segments = room.clearing_preview(ctx.engine, filters, note_id)
    except WRITE_ERRORS as error:
        return write_problem(error, UNAVAILABLE), None
    note = found.iloc[0]
    cleared = bool(note["cleared"])
    label = KIND_LABELS.get(str(note["kind"]), "note").lower()
    rows = list(segments.itertuples(index=False, name=None))
    target = {"note_id": note_id, "version": int(note["version"]), "cleared": cleared}
    return clearing_panel(note_id, label, rows, cleared), target


def confirm_clearing(
    clicks: object,
    target: object,
    query: dict | None,
    refresh: object,
    ctx: AppContext,
    trigger: object,
) -> tuple[Any, Any, Any]:
    """(panel, target, refresh): clear the panel's note for the room, or withdraw it; Close
    only closes the panel. ``clicks``: the pressed button's count (Dash also calls this when
    the panel's buttons first appear, unpressed)."""
    if not any_clicked([clicks]):
        raise dash.exceptions.PreventUpdate
    if trigger == ids.CLEAR_CLOSE:
        return None, None, no_update
    if trigger != ids.CLEAR_CONFIRM or not isinstance(target, dict):
        raise dash.exceptions.PreventUpdate
    note_id = positive_id(target.get("note_id"))
    version = positive_id(target.get("version"))
    if note_id is None or version is None:
        raise dash.exceptions.PreventUpdate
    withdraw = target.get("cleared") is True
    try:
        filters = notes_filters(ctx, query)
        service.clear_for_room(
            ctx.engine, filters.scope, note_id, version, editor_for(filters.scope),
            cleared=not withdraw,
        )  # fmt: skip
    except service.NoteConflict:
        message = "Not changed: the note was edited meanwhile. Read it again before clearing."
        return clearing_result(message, "warning"), None, bump_refresh(refresh)
    except WRITE_ERRORS as error:
        # Refused: the panel lets go of its note; the database down: it keeps it, to retry.
        kept = no_update if isinstance(error, SQLAlchemyError) else None
        return write_problem(error, UNAVAILABLE), kept, no_update
    message = (
        "Withdrawn: meeting mode no longer shows this note."
        if withdraw
        else "Cleared: meeting mode shows this note (mentee names and codes as “a mentee”)."
    )
    return clearing_result(message), None, bump_refresh(refresh)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the clearing panel's callbacks on ``app``."""
    app.callback(
        Output(ids.CLEARING, "children"),
        Output(ids.CLEAR_TARGET, "data"),
        Input({"type": ids.CLEAR_BUTTON, "index": ALL}, "n_clicks"),
        State(ids.QUERY, "data"),
        prevent_initial_call=True,
    )(lambda clicks, query: show_clearing(clicks, query, ctx, dash_ctx.triggered_id))

    def _confirm(confirm_clicks, close_clicks, target, query, refresh):  # type: ignore[no-untyped-def]
        pressed = dash_ctx.triggered_id
        clicks = close_clicks if pressed == ids.CLEAR_CLOSE else confirm_clicks
        return confirm_clearing(clicks, target, query, refresh, ctx, pressed)

    register_write(
        app,
        _confirm,
        (again(ids.CLEARING, "children"), again(ids.CLEAR_TARGET, "data")),
        (
            Input(ids.CLEAR_CONFIRM, "n_clicks"),
            Input(ids.CLEAR_CLOSE, "n_clicks"),
            State(ids.CLEAR_TARGET, "data"),
        ),
    )
