"""Consultation meetings: those of a period, one in scope, and who attended one."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, Select, func, select

from data.filters import Filters
from data.queries.notes._rows import attendee_count, in_period
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.frames import BOOL, DATE, INT, TEXT, typed_frame
from data.queries.plumbing.sql import fetch
from data.schema import ConsultationMeeting, ConsultationNote, MeetingAttendee, Mentor, Site

MEETING_COLUMNS = {
    "meeting_id": INT,
    "month": DATE,
    "held_on": DATE,
    "site_id": INT,
    "site": TEXT,
    "attendees": INT,
    "notes": INT,
}
ATTENDEE_COLUMNS = {"mentor_id": INT, "mentor": TEXT, "attended": BOOL}


def _meeting_rows() -> Select:
    """The columns of MEETING_COLUMNS for each meeting: its site, attendees and live notes."""
    attendees = attendee_count()
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
        .where(in_period(filters))
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
