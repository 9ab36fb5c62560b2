"""The Consultation notes page: delete a note (softly, through ``data.services.notes``) and
undo the last delete."""

from __future__ import annotations

from typing import Any

import dash
from dash import ALL, Input, Output, State, no_update
from dash import ctx as dash_ctx

from callbacks.notes.common import (
    again,
    bump_refresh,
    clicked,
    editor_for,
    positive_id,
    pressed_note,
    register_write,
    scoped_note,
    writer_scope,
)
from callbacks.notes.problems import WRITE_ERRORS, write_problem
from dashboard.context import AppContext
from data.services import notes as service
from layouts.components import problem_alert
from layouts.ids import NotesIds as ids
from layouts.notes_parts import KIND_LABELS

# (note status, undo button class, note to undo, refresh)
DeleteResult = tuple[Any, Any, Any, Any]


def delete_note(
    clicks: list | None, query: dict | None, refresh: object, ctx: AppContext, trigger: object
) -> DeleteResult:
    """Delete (softly) the note whose Delete button (``trigger``) was pressed; offer Undo."""
    note_id = pressed_note(clicks, trigger)
    try:
        filters, found = scoped_note(ctx, query, note_id)
        if found.empty:
            return problem_alert("That note is not available.", "warning"), *(no_update,) * 3
        note = found.iloc[0]
        service.delete_note(
            ctx.engine, filters.scope, note_id, int(note["version"]), editor_for(filters.scope)
        )
    except service.NoteConflict:
        changed = "Not deleted: the note changed meanwhile; look at it again."
        return problem_alert(changed, "warning"), no_update, no_update, bump_refresh(refresh)
    except WRITE_ERRORS as error:
        unavailable = "The database did not answer; nothing was deleted."
        return write_problem(error, unavailable), no_update, no_update, no_update
    label = KIND_LABELS.get(str(note["kind"]), "Note")
    deleted = problem_alert(f"{label} deleted. You can undo this.", "success")
    return deleted, "", note_id, bump_refresh(refresh)


def undo_delete(
    clicks: object, note: object, query: dict | None, refresh: object, ctx: AppContext
) -> DeleteResult:
    """Bring back the note deleted last."""
    note_id = positive_id(note)
    if not clicked(clicks) or note_id is None:
        raise dash.exceptions.PreventUpdate
    try:
        scope = writer_scope(ctx, query)
        service.undo_delete(ctx.engine, scope, note_id, editor_for(scope))
    except WRITE_ERRORS as error:
        unavailable = "The database did not answer; the note is still deleted."
        return write_problem(error, unavailable), no_update, no_update, no_update
    return problem_alert("Note restored.", "success"), "d-none", None, bump_refresh(refresh)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register Delete and Undo of the Consultation notes page."""
    register_write(
        app,
        lambda clicks, query, refresh: delete_note(
            clicks, query, refresh, ctx, dash_ctx.triggered_id
        ),
        (
            Output(ids.NOTE_STATUS, "children"),
            Output(ids.UNDO, "className"),
            Output(ids.UNDO_NOTE, "data"),
        ),
        (Input({"type": ids.DELETE_BUTTON, "index": ALL}, "n_clicks"),),
    )
    register_write(
        app,
        lambda clicks, note, query, refresh: undo_delete(clicks, note, query, refresh, ctx),
        (
            again(ids.NOTE_STATUS, "children"),
            again(ids.UNDO, "className"),
            again(ids.UNDO_NOTE, "data"),
        ),
        (Input(ids.UNDO, "n_clicks"), State(ids.UNDO_NOTE, "data")),
    )
