"""The Consultation notes page: save the editor's note, and go on after a conflict.

Every write goes through ``data.services.notes`` (one transaction, data version bumped,
audited). A refused or failed save never clears the form: the typed text stays, and the
browser's draft (assets/notes_drafts.js) keeps it across a reload until a save succeeds.
Someone else's save first shows both texts; the next Save can start from theirs.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, no_update

from callbacks.notes.common import (
    DATABASE_DOWN,
    EDITOR_FIELDS,
    FIELD_ERRORS,
    HIDDEN_BUTTON,
    REFRESHED,
    SHOWN_BUTTON,
    again,
    bump_refresh,
    clicked,
    conflict_outputs,
    draft_key,
    editor_for,
    meeting_of,
    parse_month,
    positive_id,
    writer_scope,
)
from callbacks.notes.problems import WRITE_ERRORS, write_problem
from dashboard.context import AppContext
from data.services import notes as service
from layouts.components import problem_alert
from layouts.ids import NotesIds as ids
from layouts.notes_parts import conflict_panel

# (save feedback, kind error, mentor error, text error, owner error, conflict panel,
#  conflict button class, conflict version, editing, text, drafts, refresh, editor title)
SaveResult = tuple[Any, ...]
SAVE_ANSWERS = (
    "kind",
    "mentor",
    "text_error",
    "owner",
    "conflict",
    "button",
    "their_version",
    "editing",
    "text",
    "drafts",
    "refresh",
    "title",
)
# What a save clears unless it says otherwise: the field errors and the conflict shown.
CLEARED = {"kind", "mentor", "text_error", "owner", "conflict"}


def _save_result(feedback: Any = no_update, **changes: Any) -> SaveResult:
    defaults: dict[str, Any] = {name: None for name in CLEARED} | {"button": HIDDEN_BUTTON}
    return (feedback, *[changes.get(k, defaults.get(k, no_update)) for k in SAVE_ANSWERS])


def _new_note(meeting_id: int) -> dict[str, object]:
    return {"meeting_id": meeting_id, "note_id": None, "version": None, "original": ""}


def _without_draft(drafts: object, key: str | None) -> Any:
    if not isinstance(drafts, dict) or not key or key not in drafts:
        return no_update
    return {k: v for k, v in drafts.items() if k != key}


def note_draft(
    kind: object,
    mentor_id: int | None,
    text: object,
    owner: object,
    due: object,
    status: object,
    room: object,
) -> service.NoteDraft:
    """The editor's fields as a draft for the notes service (which validates it)."""
    return service.NoteDraft(
        kind=kind if isinstance(kind, str) else "",
        text=text if isinstance(text, str) else "",
        mentor_id=mentor_id,
        owner=owner if isinstance(owner, str) else None,
        due_month=parse_month(due),
        status=status if isinstance(status, str) else None,
        shown_in_room=isinstance(room, list) and "room" in room,
    )


def _invalid(invalid: service.NoteInvalid) -> SaveResult:
    errors = invalid.errors
    return _save_result(
        problem_alert("Nothing was saved: please correct the fields marked below.", "warning"),
        kind=errors.get("kind"),
        mentor=errors.get("mentor"),
        text_error=errors.get("text"),
        owner=errors.get("owner") or errors.get("status"),
    )


def _conflict(conflict: service.NoteConflict, meeting_id: int) -> SaveResult:
    panel = conflict_panel(conflict.their_author, conflict.theirs, conflict.yours, conflict.deleted)
    if conflict.deleted:
        return _save_result(
            problem_alert("Not saved: this note was deleted meanwhile.", "warning"),
            conflict=panel,
            editing=_new_note(meeting_id),
            title="New note (the note you edited was deleted)",
        )
    return _save_result(
        problem_alert("Not saved: someone else saved this note first.", "warning"),
        conflict=panel,
        button=SHOWN_BUTTON,
        their_version=conflict.their_version,
    )


def save_note(
    clicks: object,
    editing: object,
    kind: object,
    mentor: object,
    text: object,
    owner: object,
    due: object,
    status: object,
    room: object,
    query: dict | None,
    drafts: object,
    refresh: object,
    ctx: AppContext,
) -> SaveResult:
    """Save the editor's note: add it, or save a new version of the note being edited.

    Bad input: messages beside the fields, nothing saved. Someone saved first: both texts
    shown, the typed text stays. Database down: says so, the typed text stays.
    """
    if not clicked(clicks):
        raise dash.exceptions.PreventUpdate
    editing = editing if isinstance(editing, dict) else {}
    meeting_id = positive_id(editing.get("meeting_id")) or meeting_of(query)
    note_id = positive_id(editing.get("note_id"))
    if meeting_id is None:
        return _save_result(problem_alert("Open a meeting before writing a note.", "warning"))
    mentor_id = positive_id(mentor)
    if mentor not in (None, "") and mentor_id is None:
        return _save_result(
            problem_alert("Nothing was saved.", "warning"), mentor="Choose a mentor from the list."
        )
    draft = note_draft(kind, mentor_id, text, owner, due, status, room)
    try:
        scope = writer_scope(ctx, query)
        if note_id is None:
            saved = service.add_note(ctx.engine, scope, meeting_id, draft, editor_for(scope))
        else:
            version = positive_id(editing.get("version")) or 0
            saved = service.edit_note(ctx.engine, scope, note_id, version, draft, editor_for(scope))
    except service.NoteInvalid as invalid:
        return _invalid(invalid)
    except service.NoteConflict as conflict:
        return _conflict(conflict, meeting_id)
    except WRITE_ERRORS as error:
        return _save_result(write_problem(error, DATABASE_DOWN, "Nothing was saved: "))
    what = "Note saved." if note_id is None else f"Saved as version {saved.version}."
    return _save_result(
        problem_alert(what, "success"),
        editing=_new_note(meeting_id),
        text="",
        drafts=_without_draft(drafts, draft_key(editing)),
        refresh=bump_refresh(refresh),
        title="New note",
    )


def continue_from_theirs(clicks: object, their_version: object, editing: object) -> tuple:
    """After a conflict: the next Save starts from their version (kept in the history)."""
    version = positive_id(their_version)
    if not clicked(clicks) or version is None or not isinstance(editing, dict):
        raise dash.exceptions.PreventUpdate
    return (
        {**editing, "version": version},
        None,
        HIDDEN_BUTTON,
        problem_alert(
            f"Your text is in the form: Save makes it version {version + 1}, after "
            "theirs (which stays in the history).",
            "info",
        ),
    )


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register Save and "Continue from their version" of the Consultation notes page."""
    app.callback(
        again(ids.SAVE_FEEDBACK, "children"),
        *(Output(error, "children") for error in FIELD_ERRORS),
        *conflict_outputs(duplicate=True),
        Output(ids.CONFLICT_VERSION, "data"),
        again(ids.EDITING, "data"),
        again(ids.TEXT, "value"),
        again(ids.DRAFTS, "data"),
        REFRESHED,
        again(ids.EDITOR_TITLE, "children"),
        Input(ids.SAVE, "n_clicks"),
        State(ids.EDITING, "data"),
        *(State(field, "value") for field in EDITOR_FIELDS),
        State(ids.QUERY, "data"),
        State(ids.DRAFTS, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(lambda *clicks_editing_fields_page: save_note(*clicks_editing_fields_page, ctx))
    app.callback(
        again(ids.EDITING, "data"),
        *conflict_outputs(duplicate=True),
        again(ids.SAVE_FEEDBACK, "children"),
        Input(ids.CONFLICT_CONTINUE, "n_clicks"),
        State(ids.CONFLICT_VERSION, "data"),
        State(ids.EDITING, "data"),
        prevent_initial_call=True,
    )(continue_from_theirs)
