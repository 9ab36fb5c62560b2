"""The Consultation notes page, writing: create a meeting, attendees, the note editor (with
drafts kept in the browser), save with conflict handling, delete and undo.

Every write goes through ``data.services.notes`` (one transaction, data version bumped,
audited). A refused or failed save never clears the form: the typed text stays, and the
browser's draft (assets/notes_drafts.js) keeps it across a reload until a save succeeds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash
from dash import ALL, Input, Output, State, no_update
from dash import ctx as dash_ctx
from sqlalchemy.exc import SQLAlchemyError

from callbacks.filters import PROBLEMS, problem_message
from callbacks.notes_common import (
    DATABASE_DOWN,
    any_clicked,
    bump_refresh,
    clicked,
    draft_key,
    editor_for,
    meeting_of,
    month_value,
    notes_filters,
    page_href,
    parse_day,
    parse_month,
    positive_id,
    stored_id,
)
from dashboard.context import AppContext
from data.queries import notes as note_queries
from data.services import notes as service
from layouts.components import problem_alert
from layouts.ids import NotesIds as ids
from layouts.notes_parts import KIND_LABELS, conflict_panel

HIDDEN_BUTTON = "mt-2 d-none"
SHOWN_BUTTON = "mt-2"
MAX_DRAFTS = 50


def _message(text: str, color: str = "success") -> Any:
    return problem_alert(text, color)


def _writer_scope(ctx: AppContext, query: dict | None):  # type: ignore[no-untyped-def]
    """The writer's scope (after the page's role check and filter validation)."""
    return notes_filters(ctx, query).scope


# --- meetings -------------------------------------------------------------------------------


def create_meeting(
    clicks: object,
    query: dict | None,
    site: object,
    month: object,
    held_on: object,
    ctx: AppContext,
) -> tuple[Any, Any]:
    """Create the chosen site's meeting for the chosen month; go to it when created."""
    if not clicked(clicks):
        raise dash.exceptions.PreventUpdate
    site_id, first = positive_id(site), parse_month(month)
    if site_id is None or first is None:
        return _message("Choose a site and a month for the meeting.", "warning"), no_update
    day = parse_day(held_on) if held_on else None
    if held_on and day is None:
        return _message("The meeting date must be a date like 2026-11-12.", "warning"), no_update
    try:
        scope = _writer_scope(ctx, query)
        meeting_id = service.create_meeting(
            ctx.engine, scope, service.MeetingPlan(site_id, first, day), editor_for(scope)
        )
    except service.NoteInvalid as invalid:
        return _message(str(invalid), "warning"), no_update
    except (service.NotePermission, service.NoteNotFound, *PROBLEMS) as error:
        return _message(
            problem_message(error) if isinstance(error, PROBLEMS) else str(error), "warning"
        ), no_update
    except SQLAlchemyError:
        return _message("The database did not answer; the meeting was not created.", "danger"), (
            no_update
        )
    href = page_href(query, meeting=meeting_id, month=month_value(first))
    return _message(f"Meeting for {first:%B %Y} created."), href


def save_attendees(
    clicks: object, query: dict | None, chosen: object, refresh: object, ctx: AppContext
) -> tuple[Any, Any]:
    """Replace the meeting's attendees with the ticked mentors."""
    if not clicked(clicks):
        raise dash.exceptions.PreventUpdate
    meeting_id = meeting_of(query)
    values = chosen if isinstance(chosen, list) else []
    mentor_ids = [positive_id(v) for v in values[:500]]
    if meeting_id is None or any(m is None for m in mentor_ids):
        return _message("Choose attendees from the list.", "warning"), no_update
    try:
        scope = _writer_scope(ctx, query)
        service.set_attendees(ctx.engine, scope, meeting_id, mentor_ids, editor_for(scope))  # type: ignore[arg-type]
    except service.NoteInvalid as invalid:
        return _message(str(invalid), "warning"), no_update
    except (service.NotePermission, service.NoteNotFound, *PROBLEMS) as error:
        return _message(
            problem_message(error) if isinstance(error, PROBLEMS) else str(error), "warning"
        ), no_update
    except SQLAlchemyError:
        return _message("The database did not answer; attendees were not saved.", "danger"), (
            no_update
        )
    n = len(mentor_ids)
    return _message(f"Attendance saved ({n} mentor{'s' if n != 1 else ''})."), bump_refresh(refresh)


# --- the editor -----------------------------------------------------------------------------

# (editing store, editor title, kind, mentor, text, owner, due, status, room, draft notice,
#  save feedback, conflict panel, conflict button class)
EditorState = tuple[Any, ...]


def _blank_editor(meeting_id: int | None, drafts: object) -> EditorState:
    editing = {"meeting_id": meeting_id, "note_id": None, "version": None, "original": ""}
    draft = _draft(drafts, editing)
    notice = None
    kind, mentor, text, owner, due, status = "accomplishment", None, "", "supervisor", None, "open"
    if draft:
        text = draft.get("text", "")
        drafted_kind = draft.get("kind")
        kind = (
            drafted_kind if isinstance(drafted_kind, str) and drafted_kind in KIND_LABELS else kind
        )
        mentor = positive_id(draft.get("mentor_id"))
        notice = _message("Restored the note you had not saved yet (kept in this browser).", "info")
    return (
        editing,
        "New note",
        kind,
        mentor,
        text,
        owner,
        due,
        status,
        [],
        notice,
        None,
        None,
        HIDDEN_BUTTON,
    )


def _draft(drafts: object, editing: dict) -> dict | None:
    key = draft_key(editing)
    if not key or not isinstance(drafts, dict):
        return None
    draft = drafts.get(key)
    if isinstance(draft, dict) and isinstance(draft.get("text"), str) and draft["text"].strip():
        return {**draft, "text": draft["text"][: service.MAX_NOTE_CHARS * 2]}
    return None


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
        return _blank_editor(meeting_id, drafts)
    note_id = positive_id(trigger.get("index"))
    if note_id is None or not any_clicked(edit_clicks):
        raise dash.exceptions.PreventUpdate  # buttons drawn again, none pressed
    try:
        filters = notes_filters(ctx, query)
        found = note_queries.note_in_scope(ctx.engine, filters, note_id)
    except (*PROBLEMS, SQLAlchemyError):
        found = None
    if found is None or found.empty or bool(found.iloc[0]["deleted"]):
        blank = list(_blank_editor(meeting_id, drafts))
        blank[10] = _message(
            "That note cannot be edited (it was deleted or is not yours to see).", "warning"
        )
        return tuple(blank)
    note = found.iloc[0]
    text, notice = str(note["text"]), None
    editing = {
        "meeting_id": int(note["meeting_id"]),
        "note_id": note_id,
        "version": int(note["version"]),
        "original": text,
    }
    draft = _draft(drafts, editing)
    if draft and draft["text"] != text:
        text = draft["text"]
        base = positive_id(draft.get("version"))
        if base:
            editing["version"] = base
        notice = _message(
            "Restored your unsaved changes to this note (kept in this browser). "
            "The saved text is in its History.",
            "info",
        )
    mentor = note["mentor_id"]
    due = note["due_month"]
    return (
        editing,
        f"Editing: {KIND_LABELS.get(str(note['kind']), 'note')} (version {int(note['version'])})",
        str(note["kind"]),
        stored_id(mentor),
        text,
        note["owner"] or "supervisor",
        month_value(due) if isinstance(due, dt.date) else None,
        note["status"] or "open",
        ["room"] if bool(note["shown_in_room"]) else [],
        notice,
        None,
        None,
        HIDDEN_BUTTON,
    )


def kind_fields(kind: object) -> tuple[bool, bool]:
    """(action-item fields hidden, room switch hidden) for the chosen kind."""
    return kind != "action_item", kind != "challenge"


# (save feedback, kind error, mentor error, text error, owner error, conflict panel,
#  conflict button class, conflict version, editing, text, drafts, refresh, editor title)
SaveResult = tuple[Any, ...]


def _save_result(feedback: Any = no_update, **changes: Any) -> SaveResult:
    order = [
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
    ]
    defaults: dict[str, Any] = {
        "kind": None,
        "mentor": None,
        "text_error": None,
        "owner": None,
        "conflict": None,
        "button": HIDDEN_BUTTON,
    }
    return (feedback, *[changes.get(k, defaults.get(k, no_update)) for k in order])


def _without_draft(drafts: object, key: str | None) -> Any:
    if not isinstance(drafts, dict) or not key or key not in drafts:
        return no_update
    return {k: v for k, v in drafts.items() if k != key}


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
    version = positive_id(editing.get("version"))
    if meeting_id is None:
        return _save_result(_message("Open a meeting before writing a note.", "warning"))
    mentor_id = positive_id(mentor)
    if mentor not in (None, "") and mentor_id is None:
        return _save_result(
            _message("Nothing was saved.", "warning"), mentor="Choose a mentor from the list."
        )
    draft = service.NoteDraft(
        kind=kind if isinstance(kind, str) else "",
        text=text if isinstance(text, str) else "",
        mentor_id=mentor_id,
        owner=owner if isinstance(owner, str) else None,
        due_month=parse_month(due),
        status=status if isinstance(status, str) else None,
        shown_in_room=isinstance(room, list) and "room" in room,
    )
    try:
        scope = _writer_scope(ctx, query)
        who = editor_for(scope)
        if note_id is None:
            saved = service.add_note(ctx.engine, scope, meeting_id, draft, who)
        else:
            saved = service.edit_note(ctx.engine, scope, note_id, version or 0, draft, who)
    except service.NoteInvalid as invalid:
        errors = invalid.errors
        return _save_result(
            _message("Nothing was saved: please correct the fields marked below.", "warning"),
            kind=errors.get("kind"),
            mentor=errors.get("mentor"),
            text_error=errors.get("text"),
            owner=errors.get("owner") or errors.get("status"),
        )
    except service.NoteConflict as conflict:
        panel = conflict_panel(
            conflict.their_author, conflict.theirs, conflict.yours, conflict.deleted
        )
        if conflict.deleted:
            return _save_result(
                _message("Not saved: this note was deleted meanwhile.", "warning"),
                conflict=panel,
                editing={
                    "meeting_id": meeting_id,
                    "note_id": None,
                    "version": None,
                    "original": "",
                },
                title="New note (the note you edited was deleted)",
            )
        return _save_result(
            _message("Not saved: someone else saved this note first.", "warning"),
            conflict=panel,
            button=SHOWN_BUTTON,
            their_version=conflict.their_version,
        )
    except (service.NotePermission, service.NoteNotFound, *PROBLEMS) as error:
        message = problem_message(error) if isinstance(error, PROBLEMS) else str(error)
        return _save_result(_message(f"Nothing was saved: {message}", "warning"))
    except SQLAlchemyError:
        return _save_result(_message(DATABASE_DOWN, "danger"))
    what = "Note saved." if note_id is None else f"Saved as version {saved.version}."
    return _save_result(
        _message(what),
        editing={"meeting_id": meeting_id, "note_id": None, "version": None, "original": ""},
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
        _message(
            f"Your text is in the form: Save makes it version {version + 1}, after "
            "theirs (which stays in the history).",
            "info",
        ),
    )


# --- delete and undo ------------------------------------------------------------------------


def delete_note(
    clicks: list | None, query: dict | None, refresh: object, ctx: AppContext, trigger: object
) -> tuple[Any, Any, Any, Any]:
    """Delete (softly) the note whose Delete button (``trigger``) was pressed; offer Undo."""
    note_id = positive_id(trigger.get("index")) if isinstance(trigger, dict) else None
    if note_id is None or not any_clicked(clicks):
        raise dash.exceptions.PreventUpdate
    try:
        filters = notes_filters(ctx, query)
        found = note_queries.note_in_scope(ctx.engine, filters, note_id)
        if found.empty:
            return (
                _message("That note is not available.", "warning"),
                no_update,
                no_update,
                (no_update),
            )
        note = found.iloc[0]
        service.delete_note(
            ctx.engine, filters.scope, note_id, int(note["version"]), editor_for(filters.scope)
        )
    except service.NoteConflict:
        return (
            _message("Not deleted: the note changed meanwhile; look at it again.", "warning"),
            no_update,
            no_update,
            bump_refresh(refresh),
        )
    except (service.NotePermission, service.NoteNotFound, *PROBLEMS) as error:
        message = problem_message(error) if isinstance(error, PROBLEMS) else str(error)
        return _message(message, "warning"), no_update, no_update, no_update
    except SQLAlchemyError:
        return (
            _message("The database did not answer; nothing was deleted.", "danger"),
            (no_update),
            no_update,
            no_update,
        )
    label = KIND_LABELS.get(str(note["kind"]), "Note")
    return _message(f"{label} deleted. You can undo this."), "", note_id, bump_refresh(refresh)


def undo_delete(
    clicks: object, note: object, query: dict | None, refresh: object, ctx: AppContext
) -> tuple[Any, Any, Any, Any]:
    """Bring back the note deleted last."""
    note_id = positive_id(note)
    if not clicked(clicks) or note_id is None:
        raise dash.exceptions.PreventUpdate
    try:
        scope = _writer_scope(ctx, query)
        service.undo_delete(ctx.engine, scope, note_id, editor_for(scope))
    except (service.NotePermission, service.NoteNotFound, *PROBLEMS) as error:
        message = problem_message(error) if isinstance(error, PROBLEMS) else str(error)
        return _message(message, "warning"), no_update, no_update, no_update
    except SQLAlchemyError:
        return (
            _message("The database did not answer; the note is still deleted.", "danger"),
            (no_update),
            no_update,
            no_update,
        )
    return _message("Note restored."), "d-none", None, bump_refresh(refresh)


def close_carried_item(
    clicks: list | None, query: dict | None, refresh: object, ctx: AppContext, trigger: object
) -> tuple[Any, Any]:
    """Mark done the carried-over action item whose button (``trigger``) was pressed: a new
    version of the note with status 'done' (its text and the rest unchanged)."""
    note_id = positive_id(trigger.get("index")) if isinstance(trigger, dict) else None
    if note_id is None or not any_clicked(clicks):
        raise dash.exceptions.PreventUpdate
    try:
        filters = notes_filters(ctx, query)
        found = note_queries.note_in_scope(ctx.engine, filters, note_id)
        if found.empty or found.iloc[0]["kind"] != "action_item":
            return _message("That action item is not available.", "warning"), no_update
        note = found.iloc[0]
        mentor = note["mentor_id"]
        draft = service.NoteDraft(
            kind="action_item",
            text=str(note["text"]),
            mentor_id=stored_id(mentor),
            owner=note["owner"],
            due_month=note["due_month"],
            status="done",
        )
        service.edit_note(
            ctx.engine,
            filters.scope,
            note_id,
            int(note["version"]),
            draft,
            editor_for(filters.scope),
        )
    except service.NoteConflict:
        return _message(
            "Not changed: the action item was edited meanwhile; look again.", "warning"
        ), bump_refresh(refresh)
    except (service.NoteInvalid, service.NotePermission, service.NoteNotFound, *PROBLEMS) as error:
        message = problem_message(error) if isinstance(error, PROBLEMS) else str(error)
        return _message(message, "warning"), no_update
    except SQLAlchemyError:
        return _message("The database did not answer; nothing was changed.", "danger"), no_update
    return _message("Action item marked done."), bump_refresh(refresh)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the writing callbacks of the Consultation notes page."""

    def _create(clicks, query, site, month, held_on):  # type: ignore[no-untyped-def]
        return create_meeting(clicks, query, site, month, held_on, ctx)

    app.callback(
        Output(ids.NEW_FEEDBACK, "children"),
        Output(ids.LOCATION, "href"),
        Input(ids.NEW_CREATE, "n_clicks"),
        State(ids.QUERY, "data"),
        State(ids.NEW_SITE, "value"),
        State(ids.NEW_MONTH, "value"),
        State(ids.NEW_HELD_ON, "date"),
        prevent_initial_call=True,
    )(_create)

    def _attendees(clicks, query, chosen, refresh):  # type: ignore[no-untyped-def]
        return save_attendees(clicks, query, chosen, refresh, ctx)

    app.callback(
        Output(ids.ATTENDEES_FEEDBACK, "children"),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(ids.ATTENDEES_SAVE, "n_clicks"),
        State(ids.QUERY, "data"),
        State(ids.ATTENDEES, "value"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(_attendees)

    def _start(new, edits, query, drafts):  # type: ignore[no-untyped-def]
        return start_editing(new, edits, query, drafts, ctx, dash_ctx.triggered_id)

    app.callback(
        Output(ids.EDITING, "data"),
        Output(ids.EDITOR_TITLE, "children"),
        Output(ids.KIND, "value"),
        Output(ids.MENTOR, "value"),
        Output(ids.TEXT, "value"),
        Output(ids.OWNER, "value"),
        Output(ids.DUE, "value"),
        Output(ids.STATUS, "value"),
        Output(ids.ROOM, "value"),
        Output(ids.DRAFT_NOTICE, "children"),
        Output(ids.SAVE_FEEDBACK, "children"),
        Output(ids.CONFLICT, "children"),
        Output(ids.CONFLICT_CONTINUE, "className"),
        Input(ids.NEW_NOTE, "n_clicks"),
        Input({"type": ids.EDIT_BUTTON, "index": ALL}, "n_clicks"),
        Input(ids.QUERY, "data"),
        State(ids.DRAFTS, "data"),
    )(_start)

    app.callback(
        Output(ids.ACTION_FIELDS, "hidden"),
        Output(ids.ROOM_FIELD, "hidden"),
        Input(ids.KIND, "value"),
    )(kind_fields)

    def _save(
        clicks, editing, kind, mentor, text, owner, due, status, room, query, drafts, refresh
    ):  # type: ignore[no-untyped-def]
        return save_note(
            clicks,
            editing,
            kind,
            mentor,
            text,
            owner,
            due,
            status,
            room,
            query,
            drafts,
            refresh,
            ctx,
        )

    app.callback(
        Output(ids.SAVE_FEEDBACK, "children", allow_duplicate=True),
        Output(ids.KIND_ERROR, "children"),
        Output(ids.MENTOR_ERROR, "children"),
        Output(ids.TEXT_ERROR, "children"),
        Output(ids.OWNER_ERROR, "children"),
        Output(ids.CONFLICT, "children", allow_duplicate=True),
        Output(ids.CONFLICT_CONTINUE, "className", allow_duplicate=True),
        Output(ids.CONFLICT_VERSION, "data"),
        Output(ids.EDITING, "data", allow_duplicate=True),
        Output(ids.TEXT, "value", allow_duplicate=True),
        Output(ids.DRAFTS, "data", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Output(ids.EDITOR_TITLE, "children", allow_duplicate=True),
        Input(ids.SAVE, "n_clicks"),
        State(ids.EDITING, "data"),
        State(ids.KIND, "value"),
        State(ids.MENTOR, "value"),
        State(ids.TEXT, "value"),
        State(ids.OWNER, "value"),
        State(ids.DUE, "value"),
        State(ids.STATUS, "value"),
        State(ids.ROOM, "value"),
        State(ids.QUERY, "data"),
        State(ids.DRAFTS, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(_save)

    app.callback(
        Output(ids.EDITING, "data", allow_duplicate=True),
        Output(ids.CONFLICT, "children", allow_duplicate=True),
        Output(ids.CONFLICT_CONTINUE, "className", allow_duplicate=True),
        Output(ids.SAVE_FEEDBACK, "children", allow_duplicate=True),
        Input(ids.CONFLICT_CONTINUE, "n_clicks"),
        State(ids.CONFLICT_VERSION, "data"),
        State(ids.EDITING, "data"),
        prevent_initial_call=True,
    )(continue_from_theirs)

    def _delete(clicks, query, refresh):  # type: ignore[no-untyped-def]
        return delete_note(clicks, query, refresh, ctx, dash_ctx.triggered_id)

    app.callback(
        Output(ids.NOTE_STATUS, "children"),
        Output(ids.UNDO, "className"),
        Output(ids.UNDO_NOTE, "data"),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input({"type": ids.DELETE_BUTTON, "index": ALL}, "n_clicks"),
        State(ids.QUERY, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(_delete)

    def _close(clicks, query, refresh):  # type: ignore[no-untyped-def]
        return close_carried_item(clicks, query, refresh, ctx, dash_ctx.triggered_id)

    app.callback(
        Output(ids.NOTE_STATUS, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input({"type": ids.CARRIED_DONE, "index": ALL}, "n_clicks"),
        State(ids.QUERY, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(_close)

    def _undo(clicks, note, query, refresh):  # type: ignore[no-untyped-def]
        return undo_delete(clicks, note, query, refresh, ctx)

    app.callback(
        Output(ids.NOTE_STATUS, "children", allow_duplicate=True),
        Output(ids.UNDO, "className", allow_duplicate=True),
        Output(ids.UNDO_NOTE, "data", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(ids.UNDO, "n_clicks"),
        State(ids.UNDO_NOTE, "data"),
        State(ids.QUERY, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(_undo)

    # Drafts: every change of the text is copied into the browser's local storage
    # (assets/notes_drafts.js), so a reload or a closed tab loses nothing.
    app.clientside_callback(
        dash.ClientsideFunction(namespace="notesDrafts", function_name="keep"),
        Output(ids.DRAFTS, "data", allow_duplicate=True),
        Input(ids.TEXT, "value"),
        State(ids.KIND, "value"),
        State(ids.MENTOR, "value"),
        State(ids.EDITING, "data"),
        State(ids.DRAFTS, "data"),
        prevent_initial_call=True,
    )
