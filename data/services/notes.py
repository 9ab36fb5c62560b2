"""Writing consultation meetings and notes: the one write path, shared by every page.

Used by the Consultation notes page and meeting mode's capture slide alike; it knows nothing
of Dash. Every function here:

- checks the writer's ``AccessScope`` (staff of the meeting's site; meeting viewers never
  write) and validates its input, raising ``NoteInvalid`` with a message per field and
  changing nothing when anything is wrong;
- runs in **one transaction** that also bumps the data version (so every cache refreshes at
  once) and writes a ``note_edit`` audit event with who and when, **never the text**;
- keeps every saved state of a note in ``note_revisions``.

Edits use optimistic locking on ``consultation_notes.version``: a save carries the version it
started from, and when someone else saved first it is refused with ``NoteConflict``, which
carries both texts so the person can copy or merge; nothing is overwritten. Deleting is soft
(``deleted_at``) and ``undo_delete`` brings the note back.

A database failure (connection lost, disk full) propagates as SQLAlchemy's own error after the
transaction rolled back: nothing half-written stays behind, and the caller keeps the text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection, Engine, insert, select, update

from data import clock
from data.filters import AccessScope
from data.schema import (
    ACTION_OWNERS,
    ACTION_STATUSES,
    NOTE_KINDS,
    NOTE_ORIGINS,
    ConsultationMeeting,
    ConsultationNote,
    MeetingAttendee,
    Mentor,
    NoteRevision,
    utcnow,
)
from data.services.audit import AuditEventType, record
from data.versioning import bump

MAX_NOTE_CHARS = 4000
WRITER_ROLES = frozenset({"admin", "supervisor"})

_notes = ConsultationNote.__table__
_meetings = ConsultationMeeting.__table__


class NotePermission(PermissionError):
    """The writer may not write at this site (or at all)."""


class NoteNotFound(LookupError):
    """No such meeting or note in the writer's scope."""


class NoteInvalid(ValueError):
    """Input that cannot be saved; ``errors`` maps a field name to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))


class NoteConflict(RuntimeError):
    """Someone else saved (or deleted) the note since this edit started; nothing was saved.

    ``yours`` is the text the writer tried to save, ``theirs`` the text now saved (by
    ``their_author`` as ``their_version``). Show both; keep ``yours`` in the form.
    """

    def __init__(
        self,
        note_id: int,
        yours: str,
        theirs: str,
        their_version: int,
        their_author: str,
        deleted: bool,
    ):
        self.note_id = note_id
        self.yours = yours
        self.theirs = theirs
        self.their_version = their_version
        self.their_author = their_author
        self.deleted = deleted
        what = "deleted" if deleted else "saved a newer version of"
        super().__init__(f"{their_author or 'Someone'} {what} this note first; nothing was saved.")


@dataclass(frozen=True)
class Editor:
    """Who is writing: for the note's author, its revisions and the audit trail."""

    username: str
    user_id: int | None = None
    ip: str = ""


@dataclass(frozen=True)
class NoteDraft:
    """What a person typed for one note (validated by ``validate_draft``).

    ``owner``, ``due_month`` and ``status`` apply to action items only; ``shown_in_room``
    to challenges only (meeting mode shows a challenge only when it is True).
    ``written_in_the_room``: typed on meeting mode's capture slide, in front of the room, so
    cleared for the room as written (a new note only; see ``clear_for_room``).
    """

    kind: str
    text: str
    mentor_id: int | None = None
    owner: str | None = None
    due_month: dt.date | None = None
    status: str | None = None
    shown_in_room: bool = False
    written_in_the_room: bool = False


@dataclass(frozen=True)
class SavedNote:
    """A note as saved: its id and the version a next edit must start from."""

    note_id: int
    version: int


@dataclass(frozen=True)
class MeetingPlan:
    """A new meeting: site, month (any day of it), when it was held, who attended, and any
    notes to write with it (all in one transaction)."""

    site_id: int
    month: dt.date
    held_on: dt.date | None = None
    attendee_ids: Sequence[int] = ()
    notes: Sequence[NoteDraft] = field(default_factory=tuple)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _check_writer(scope: AccessScope, site_id: int) -> None:
    if not isinstance(scope, AccessScope) or scope.role not in WRITER_ROLES:
        raise NotePermission("Your role may not write consultation notes.")
    if not scope.allows_site(site_id):
        raise NotePermission("You may not write notes for this site.")


def validate_draft(draft: NoteDraft) -> NoteDraft:
    """The draft with its text trimmed and fields that do not apply to its kind cleared;
    raises NoteInvalid (a message per field) when it cannot be saved."""
    errors: dict[str, str] = {}
    if draft.kind not in NOTE_KINDS:
        errors["kind"] = "Choose what kind of note this is."
    text = draft.text.strip() if isinstance(draft.text, str) else ""
    if not text:
        errors["text"] = "Write the note before saving it."
    elif len(text) > MAX_NOTE_CHARS:
        errors["text"] = (
            f"The note is {len(text):,} characters long; the limit is {MAX_NOTE_CHARS:,}."
        )
    if draft.mentor_id is not None and (
        not isinstance(draft.mentor_id, int) or draft.mentor_id <= 0
    ):
        errors["mentor"] = "Choose a mentor from the list."
    owner, due, status = None, None, None
    if draft.kind == "action_item":
        owner = draft.owner or ("mentor" if draft.mentor_id else "supervisor")
        if owner not in ACTION_OWNERS:
            errors["owner"] = "An action item is owned by a mentor or the supervisor."
        elif owner == "mentor" and not draft.mentor_id:
            errors["owner"] = "Choose the mentor who owns this action item."
        status = draft.status or "open"
        if status not in ACTION_STATUSES:
            errors["status"] = "The status is open, done or dropped."
        due = _month_start(draft.due_month) if draft.due_month else None
    if errors:
        raise NoteInvalid(errors)
    return replace(
        draft,
        text=text,
        owner=owner,
        due_month=due,
        status=status,
        shown_in_room=bool(draft.shown_in_room) and draft.kind == "challenge",
    )


def _site_mentors(conn: Connection, site_id: int, mentor_ids: Iterable[int]) -> set[int]:
    wanted = sorted({int(m) for m in mentor_ids})
    if not wanted:
        return set()
    found = conn.execute(
        select(Mentor.id).where(Mentor.id.in_(wanted), Mentor.site_id == site_id)
    ).scalars()
    return set(found)


def _check_mentor(conn: Connection, site_id: int, draft: NoteDraft) -> None:
    if draft.mentor_id is not None and not _site_mentors(conn, site_id, [draft.mentor_id]):
        raise NoteInvalid({"mentor": "That mentor does not belong to this meeting's site."})


def _audit(conn: Connection, editor: Editor, target: str, detail: str) -> None:
    """One ``note_edit`` audit event in the caller's transaction: who, when, which note or
    meeting and what was done, never the text."""
    record(
        conn,
        AuditEventType.NOTE_EDIT,
        editor.username,
        editor.user_id,
        target,
        detail,
        editor.ip,
    )


def _note_values(draft: NoteDraft, was_status: str | None, now: dt.datetime) -> dict[str, object]:
    values: dict[str, object] = {
        "kind": draft.kind,
        "text": draft.text,
        "mentor_id": draft.mentor_id,
        "owner": draft.owner,
        "due_month": draft.due_month,
        "status": draft.status,
        "shown_in_room": draft.shown_in_room,
        "is_done": draft.status == "done",
        "updated_at": now,
    }
    closing = draft.status in ("done", "dropped")
    if closing and was_status not in ("done", "dropped"):
        values["closed_at"] = now
    elif not closing:
        values["closed_at"] = None
    return values


def _insert_note(
    conn: Connection,
    meeting_id: int,
    site_id: int,
    draft: NoteDraft,
    editor: Editor,
    origin: str,
) -> SavedNote:
    now = utcnow()
    values = _note_values(draft, None, now)
    note_id = conn.execute(
        insert(_notes)
        .values(
            meeting_id=meeting_id,
            site_id=site_id,
            author=editor.username[:120],
            origin=origin,
            created_at=now,
            deleted_at=None,
            version=1,
            **values,
            **(
                {"cleared_version": 1, "cleared_by": editor.username[:80], "cleared_at": now}
                if draft.written_in_the_room
                else {}
            ),
        )
        .returning(_notes.c.id)
    ).scalar_one()
    _revision(conn, note_id, 1, draft, editor, now)
    return SavedNote(note_id=note_id, version=1)


def _revision(
    conn: Connection, note_id: int, version: int, draft: NoteDraft, editor: Editor, now: dt.datetime
) -> None:
    conn.execute(
        insert(NoteRevision.__table__).values(
            note_id=note_id,
            version=version,
            kind=draft.kind,
            text=draft.text,
            edited_by=editor.username[:120],
            edited_at=now,
        )
    )


def _meeting_site(conn: Connection, scope: AccessScope, meeting_id: int) -> int:
    site_id = conn.execute(
        select(_meetings.c.site_id).where(_meetings.c.id == meeting_id)
    ).scalar_one_or_none()
    if site_id is None or not scope.allows_site(site_id):
        raise NoteNotFound("No such meeting.")
    _check_writer(scope, site_id)
    return int(site_id)


def create_meeting(engine: Engine, scope: AccessScope, plan: MeetingPlan, editor: Editor) -> int:
    """Create a site's meeting for a month, with its attendees and any notes; returns its id.

    One meeting per site and month; ``held_on`` must fall in the month (default: today when
    today is in it, else the 15th); attendees must be mentors of the site.
    """
    _check_writer(scope, plan.site_id)
    month = _month_start(plan.month)
    today = clock.today()
    held_on = plan.held_on or (today if _month_start(today) == month else None)
    held_on = held_on or month.replace(day=15)
    errors: dict[str, str] = {}
    if _month_start(held_on) != month:
        errors["held_on"] = "The meeting date must fall in the meeting's month."
    drafts = []
    for draft in plan.notes:
        try:
            drafts.append(validate_draft(draft))
        except NoteInvalid as invalid:
            errors.update(invalid.errors)
    if errors:
        raise NoteInvalid(errors)
    with engine.begin() as conn:
        exists = conn.execute(
            select(_meetings.c.id).where(
                _meetings.c.site_id == plan.site_id, _meetings.c.month == month
            )
        ).first()
        if exists:
            raise NoteInvalid(
                {"month": f"This site already has a meeting for {month:%B %Y}: open it instead."}
            )
        attendees = {int(m) for m in plan.attendee_ids}
        if attendees - _site_mentors(conn, plan.site_id, attendees):
            raise NoteInvalid({"attendees": "Every attendee must be a mentor of this site."})
        for draft in drafts:
            _check_mentor(conn, plan.site_id, draft)
        meeting_id = conn.execute(
            insert(_meetings)
            .values(site_id=plan.site_id, month=month, held_on=held_on)
            .returning(_meetings.c.id)
        ).scalar_one()
        if attendees:
            conn.execute(
                insert(MeetingAttendee.__table__),
                [{"meeting_id": meeting_id, "mentor_id": m} for m in sorted(attendees)],
            )
        for draft in drafts:
            _insert_note(conn, meeting_id, plan.site_id, draft, editor, "written")
        bump(conn)
        _audit(
            conn,
            editor,
            f"meeting {meeting_id}",
            f"created meeting for site {plan.site_id}, {month:%Y-%m}, "
            f"{len(attendees)} attendees, {len(drafts)} notes",
        )
    return int(meeting_id)


def set_attendees(
    engine: Engine, scope: AccessScope, meeting_id: int, mentor_ids: Iterable[int], editor: Editor
) -> None:
    """Replace a meeting's attendees with ``mentor_ids`` (mentors of its site)."""
    with engine.begin() as conn:
        site_id = _meeting_site(conn, scope, meeting_id)
        wanted = {int(m) for m in mentor_ids}
        if wanted - _site_mentors(conn, site_id, wanted):
            raise NoteInvalid({"attendees": "Every attendee must be a mentor of this site."})
        table = MeetingAttendee.__table__
        conn.execute(table.delete().where(table.c.meeting_id == meeting_id))
        if wanted:
            conn.execute(
                insert(table), [{"meeting_id": meeting_id, "mentor_id": m} for m in sorted(wanted)]
            )
        bump(conn)
        _audit(conn, editor, f"meeting {meeting_id}", f"attendees set ({len(wanted)})")


def add_note(
    engine: Engine,
    scope: AccessScope,
    meeting_id: int,
    draft: NoteDraft,
    editor: Editor,
    origin: str = "written",
) -> SavedNote:
    """Add a note to a meeting; ``origin`` is 'suggested' for an accepted agenda line."""
    draft = validate_draft(draft)
    if origin not in NOTE_ORIGINS:
        raise NoteInvalid({"origin": "Unknown origin."})
    with engine.begin() as conn:
        site_id = _meeting_site(conn, scope, meeting_id)
        _check_mentor(conn, site_id, draft)
        saved = _insert_note(conn, meeting_id, site_id, draft, editor, origin)
        bump(conn)
        _audit(
            conn,
            editor,
            f"note {saved.note_id}",
            f"added {draft.kind} to meeting {meeting_id} ({origin})",
        )
    return saved


def _current(conn: Connection, scope: AccessScope, note_id: int):  # type: ignore[no-untyped-def]
    row = conn.execute(
        select(
            _notes.c.site_id,
            _notes.c.text,
            _notes.c.version,
            _notes.c.status,
            _notes.c.deleted_at,
            _notes.c.author,
            _notes.c.meeting_id,
        ).where(_notes.c.id == note_id)
    ).first()
    if row is None or not scope.allows_site(row.site_id):
        raise NoteNotFound("No such note.")
    _check_writer(scope, row.site_id)
    return row


def _last_editor(conn: Connection, note_id: int, version: int) -> str:
    return (
        conn.execute(
            select(NoteRevision.edited_by).where(
                NoteRevision.note_id == note_id, NoteRevision.version == version
            )
        ).scalar_one_or_none()
        or ""
    )


def _conflict(conn: Connection, scope: AccessScope, note_id: int, yours: str) -> NoteConflict:
    latest = _current(conn, scope, note_id)
    return NoteConflict(
        note_id=note_id,
        yours=yours,
        theirs=latest.text,
        their_version=latest.version,
        their_author=_last_editor(conn, note_id, latest.version) or latest.author,
        deleted=latest.deleted_at is not None,
    )


def _write_at_version(
    conn: Connection, note_id: int, expected_version: int, values: dict[str, object]
) -> bool:
    """Write ``values`` to the note if it is still at ``expected_version`` and not deleted;
    False when it has moved on. The version test and the write are one statement, so two
    writers can never both pass it: the second one's UPDATE matches no row."""
    result = conn.execute(
        update(_notes)
        .where(
            _notes.c.id == note_id,
            _notes.c.version == int(expected_version),
            _notes.c.deleted_at.is_(None),
        )
        .values(**values)
    )
    return result.rowcount == 1


def edit_note(
    engine: Engine,
    scope: AccessScope,
    note_id: int,
    expected_version: int,
    draft: NoteDraft,
    editor: Editor,
) -> SavedNote:
    """Save a new state of a note that was at ``expected_version`` when the edit started.

    Raises NoteConflict (nothing saved, both texts inside) when it has moved on or was
    deleted meanwhile; NoteInvalid for bad input. Returns the new version.
    """
    draft = validate_draft(draft)
    with engine.begin() as conn:
        current = _current(conn, scope, note_id)
        _check_mentor(conn, current.site_id, draft)
        now = utcnow()
        new_version = int(expected_version) + 1
        values = {"version": new_version, **_note_values(draft, current.status, now)}
        if not _write_at_version(conn, note_id, expected_version, values):
            raise _conflict(conn, scope, note_id, draft.text)
        _revision(conn, note_id, new_version, draft, editor, now)
        bump(conn)
        _audit(conn, editor, f"note {note_id}", f"edited {draft.kind}, version {new_version}")
    return SavedNote(note_id=note_id, version=new_version)


def delete_note(
    engine: Engine, scope: AccessScope, note_id: int, expected_version: int, editor: Editor
) -> SavedNote:
    """Hide a note (soft delete; ``undo_delete`` brings it back). Refused with NoteConflict
    when someone saved a newer version since it was shown."""
    with engine.begin() as conn:
        current = _current(conn, scope, note_id)
        if not _write_at_version(conn, note_id, expected_version, {"deleted_at": utcnow()}):
            raise _conflict(conn, scope, note_id, current.text)
        bump(conn)
        _audit(conn, editor, f"note {note_id}", f"deleted (meeting {current.meeting_id})")
    return SavedNote(note_id=note_id, version=int(expected_version))


def clear_for_room(
    engine: Engine,
    scope: AccessScope,
    note_id: int,
    expected_version: int,
    editor: Editor,
    cleared: bool = True,
) -> SavedNote:
    """Let a note's text reach meeting mode (``cleared``), or withdraw it from the room.

    The clearing holds for ``expected_version``, the version the supervisor read: refused
    with NoteConflict when the note has moved on since (read it again), and void once it is
    edited. Only staff of the note's site; written to the audit trail.
    """
    with engine.begin() as conn:
        current = _current(conn, scope, note_id)
        values = (
            {"cleared_version": int(expected_version), "cleared_by": editor.username[:80],
             "cleared_at": utcnow()}
            if cleared
            else {"cleared_version": None, "cleared_by": "", "cleared_at": None}
        )  # fmt: skip
        if not _write_at_version(conn, note_id, expected_version, values):
            raise _conflict(conn, scope, note_id, current.text)
        bump(conn)
        what = "cleared for the room" if cleared else "withdrawn from the room"
        _audit(conn, editor, f"note {note_id}", f"{what}, version {int(expected_version)}")
    return SavedNote(note_id=note_id, version=int(expected_version))


def undo_delete(engine: Engine, scope: AccessScope, note_id: int, editor: Editor) -> SavedNote:
    """Bring back a deleted note as it was; returns its (unchanged) version."""
    with engine.begin() as conn:
        current = _current(conn, scope, note_id)
        conn.execute(
            update(_notes)
            .where(_notes.c.id == note_id, _notes.c.deleted_at.is_not(None))
            .values(deleted_at=None)
        )
        bump(conn)
        _audit(conn, editor, f"note {note_id}", f"restored (meeting {current.meeting_id})")
    return SavedNote(note_id=note_id, version=int(current.version))
