"""The Consultation notes page: mark done an action item carried over from an earlier
meeting (a new version of the note with status 'done', through ``data.services.notes``)."""

from __future__ import annotations

from typing import Any

import dash
from dash import ALL, Input, no_update
from dash import ctx as dash_ctx

from callbacks.notes.common import (
    again,
    bump_refresh,
    editor_for,
    pressed_note,
    register_write,
    scoped_note,
    stored_id,
)
from callbacks.notes.problems import WRITE_ERRORS, write_problem
from dashboard.context import AppContext
from data.services import notes as service
from layouts.components import problem_alert
from layouts.ids import NotesIds as ids


def close_carried_item(
    clicks: list | None, query: dict | None, refresh: object, ctx: AppContext, trigger: object
) -> tuple[Any, Any]:
    """Mark done the carried-over action item whose button (``trigger``) was pressed: a new
    version of the note with status 'done' (its text and the rest unchanged)."""
    note_id = pressed_note(clicks, trigger)
    try:
        filters, found = scoped_note(ctx, query, note_id)
        if found.empty or found.iloc[0]["kind"] != "action_item":
            return problem_alert("That action item is not available.", "warning"), no_update
        note = found.iloc[0]
        draft = service.NoteDraft(
            kind="action_item",
            text=str(note["text"]),
            mentor_id=stored_id(note["mentor_id"]),
            owner=note["owner"],
            due_month=note["due_month"],
            status="done",
        )
        version = int(note["version"])
        editor = editor_for(filters.scope)
        service.edit_note(ctx.engine, filters.scope, note_id, version, draft, editor)
    except service.NoteConflict:
        changed = "Not changed: the action item was edited meanwhile; look again."
        return problem_alert(changed, "warning"), bump_refresh(refresh)
    except WRITE_ERRORS as error:
        unavailable = "The database did not answer; nothing was changed."
        return write_problem(error, unavailable), no_update
    return problem_alert("Action item marked done.", "success"), bump_refresh(refresh)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the carried-over action items' Done buttons."""
    register_write(
        app,
        lambda clicks, query, refresh: close_carried_item(
            clicks, query, refresh, ctx, dash_ctx.triggered_id
        ),
        (again(ids.NOTE_STATUS, "children"),),
        (Input({"type": ids.CARRIED_DONE, "index": ALL}, "n_clicks"),),
    )
