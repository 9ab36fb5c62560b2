"""Consultation meetings over time: attendance, strengths recorded, action items opened and closed.

Counts here are of meetings, mentors and notes (not of mentees), so no small-count hiding
applies; the site scope is ANDed into every statement as everywhere else.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import ColumnElement, Engine, and_, func, or_, select

from data.filters import Filters
from data.queries.notes._rows import attendee_count, in_period
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.frames import DATE, FLOAT, INT, TEXT, as_date, typed_frame
from data.queries.plumbing.months import month_start
from data.queries.plumbing.sql import fetch
from data.schema import ConsultationMeeting, ConsultationNote, Mentor, Site

ATTENDANCE_COLUMNS = {
    "meeting_id": INT,
    "month": DATE,
    "site": TEXT,
    "attendees": INT,
    "mentors_in_post": INT,
}
STRENGTH_COLUMNS = {"month": DATE, "accomplishments": INT, "positive_impacts": INT}
ACTION_TREND_COLUMNS = {
    "month": DATE,
    "opened": INT,
    "closed": INT,
    "mean_days_open": FLOAT,
}


@one_connection
def attendance_by_meeting(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Mentors who attended each meeting in the period, and mentors in post at its site that
    day (the n). Columns: meeting_id, month, site, attendees, mentors_in_post. Oldest first."""
    attendees = attendee_count()
    in_post = (
        select(func.count())
        .where(
            Mentor.site_id == ConsultationMeeting.site_id,
            Mentor.start_date <= ConsultationMeeting.held_on,
            or_(Mentor.end_date.is_(None), Mentor.end_date >= ConsultationMeeting.held_on),
        )
        .scalar_subquery()
    )
    statement = (
        select(ConsultationMeeting.id, ConsultationMeeting.month, Site.name, attendees, in_post)
        .join(Site, Site.id == ConsultationMeeting.site_id)
        .where(in_period(filters))
        .order_by(ConsultationMeeting.month, Site.name, ConsultationMeeting.id)
    )
    return typed_frame(fetch(engine, statement), ATTENDANCE_COLUMNS)


@one_connection
def strengths_by_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Accomplishments and positive impacts recorded per meeting month (notes not deleted;
    the chosen mentors' notes when mentors are chosen). Columns: month, accomplishments,
    positive_impacts. Oldest first; months without meetings are absent."""
    kind = ConsultationNote.kind
    statement = (
        select(
            ConsultationMeeting.month,
            func.count().filter(kind == "accomplishment"),
            func.count().filter(kind == "positive_impact"),
        )
        .select_from(ConsultationNote)
        .join(ConsultationMeeting, ConsultationMeeting.id == ConsultationNote.meeting_id)
        .where(
            in_period(filters),
            ConsultationNote.deleted_at.is_(None),
            filters.mentor_clause(ConsultationNote.mentor_id),
        )
        .group_by(ConsultationMeeting.month)
        .order_by(ConsultationMeeting.month)
    )
    return typed_frame(fetch(engine, statement), STRENGTH_COLUMNS)


def _days_open(engine: Engine) -> ColumnElement[float]:
    if engine.dialect.name == "postgresql":
        return func.extract("epoch", ConsultationNote.closed_at - ConsultationNote.created_at) / (
            86400.0
        )
    return func.julianday(ConsultationNote.closed_at) - func.julianday(ConsultationNote.created_at)


def _month_of(engine: Engine, moment: ColumnElement[dt.datetime]) -> ColumnElement[object]:
    """The first day of ``moment``'s month, as each backend spells it."""
    if engine.dialect.name == "postgresql":
        return func.date(func.date_trunc("month", moment))
    return func.strftime("%Y-%m-01", moment)


@one_connection
def action_items_by_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Action items opened (written at that month's meetings) and closed (done or dropped in
    that month) per month of the period, with the mean days the closed ones had stayed open.
    Columns: month, opened, closed, mean_days_open (NaN when none closed). Oldest first."""
    action = and_(
        ConsultationNote.kind == "action_item",
        ConsultationNote.deleted_at.is_(None),
        filters.site_clause(ConsultationNote.site_id),
        filters.mentor_clause(ConsultationNote.mentor_id),
    )
    opened = (
        select(ConsultationMeeting.month, func.count())
        .select_from(ConsultationNote)
        .join(ConsultationMeeting, ConsultationMeeting.id == ConsultationNote.meeting_id)
        .where(action, in_period(filters))
        .group_by(ConsultationMeeting.month)
    )
    first = dt.datetime.combine(month_start(filters.start), dt.time())
    after = dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time())
    closed_month = _month_of(engine, ConsultationNote.closed_at)
    closed = (
        select(closed_month, func.count(), func.avg(_days_open(engine)))
        .where(action, ConsultationNote.closed_at >= first, ConsultationNote.closed_at < after)
        .group_by(closed_month)
    )
    by_month: dict[dt.date, list[object]] = {}
    for month, count in fetch(engine, opened):
        by_month[as_date(month)] = [int(count), 0, None]
    for month, count, mean_days in fetch(engine, closed):
        entry = by_month.setdefault(as_date(month), [0, 0, None])
        entry[1] = int(count)
        entry[2] = max(0.0, float(mean_days)) if mean_days is not None else None
    rows = [(month, *values) for month, values in sorted(by_month.items())]
    return typed_frame(rows, ACTION_TREND_COLUMNS)
