"""Consultation notes: meetings, their notes, full-text search, action items and the room.

Two audiences read these functions:

- the Consultation notes page and the mentor page (staff): meetings with their notes, a
  note's history, search, notes about one mentor. These return **no rows** for a scope that
  may not see identities (meeting viewers): free text can name anyone, so it stays off their
  screens wherever the caller forgets;
- meeting mode (the shared screen): ``room_notes`` (strengths first, challenges only when a
  supervisor marked them for the room) and ``carried_over_action_items``, which never select
  anything about mentees; the attention list: ``overdue_action_items``.

Months are the first day of the month (``consultation_meetings.month``); a meeting is in a
period when its month overlaps it. Deleted notes (``deleted_at`` set) are left out unless
asked for.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    TableClause,
    and_,
    case,
    column,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import aliased

from data.filters import Filters
from data.queries._connection import one_connection
from data.queries._sql import BOOL, DATE, INT, INT_OR_NONE, TEXT, fetch, typed_frame
from data.schema import (
    NOTE_KINDS,
    ConsultationMeeting,
    ConsultationNote,
    MeetingAttendee,
    Mentor,
    NoteRevision,
    Site,
)

KIND_ORDER = {kind: i for i, kind in enumerate(NOTE_KINDS)}  # strengths first
SEARCH_LIMIT = 50
MAX_SEARCH_TERMS = 8
MAX_TERM_CHARS = 40
FTS_TABLE = "consultation_notes_fts"

MEETING_COLUMNS = {
    "meeting_id": INT,
    "month": DATE,
    "held_on": DATE,
    "site_id": INT,
    "site": TEXT,
    "attendees": INT,
    "notes": INT,
}
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
ATTENDEE_COLUMNS = {"mentor_id": INT, "mentor": TEXT, "attended": BOOL}
REVISION_COLUMNS = {
    "version": INT,
    "kind": TEXT,
    "text": TEXT,
    "edited_by": TEXT,
    "edited_at": TEXT,
}
ROOM_COLUMNS = {"kind": TEXT, "mentor": TEXT, "text": TEXT}
ACTION_COLUMNS = {
    "note_id": INT,
    "meeting_id": INT,
    "month": DATE,
    "site": TEXT,
    "mentor_id": INT_OR_NONE,
    "mentor": TEXT,
    "owner": TEXT,
    "due_month": DATE,
    "text": TEXT,
    "version": INT,
}


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def _meetings_in_period(filters: Filters) -> ColumnElement[bool]:
    return and_(
        filters.site_clause(ConsultationMeeting.site_id),
        ConsultationMeeting.month.between(month_start(filters.start), filters.end),
    )


def _may_read_text(filters: Filters) -> bool:
    return filters.scope.see_identities


def _meeting_rows() -> Select:
    """The columns of MEETING_COLUMNS for each meeting: its site, attendees and live notes."""
    attendees = (
        select(func.count())
        .where(MeetingAttendee.meeting_id == ConsultationMeeting.id)
        .scalar_subquery()
    )
    notes = (
        select(func.count())
        .where(
            ConsultationNote.meeting_id == ConsultationMeeting.id,
            ConsultationNote.deleted_at.is_(None),
        )
        .scalar_subquery()
    )
    return select(
        ConsultationMeeting.id,
        ConsultationMeeting.month,
        ConsultationMeeting.held_on,
        Site.id,
        Site.name,
        attendees,
        notes,
    ).join(Site, Site.id == ConsultationMeeting.site_id)


@one_connection
def meetings_in_period(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Consultation meetings whose month overlaps the period, in scope, newest first.

    Columns: meeting_id, month, held_on, site_id, site, attendees (mentors), notes (not
    deleted). When mentors are chosen, only meetings one of them attended.
    """
    statement = (
        _meeting_rows()
        .where(_meetings_in_period(filters))
        .order_by(ConsultationMeeting.month.desc(), Site.name, ConsultationMeeting.id)
    )
    if filters.mentor_ids:
        statement = statement.where(
            ConsultationMeeting.id.in_(
                select(MeetingAttendee.meeting_id).where(
                    MeetingAttendee.mentor_id.in_(filters.mentor_ids)
                )
            )
        )
    return typed_frame(fetch(engine, statement), MEETING_COLUMNS)


@one_connection
def meeting_in_scope(engine: Engine, filters: Filters, meeting_id: int) -> pd.DataFrame:
    """One meeting (any month) if its site is in scope, else no rows. Columns as
    ``meetings_in_period``."""
    statement = _meeting_rows().where(
        ConsultationMeeting.id == meeting_id, filters.site_clause(Site.id)
    )
    return typed_frame(fetch(engine, statement), MEETING_COLUMNS)


@one_connection
def meeting_attendance(engine: Engine, filters: Filters, meeting_id: int) -> pd.DataFrame:
    """The mentors of a meeting's site who were in post that month, and who attended.

    Columns: mentor_id, mentor, attended. No rows when the meeting is out of scope.
    Ordered by mentor name.
    """
    meeting = (
        select(ConsultationMeeting.site_id, ConsultationMeeting.month, ConsultationMeeting.held_on)
        .where(ConsultationMeeting.id == meeting_id)
        .where(filters.site_clause(ConsultationMeeting.site_id))
        .subquery()
    )
    attended = (
        select(func.count())
        .where(MeetingAttendee.meeting_id == meeting_id, MeetingAttendee.mentor_id == Mentor.id)
        .scalar_subquery()
    )
    statement = (
        select(Mentor.id, Mentor.display_name, attended > 0)
        .join(meeting, meeting.c.site_id == Mentor.site_id)
        .where(
            Mentor.start_date <= meeting.c.held_on,
            (Mentor.end_date.is_(None)) | (Mentor.end_date >= meeting.c.month) | (attended > 0),
        )
        .order_by(Mentor.display_name, Mentor.id)
    )
    return typed_frame(fetch(engine, statement), ATTENDEE_COLUMNS)


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


def _note_select(search_table: TableClause | None = None) -> Select:
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


def _sorted_by_kind(df: pd.DataFrame) -> pd.DataFrame:
    if df.empty:
        return df
    order = df["kind"].map(KIND_ORDER)
    return (
        df.assign(_order=order)
        .sort_values(["_order", "note_id"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


@one_connection
def meeting_notes(
    engine: Engine, filters: Filters, meeting_id: int, include_deleted: bool = False
) -> pd.DataFrame:
    """The notes of one meeting in scope, strengths first: accomplishments, positive impacts,
    challenges, action items (then oldest first). Columns: NOTE_COLUMNS. No rows for a
    scope that may not see identities or a meeting out of scope."""
    if not _may_read_text(filters):
        return typed_frame([], NOTE_COLUMNS)
    statement = _note_select().where(
        ConsultationNote.meeting_id == meeting_id,
        filters.site_clause(ConsultationNote.site_id),
    )
    if not include_deleted:
        statement = statement.where(ConsultationNote.deleted_at.is_(None))
    return _sorted_by_kind(typed_frame(fetch(engine, statement), NOTE_COLUMNS))


@one_connection
def note_in_scope(engine: Engine, filters: Filters, note_id: int) -> pd.DataFrame:
    """One note (deleted or not) if its site is in scope. Columns: NOTE_COLUMNS."""
    if not _may_read_text(filters):
        return typed_frame([], NOTE_COLUMNS)
    statement = _note_select().where(
        ConsultationNote.id == note_id, filters.site_clause(ConsultationNote.site_id)
    )
    return typed_frame(fetch(engine, statement), NOTE_COLUMNS)


@one_connection
def note_history(engine: Engine, filters: Filters, note_id: int) -> pd.DataFrame:
    """Every saved state of a note in scope, newest first. Columns: version, kind, text,
    edited_by, edited_at (ISO text, UTC)."""
    if not _may_read_text(filters):
        return typed_frame([], REVISION_COLUMNS)
    statement = (
        select(
            NoteRevision.version,
            NoteRevision.kind,
            NoteRevision.text,
            NoteRevision.edited_by,
            NoteRevision.edited_at,
        )
        .join(ConsultationNote, ConsultationNote.id == NoteRevision.note_id)
        .where(NoteRevision.note_id == note_id, filters.site_clause(ConsultationNote.site_id))
        .order_by(NoteRevision.version.desc())
    )
    rows = [(v, k, t, b, str(a)[:19]) for v, k, t, b, a in fetch(engine, statement)]
    return typed_frame(rows, REVISION_COLUMNS)


@one_connection
def notes_about_mentor(
    engine: Engine, filters: Filters, mentor_id: int, limit: int = 100
) -> pd.DataFrame:
    """Notes about one mentor in the period, accomplishments first, newest meeting first
    within each kind. Columns: NOTE_COLUMNS. No rows when the mentor's notes are out of
    scope or the scope may not see identities."""
    if not _may_read_text(filters):
        return typed_frame([], NOTE_COLUMNS)
    statement = (
        _note_select()
        .where(
            ConsultationNote.mentor_id == mentor_id,
            ConsultationNote.deleted_at.is_(None),
            _meetings_in_period(filters),
            filters.site_clause(ConsultationNote.site_id),
        )
        .order_by(ConsultationMeeting.month.desc(), ConsultationNote.id)
        .limit(limit)
    )
    df = typed_frame(fetch(engine, statement), NOTE_COLUMNS)
    if df.empty:
        return df
    order = df["kind"].map(KIND_ORDER)
    return (
        df.assign(_order=order)
        .sort_values("_order", kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


# --- full-text search ----------------------------------------------------------------------


def search_terms(text: object) -> list[str]:
    """The words of a search box's ``text`` (letters and digits only, at most 8 of them, each
    at most 40 characters), lower case. Anything else a person types is ignored, so no
    search syntax of either backend can be injected."""
    if not isinstance(text, str):
        return []
    words = re.findall(r"\w+", text[:400].lower())
    terms: list[str] = []
    for word in words:
        word = word.strip("_")[:MAX_TERM_CHARS]
        if word and word not in terms:
            terms.append(word)
    return terms[:MAX_SEARCH_TERMS]


@one_connection
def search_notes(
    engine: Engine, filters: Filters, text: object, limit: int = SEARCH_LIMIT
) -> pd.DataFrame:
    """Notes in the period, sites and mentors chosen whose text holds every word of ``text``
    (word prefixes, stemmed: "visit" finds "visited"), newest written first, at most
    ``limit`` (+1, so the caller can say there are more). Columns: NOTE_COLUMNS.

    PostgreSQL answers from its full-text index (a GIN index on ``to_tsvector('english',
    text)``), SQLite from its FTS5 table, walked newest first so that a common word stops
    after the first page of matches.
    """
    terms = search_terms(text)
    if not terms or not _may_read_text(filters):
        return typed_frame([], NOTE_COLUMNS)
    if engine.dialect.name == "postgresql":
        query = " & ".join(f"{term}:*" for term in terms)
        # The regconfig literal (not a bound parameter) lets the planner use the GIN index
        # built on exactly to_tsvector('english', text).
        english = literal_column("'english'::regconfig")
        statement = _note_select().where(
            func.to_tsvector(english, ConsultationNote.text).op("@@")(
                func.to_tsquery(english, query)
            )
        )
        newest_first = ConsultationNote.id.desc()
    else:
        fts = table(FTS_TABLE, column("rowid"))
        match = " ".join(f'"{term}"*' for term in terms)
        # For chosen sites, no note in scope and period is older than the oldest note of
        # their meetings in the period: that bound lets FTS5 stop its newest-first walk there
        # instead of reading every other site's matches (one index seek per meeting).
        meeting, note = aliased(ConsultationMeeting), aliased(ConsultationNote)
        oldest_of_meeting = (
            select(func.min(note.id)).where(note.meeting_id == meeting.id).scalar_subquery()
        )
        oldest = (
            select(func.min(oldest_of_meeting))
            .where(
                filters.site_clause(meeting.site_id),
                meeting.month.between(month_start(filters.start), filters.end),
            )
            .scalar_subquery()
        )
        statement = _note_select(fts).where(literal_column(FTS_TABLE).op("MATCH")(match))
        if filters.effective_site_ids is not None:  # every site: the walk stops soon anyway
            statement = statement.where(fts.c.rowid >= oldest)
        newest_first = fts.c.rowid.desc()
    statement = (
        statement.where(
            ConsultationNote.deleted_at.is_(None),
            _meetings_in_period(filters),
            filters.site_clause(ConsultationNote.site_id),
            filters.mentor_clause(ConsultationNote.mentor_id),
        )
        .order_by(newest_first)
        .limit(max(1, min(int(limit), 500)) + 1)
    )
    return typed_frame(fetch(engine, statement), NOTE_COLUMNS)


# --- action items ----------------------------------------------------------------------------


def _open_action_items() -> Select:
    return (
        select(
            ConsultationNote.id,
            ConsultationNote.meeting_id,
            ConsultationMeeting.month,
            Site.name,
            ConsultationNote.mentor_id,
            Mentor.display_name,
            ConsultationNote.owner,
            ConsultationNote.due_month,
            ConsultationNote.text,
            ConsultationNote.version,
        )
        .join(ConsultationMeeting, ConsultationMeeting.id == ConsultationNote.meeting_id)
        .join(Site, Site.id == ConsultationNote.site_id)
        .outerjoin(Mentor, Mentor.id == ConsultationNote.mentor_id)
        .where(
            ConsultationNote.kind == "action_item",
            ConsultationNote.status == "open",
            ConsultationNote.deleted_at.is_(None),
        )
    )


@one_connection
def carried_over_action_items(
    engine: Engine,
    filters: Filters,
    month: dt.date,
    site_id: int | None = None,
    for_room: bool = False,
) -> pd.DataFrame:
    """Action items still open that were written at meetings *before* ``month`` (at
    ``site_id``, or every site in scope), oldest first: what the next meeting starts with;
    ``for_room``: only those cleared for the room. Columns: ACTION_COLUMNS. Nothing about
    mentees is selected."""
    statement = _open_action_items().where(
        ConsultationMeeting.month < month_start(month),
        filters.site_clause(ConsultationNote.site_id),
        filters.mentor_clause(ConsultationNote.mentor_id),
    )
    if for_room:
        statement = statement.where(cleared_for_room())
    if site_id is not None:
        statement = statement.where(ConsultationNote.site_id == site_id)
    statement = statement.order_by(ConsultationMeeting.month, ConsultationNote.id)
    return typed_frame(fetch(engine, statement), ACTION_COLUMNS)


@one_connection
def overdue_action_items(
    engine: Engine, filters: Filters, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Open action items past their due month on ``as_of`` (default ``filters.end``): due
    in a month before ``as_of``'s month. Oldest due first. Columns: ACTION_COLUMNS."""
    day = as_of or filters.end
    statement = (
        _open_action_items()
        .where(
            ConsultationNote.due_month.is_not(None),
            ConsultationNote.due_month < month_start(day),
            filters.site_clause(ConsultationNote.site_id),
            filters.mentor_clause(ConsultationNote.mentor_id),
        )
        .order_by(ConsultationNote.due_month, ConsultationNote.id)
    )
    return typed_frame(fetch(engine, statement), ACTION_COLUMNS)


# --- meeting mode ----------------------------------------------------------------------------


@one_connection
def room_notes(
    engine: Engine, filters: Filters, month: dt.date, site_id: int | None = None
) -> pd.DataFrame:
    """What the shared screen may show of a month's meeting notes: accomplishments, positive
    impacts, the challenges a supervisor marked for the room, and action items, in that
    order; only notes cleared for the room. Columns: kind, mentor (the mentor's display
    name, or ''), text. No mentee id, code or name is selected; for any scope."""
    room_ok = readable_in_the_room()
    statement = (
        select(
            ConsultationNote.kind,
            func.coalesce(Mentor.display_name, ""),
            ConsultationNote.text,
            ConsultationNote.id,
        )
        .join(ConsultationMeeting, ConsultationMeeting.id == ConsultationNote.meeting_id)
        .outerjoin(Mentor, Mentor.id == ConsultationNote.mentor_id)
        .where(
            ConsultationMeeting.month == month_start(month),
            ConsultationNote.deleted_at.is_(None),
            room_ok,
            filters.site_clause(ConsultationNote.site_id),
        )
    )
    if site_id is not None:
        statement = statement.where(ConsultationNote.site_id == site_id)
    rows = fetch(engine, statement)
    rows.sort(key=lambda r: (KIND_ORDER[r[0]], r[3]))
    return typed_frame([r[:3] for r in rows], ROOM_COLUMNS)


@one_connection
def room_challenges(
    engine: Engine, filters: Filters, month: dt.date, site_id: int | None = None
) -> pd.DataFrame:
    """The challenges of a month's meeting a supervisor marked for the room, oldest first.
    Columns: kind, mentor, text (as ``room_notes``)."""
    df = room_notes(engine, filters, month, site_id)
    return df[df["kind"] == "challenge"].reset_index(drop=True)
