"""The Consultation notes page's editor: fill it with a new note or the note to edit (each
restoring the unsaved draft this browser kept), show the fields the chosen kind needs, and
copy every change of the text into the browser's drafts (``assets/notes_drafts.js``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash
from dash import ALL, Input, Output, State
from dash import ctx as dash_ctx

from callbacks.notes.common import (
    EDITOR_FIELDS,
    HIDDEN_BUTTON,
    again,
    conflict_outputs,
    draft_key,
    meeting_of,
    month_value,
    positive_id,
    pressed_note,
    scoped_note,
    stored_id,
)
from callbacks.notes.problems import READ_ERRORS
from dashboard.context import AppContext
from data.services import notes as service
from layouts.components import problem_alert
from layouts.ids import NotesIds as ids
from layouts.notes_parts import KIND_LABELS

NOT_EDITABLE = "That note cannot be edited (it was deleted or is not yours to see)."

# (editing store, editor title, kind, mentor, text, owner, due, status, room, draft notice,
#  save feedback, conflict panel, conflict button class)
EditorState = tuple[Any, ...]


def _state(
    editing: dict, title: str, fields: tuple, notice: Any, feedback: Any = None
) -> EditorState:
    """The editor filled with ``fields`` (one value per EDITOR_FIELDS), no conflict shown."""
    return (editing, title, *fields, notice, feedback, None, HIDDEN_BUTTON)


def draft_of(drafts: object, editing: dict) -> dict | None:
    """The unsaved draft this browser kept for ``editing`` (its text bounded), if any."""
    key = draft_key(editing)
    if not key or not isinstance(drafts, dict):
        return None
    draft = drafts.get(key)
    if isinstance(draft, dict) and isinstance(draft.get("text"), str) and draft["text"].strip():
        return {**draft, "text": draft["text"][: service.MAX_NOTE_CHARS * 2]}
    return None


def blank_editor(meeting_id: int | None, drafts: object, feedback: Any = None) -> EditorState:
    """The editor for a new note in the meeting, restoring its unsaved draft if there is one."""
    editing = {"meeting_id": meeting_id, "note_id": None, "version": None, "original": ""}
    draft = draft_of(drafts, editing)
    notice = None
    kind, mentor, text = "accomplishment", None, ""
    if draft:
        text = draft.get("text", "")
        drafted_kind = draft.get("kind")
        if isinstance(drafted_kind, str) and drafted_kind in KIND_LABELS:
            kind = drafted_kind
        mentor = positive_id(draft.get("mentor_id"))
        notice = problem_alert(
            "Restored the note you had not saved yet (kept in this browser).", "info"
        )
    fields = (kind, mentor, text, "supervisor", None, "open", [])
    return _state(editing, "New note", fields, notice, feedback)


def _note_editor(note: Any, note_id: int, drafts: object) -> EditorState:
    """The editor holding ``note`` (a row of ``note_in_scope``), or its unsaved changes."""
    text, notice = str(note["text"]), None
    editing = {
        "meeting_id": int(note["meeting_id"]),
        "note_id": note_id,
        "version": int(note["version"]),
        "original": text,
    }
    draft = draft_of(drafts, editing)
    if draft and draft["text"] != text:
        text = draft["text"]
        base = positive_id(draft.get("version"))
        if base:
            editing["version"] = base
        notice = problem_alert(
            "Restored your unsaved changes to this note (kept in this browser). "
            "The saved text is in its History.",
            "info",
        )
    due = note["due_month"]
    fields = (
        str(note["kind"]),
        stored_id(note["mentor_id"]),
        text,
        note["owner"] or "supervisor",
        month_value(due) if isinstance(due, dt.date) else None,
        note["status"] or "open",
        ["room"] if bool(note["shown_in_room"]) else [],
    )
    kind = KIND_LABELS.get(str(note["kind"]), "note")
    return _state(editing, f"Editing: {kind} (version {int(note['version'])})", fields, notice)


def start_editing(
    _new: object,
    edit_clicks: list | None,
    query: dict | None,
    drafts: object,
    ctx: AppContext,
    trigger: object = None,
) -> EditorState:
    """Fill the editor: a new note (restoring an unsaved draft), or the note whose Edit
    button was pressed (restoring unsaved changes to it, from the version they started on)."""
    meeting_id = meeting_of(query)
    if not isinstance(trigger, dict):
        return blank_editor(meeting_id, drafts)
    note_id = pressed_note(edit_clicks, trigger)
    try:
        _filters, found = scoped_note(ctx, query, note_id)
    except READ_ERRORS:
        found = None
    if found is None or found.empty or bool(found.iloc[0]["deleted"]):
        return blank_editor(meeting_id, drafts, problem_alert(NOT_EDITABLE, "warning"))
    return _note_editor(found.iloc[0], note_id, drafts)


def kind_fields(kind: object) -> tuple[bool, bool]:
    """(action-item fields hidden, room switch hidden) for the chosen kind."""
    return kind != "action_item", kind != "challenge"


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the editor's callbacks of the Consultation notes page."""
    app.callback(
        Output(ids.EDITING, "data"),
        Output(ids.EDITOR_TITLE, "children"),
        *(Output(field, "value") for field in EDITOR_FIELDS),
        Output(ids.DRAFT_NOTICE, "children"),
        Output(ids.SAVE_FEEDBACK, "children"),
        *conflict_outputs(duplicate=False),
        Input(ids.NEW_NOTE, "n_clicks"),
        Input({"type": ids.EDIT_BUTTON, "index": ALL}, "n_clicks"),
        Input(ids.QUERY, "data"),
        State(ids.DRAFTS, "data"),
    )(
        lambda new, edits, query, drafts: start_editing(
            new, edits, query, drafts, ctx, dash_ctx.triggered_id
        )
    )
    app.callback(
        Output(ids.ACTION_FIELDS, "hidden"),
        Output(ids.ROOM_FIELD, "hidden"),
        Input(ids.KIND, "value"),
    )(kind_fields)
    # Drafts: every change of the text is copied into the browser's local storage
    # (assets/notes_drafts.js), so a reload or a closed tab loses nothing.
    app.clientside_callback(
        dash.ClientsideFunction(namespace="notesDrafts", function_name="keep"),
        again(ids.DRAFTS, "data"),
        Input(ids.TEXT, "value"),
        State(ids.KIND, "value"),
        State(ids.MENTOR, "value"),
        State(ids.EDITING, "data"),
        State(ids.DRAFTS, "data"),
        prevent_initial_call=True,
    )
