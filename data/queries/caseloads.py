"""The caseloads page: each mentor's caseload against capacity, the waiting list, matches
started and closed, and mentees nobody has contacted lately.

Identity rule: when the scope may not see identities, mentee codes and names are not even
selected; their columns come back as None.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Engine, case, func, null, or_, select

from data.filters import Filters
from data.queries._sql import (
    BOOL,
    DATE,
    INT,
    INT_OR_NONE,
    TEXT,
    as_date,
    caseload_on_end_date,
    fetch,
    hide_small_counts,
    open_on,
    typed_frame,
)
from data.queries._time import date_of_year_month, months_in, year_month_of
from data.queries._waiting import waiting_clause, waiting_since
from data.schema import Contact, Match, Mentee, Mentor, Site

CASELOAD_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "site": TEXT,
    "capacity": INT,
    "active_mentees": INT,
    "spare": INT,
    "over_capacity": BOOL,
}
WAITING_COLUMNS = {
    "mentee_id": INT,
    "mentee_code": TEXT,
    "mentee_name": TEXT,
    "site": TEXT,
    "referral_date": DATE,
    "waiting_since": DATE,
    "days_waiting": INT,
}
MATCHES_COLUMNS = {"month": DATE, "started": INT, "closed": INT}
NO_CONTACT_COLUMNS = {
    "mentee_id": INT,
    "mentee_code": TEXT,
    "mentee_name": TEXT,
    "mentor": TEXT,
    "last_contact": DATE,
    "days_since": INT_OR_NONE,
}


def _identity_columns(filters: Filters) -> list[ColumnElement[Any]]:
    """Mentee code and name, or two NULL literals when the scope may not see identities."""
    if filters.scope.see_identities:
        return [Mentee.code.label("mentee_code"), Mentee.display_name.label("mentee_name")]
    return [null().label("mentee_code"), null().label("mentee_name")]


def caseload_by_mentor(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Each mentor's caseload on ``filters.end`` against their capacity.

    Mentors in post on the end date, in scope and chosen. Columns: mentor_id, mentor, site,
    capacity, active_mentees (open matches on the end date), spare (capacity - active_mentees,
    negative when over), over_capacity. Ordered by site, then mentor. For a scope that hides
    small counts, active_mentees below its threshold is <NA>, and spare with it.
    """
    end = filters.end
    caseload = caseload_on_end_date(filters)
    active = func.coalesce(caseload.c.n, 0)
    statement = (
        select(
            Mentor.id,
            Mentor.display_name,
            Site.name,
            Mentor.capacity,
            active,
            Mentor.capacity - active,
            active > Mentor.capacity,
        )
        .join(Site, Site.id == Mentor.site_id)
        .outerjoin(caseload, caseload.c.mentor_id == Mentor.id)
        .where(
            filters.site_clause(Mentor.site_id),
            filters.mentor_clause(Mentor.id),
            or_(open_on(Mentor.start_date, Mentor.end_date, end), caseload.c.n > 0),
        )
        .order_by(Site.name, Mentor.display_name, Mentor.id)
    )
    return hide_small_counts(
        typed_frame(fetch(engine, statement), CASELOAD_COLUMNS),
        filters,
        ["active_mentees"],
        along={"spare": "active_mentees"},
    )


def waiting_list(engine: Engine, filters: Filters, limit: int = 200) -> pd.DataFrame:
    """Mentees waiting for a mentor on ``filters.end``, longest wait first (at most ``limit``).

    Columns: mentee_id, mentee_code, mentee_name (None unless the scope sees identities), site,
    referral_date, waiting_since (referral, or end of their last match), days_waiting (days).
    """
    end = filters.end
    since = waiting_since(end).label("waiting_since")
    statement = (
        select(
            Mentee.id,
            *_identity_columns(filters),
            Site.name,
            Mentee.referral_date,
            since,
        )
        .join(Site, Site.id == Mentee.site_id)
        .where(waiting_clause(filters, end))
        .order_by(since, Mentee.id)
        .limit(max(0, int(limit)))
    )
    rows = [(*row, (end - as_date(row[-1])).days) for row in fetch(engine, statement)]
    return typed_frame(rows, WAITING_COLUMNS)


def matches_by_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Matches started and closed in each month the period touches (zeros included).

    Columns: month (first day, date), started, closed (counts of matches; below the scope's
    small-count threshold <NA>).
    """
    start, end = filters.start, filters.end
    counts: dict[dt.date, list[int]] = {m: [0, 0] for m in months_in(start, end)}
    for position, column in enumerate((Match.start_date, Match.end_date)):
        ym = year_month_of(column)
        statement = (
            select(ym, func.count())
            .where(
                filters.site_clause(Match.site_id),
                filters.mentor_clause(Match.mentor_id),
                column.between(start, end),
            )
            .group_by(ym)
        )
        for value, n in fetch(engine, statement):
            counts[date_of_year_month(value)][position] = int(n)
    rows = [(m, s, c) for m, (s, c) in counts.items()]
    return hide_small_counts(typed_frame(rows, MATCHES_COLUMNS), filters, ["started", "closed"])


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
            *_identity_columns(filters),
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


__all__ = [
    "caseload_by_mentor",
    "matches_by_month",
    "mentees_without_recent_contact",
    "waiting_list",
]
