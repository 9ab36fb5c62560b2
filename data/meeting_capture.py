"""Writing a consultation note live from meeting mode's capture slide.

A new note is appended to its site's meeting of the month (the meeting row is created when
it does not exist yet, safely against a colleague creating it at the same moment). Appending
never overwrites anyone's words, so two people capturing at once cannot lose each other's
notes; editing an existing note, with its optimistic lock, stays on the Consultation notes
page. The first revision is kept in ``note_revisions`` and the data version is bumped in the
same transaction, so every cached answer sees the new note at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from data import versioning
from data.db import session_scope
from data.filters import AccessScope
from data.schema import NOTE_KINDS, ConsultationMeeting, ConsultationNote, Mentor, NoteRevision

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


def _meeting_id(session, site_id: int, month: dt.date, today: dt.date) -> int:  # type: ignore[no-untyped-def]
    statement = select(ConsultationMeeting.id).where(
        ConsultationMeeting.site_id == site_id, ConsultationMeeting.month == month
    )
    found = session.scalar(statement)
    if found is not None:
        return int(found)
    held_on = today if month.year == today.year and month.month == today.month else month
    try:
        with session.begin_nested():
            meeting = ConsultationMeeting(site_id=site_id, month=month, held_on=held_on)
            session.add(meeting)
        return int(meeting.id)
    except IntegrityError:
        # A colleague created the month's meeting a moment ago: use theirs.
        return int(session.scalar(statement))


def add_meeting_note(
    engine: Engine,
    scope: AccessScope,
    site_id: object,
    month: dt.date,
    kind: object,
    text: object,
    mentor_id: object = None,
    today: dt.date | None = None,
) -> CapturedNote:
    """Append a note of ``kind`` to ``site_id``'s consultation meeting of ``month``.

    Only admins and supervisors may write, only at a site their scope allows, and only about
    a mentor of that site. Raises CaptureRefused (message for a person) otherwise; nothing is
    written then.
    """
    today = today or dt.date.today()
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
    with session_scope(engine) as session:
        if mentor is not None:
            mentor_site = session.scalar(select(Mentor.site_id).where(Mentor.id == mentor))
            if mentor_site != site:
                raise CaptureRefused("That mentor is not at the chosen site.")
        meeting_id = _meeting_id(session, site, month, today)
        author = scope.username or scope.role
        note = ConsultationNote(
            meeting_id=meeting_id,
            site_id=site,
            mentor_id=mentor,
            kind=str(kind),
            text=cleaned,
            author=author,
            is_done=False,
        )
        session.add(note)
        session.flush()
        session.add(
            NoteRevision(
                note_id=note.id,
                version=note.version,
                kind=note.kind,
                text=cleaned,
                edited_by=author,
            )
        )
        versioning.bump(session)
        return CapturedNote(note_id=int(note.id), meeting_id=meeting_id, site_id=site)
