"""Writing a consultation note live from meeting mode's capture slide.

The write itself goes through ``data.services.notes``, the Consultation notes page's one write
path: scope check, validation, first revision, data-version bump and audit event in one
transaction. This module adds what the room needs around it: role, site and mentor checks
worded for the person typing, and the month's meeting created on first use (safely against a
colleague creating it at the same moment). Appending never overwrites anyone's words, so two
people capturing at once cannot lose each other's notes; editing an existing note, with its
optimistic lock, stays on the Consultation notes page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select

from data import clock
from data.filters import AccessScope
from data.schema import NOTE_KINDS, ConsultationMeeting, Mentor
from data.services import notes

MAX_NOTE_CHARS = 2000
CAPTURE_ROLES = frozenset({"admin", "supervisor"})


class CaptureRefused(ValueError):
    """The note cannot be saved as given; the message says why, for a person."""


@dataclass(frozen=True)
class CapturedNote:
    """What was saved: the note's id, its meeting and site."""

    note_id: int
    meeting_id: int
    site_id: int


def _clean_text(text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise CaptureRefused("Write the note before saving it.")
    cleaned = text.strip()
    if len(cleaned) > MAX_NOTE_CHARS:
        raise CaptureRefused(f"A note can be at most {MAX_NOTE_CHARS} characters.")
    return cleaned


def _meeting_of_month(engine: Engine, site_id: int, month: dt.date) -> int | None:
    with engine.connect() as conn:
        found = conn.scalar(
            select(ConsultationMeeting.id).where(
                ConsultationMeeting.site_id == site_id, ConsultationMeeting.month == month
            )
        )
    return None if found is None else int(found)


def _meeting_id(engine: Engine, scope: AccessScope, site: int, month: dt.date, editor) -> int:  # type: ignore[no-untyped-def]
    found = _meeting_of_month(engine, site, month)
    if found is not None:
        return found
    try:
        return notes.create_meeting(
            engine, scope, notes.MeetingPlan(site_id=site, month=month), editor
        )
    except notes.NoteInvalid:
        # A colleague created the month's meeting a moment ago: use theirs.
        found = _meeting_of_month(engine, site, month)
        if found is None:
            raise
        return found


def add_meeting_note(
    engine: Engine,
    scope: AccessScope,
    site_id: object,
    month: dt.date,
    kind: object,
    text: object,
    mentor_id: object = None,
    today: dt.date | None = None,
    user_id: int | None = None,
    ip: str = "",
) -> CapturedNote:
    """Append a note of ``kind`` to ``site_id``'s consultation meeting of ``month``.

    Only admins and supervisors may write, only at a site their scope allows, and only about
    a mentor of that site. Raises CaptureRefused (message for a person) otherwise; nothing is
    written then.
    """
    today = today or clock.today()
    if scope.role not in CAPTURE_ROLES:
        raise CaptureRefused("Your account may look at meeting mode but not write notes.")
    try:
        site = int(str(site_id))
    except ValueError:
        raise CaptureRefused("Choose the site this note belongs to.") from None
    if site <= 0 or not scope.allows_site(site):
        raise CaptureRefused("Choose one of your sites for this note.")
    if kind not in NOTE_KINDS:
        raise CaptureRefused("Choose what kind of note this is.")
    cleaned = _clean_text(text)
    mentor: int | None = None
    if mentor_id not in (None, "", "none"):
        try:
            mentor = int(str(mentor_id))
        except ValueError:
            raise CaptureRefused("Choose a mentor from the list, or none.") from None
    if month.day != 1 or month > today:
        raise CaptureRefused("Notes can be written for this month or an earlier one.")
    if mentor is not None:
        with engine.connect() as conn:
            mentor_site = conn.scalar(select(Mentor.site_id).where(Mentor.id == mentor))
        if mentor_site != site:
            raise CaptureRefused("That mentor is not at the chosen site.")
    editor = notes.Editor(username=scope.username or scope.role, user_id=user_id, ip=ip)
    draft = notes.NoteDraft(
        kind=str(kind), text=cleaned, mentor_id=mentor, written_in_the_room=True
    )
    try:
        meeting_id = _meeting_id(engine, scope, site, month, editor)
        saved = notes.add_note(engine, scope, meeting_id, draft, editor)
    except notes.NoteInvalid as error:
        raise CaptureRefused(str(error)) from None
    except (notes.NotePermission, notes.NoteNotFound):
        raise CaptureRefused("Choose one of your sites for this note.") from None
    return CapturedNote(note_id=saved.note_id, meeting_id=meeting_id, site_id=site)
