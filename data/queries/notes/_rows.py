"""What the notes queries share: the note columns, the kinds' order, a meeting's period, who
may read a note's text, and which notes the shared screen may read."""

from __future__ import annotations

from sqlalchemy import ColumnElement, ScalarSelect, Select, TableClause, and_, case, func, select

from data.filters import Filters
from data.queries.plumbing.frames import BOOL, DATE, INT, INT_OR_NONE, TEXT
from data.queries.plumbing.months import month_start
from data.schema import (
    NOTE_KINDS,
    ConsultationMeeting,
    ConsultationNote,
    MeetingAttendee,
    Mentor,
    Site,
)

KIND_ORDER = {kind: i for i, kind in enumerate(NOTE_KINDS)}  # strengths first
NOTE_COLUMNS = {
    "note_id": INT,
    "meeting_id": INT,
    "month": DATE,
    "site_id": INT,
    "site": TEXT,
    "mentor_id": INT_OR_NONE,
    "mentor": TEXT,
    "kind": TEXT,
    "text": TEXT,
    "author": TEXT,
    "owner": TEXT,
    "due_month": DATE,
    "status": TEXT,
    "shown_in_room": BOOL,
    "origin": TEXT,
    "version": INT,
    "updated_at": TEXT,
    "deleted": BOOL,
    "cleared": BOOL,
}


def in_period(filters: Filters) -> ColumnElement[bool]:
    """Meetings at the scope's sites whose month overlaps the period."""
    return and_(
        filters.site_clause(ConsultationMeeting.site_id),
        ConsultationMeeting.month.between(month_start(filters.start), filters.end),
    )


def attendee_count() -> ScalarSelect[int]:
    """How many mentors attended each meeting (a scalar correlated on ConsultationMeeting)."""
    return (
        select(func.count())
        .where(MeetingAttendee.meeting_id == ConsultationMeeting.id)
        .scalar_subquery()
    )


def may_read_text(filters: Filters) -> bool:
    """Whether the scope may read notes' free text (only a scope that sees identities)."""
    return filters.scope.see_identities


def cleared_for_room() -> ColumnElement[bool]:
    """Notes a supervisor cleared for the room as they are now (an edit since needs clearing
    again): the only notes whose text meeting mode shows."""
    return ConsultationNote.cleared_version == ConsultationNote.version


def readable_in_the_room() -> ColumnElement[bool]:
    """Notes the shared screen may read: cleared for the room as they are now, and challenges
    only when also marked for the room."""
    return and_(
        (ConsultationNote.kind != "challenge") | ConsultationNote.shown_in_room.is_(True),
        cleared_for_room(),
    )


def note_select(search_table: TableClause | None = None) -> Select:
    """Note columns (NOTE_COLUMNS) with their meeting, site and mentor. With
    ``search_table`` the statement is driven from that full-text table (joined on rowid)."""
    deleted = case((ConsultationNote.deleted_at.is_(None), False), else_=True)
    cleared = case((cleared_for_room(), True), else_=False)
    statement = select(
        ConsultationNote.id,
        ConsultationNote.meeting_id,
        ConsultationMeeting.month,
        Site.id,
        Site.name,
        ConsultationNote.mentor_id,
        Mentor.display_name,
        ConsultationNote.kind,
        ConsultationNote.text,
        ConsultationNote.author,
        ConsultationNote.owner,
        ConsultationNote.due_month,
        ConsultationNote.status,
        ConsultationNote.shown_in_room,
        ConsultationNote.origin,
        ConsultationNote.version,
        ConsultationNote.updated_at,
        deleted,
        cleared,
    )
    if search_table is not None:
        statement = statement.select_from(search_table).join(
            ConsultationNote, ConsultationNote.id == search_table.c.rowid
        )
    return (
        statement.join(ConsultationMeeting, ConsultationMeeting.id == ConsultationNote.meeting_id)
        .join(Site, Site.id == ConsultationNote.site_id)
        .outerjoin(Mentor, Mentor.id == ConsultationNote.mentor_id)
    )
