"""Matched mentees who need someone to act: nobody has contacted them lately, or their mentor
has left or is on leave while the match is still open."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, case, func, null, or_, select

from data.filters import Filters
from data.queries.plumbing.clauses import mentee_identity, open_on
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.frames import DATE, INT, INT_OR_NONE, TEXT, as_date, typed_frame
from data.queries.plumbing.sql import fetch
from data.schema import Contact, Match, Mentee, Mentor, Site

NO_CONTACT_COLUMNS = {
    "mentee_id": INT,
    "mentee_code": TEXT,
    "mentee_name": TEXT,
    "mentor": TEXT,
    "last_contact": DATE,
    "days_since": INT_OR_NONE,
}

NEW_MENTOR_COLUMNS = {
    "mentee_id": INT,
    "mentee_code": TEXT,
    "mentee_name": TEXT,
    "site": TEXT,
    "mentor_id": INT,
    "mentor": TEXT,
    "mentor_status": TEXT,
    "mentor_left_on": DATE,
    "match_start": DATE,
}
LEFT, ON_LEAVE = "left the program", "on leave"


@one_connection
def mentees_without_recent_contact(
    engine: Engine, filters: Filters, days: int = 30
) -> pd.DataFrame:
    """Matched mentees with no contact in the ``days`` days up to ``filters.end``.

    Mentees with an open match on the end date whose last contact (on or before the end date)
    is ``days`` or more days before it, or who were never contacted. Columns: mentee_id,
    mentee_code, mentee_name (None unless the scope sees identities), mentor, last_contact
    (date or None), days_since (days; <NA> when never contacted). Never-contacted first, then
    longest silence first.
    """
    end = filters.end
    cutoff = end - dt.timedelta(days=max(1, int(days)))
    last = (
        select(func.max(Contact.contact_date))
        .where(Contact.mentee_id == Match.mentee_id, Contact.contact_date <= end)
        .scalar_subquery()
    )
    open_matches = (
        select(Match.mentee_id, Match.mentor_id, last.label("last_contact"))
        .where(
            filters.site_clause(Match.site_id),
            filters.mentor_clause(Match.mentor_id),
            open_on(Match.start_date, Match.end_date, end),
        )
        .subquery("open_matches")
    )
    statement = (
        select(
            open_matches.c.mentee_id,
            *mentee_identity(filters),
            Mentor.display_name,
            open_matches.c.last_contact,
        )
        .select_from(open_matches)
        .join(Mentor, Mentor.id == open_matches.c.mentor_id)
        .where(or_(open_matches.c.last_contact.is_(None), open_matches.c.last_contact <= cutoff))
        .order_by(
            case((open_matches.c.last_contact.is_(None), 0), else_=1),
            open_matches.c.last_contact,
            open_matches.c.mentee_id,
            Mentor.display_name,
        )
    )
    if filters.scope.see_identities:
        statement = statement.join(Mentee, Mentee.id == open_matches.c.mentee_id)
    rows = [
        (*row, (end - as_date(row[-1])).days if row[-1] is not None else None)
        for row in fetch(engine, statement)
    ]
    return typed_frame(rows, NO_CONTACT_COLUMNS)


@one_connection
def mentees_needing_new_mentor(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Mentees whose match is open on ``filters.end`` while their mentor has left or is on leave.

    A mentor has left when their end date is on or before ``filters.end`` (or their status is
    inactive); on leave is the mentor's status as recorded now. Columns: mentee_id,
    mentee_code, mentee_name (None unless the scope sees identities), site, mentor_id, mentor,
    mentor_status ("left the program" or "on leave"), mentor_left_on (date or None),
    match_start. Ordered by when the mentor left (earliest first), then site and mentee.
    """
    end = filters.end
    left = or_(Mentor.end_date <= end, Mentor.status == "inactive")
    status = case((left, LEFT), else_=ON_LEAVE)
    statement = (
        select(
            Match.mentee_id,
            *mentee_identity(filters),
            Site.name,
            Mentor.id,
            Mentor.display_name,
            status,
            case((Mentor.end_date <= end, Mentor.end_date), else_=null()),
            Match.start_date,
        )
        .select_from(Match)
        .join(Mentor, Mentor.id == Match.mentor_id)
        .join(Site, Site.id == Match.site_id)
        .where(
            filters.site_clause(Match.site_id),
            filters.mentor_clause(Match.mentor_id),
            open_on(Match.start_date, Match.end_date, end),
            or_(left, Mentor.status == "on_leave"),
        )
        # Left mentors first (earliest first), then those on leave; NULLs sort alike everywhere.
        .order_by(
            case((Mentor.end_date.is_(None), 1), else_=0),
            Mentor.end_date,
            Site.name,
            Match.mentee_id,
        )
    )
    if filters.scope.see_identities:
        statement = statement.join(Mentee, Mentee.id == Match.mentee_id)
    return typed_frame(fetch(engine, statement), NEW_MENTOR_COLUMNS)
