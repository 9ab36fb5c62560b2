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
from data.queries._connection import one_connection
from data.queries._disclosure import hide_small_counts, rounding_base
from data.queries._sql import (
    BOOL,
    DATE,
    FLOAT,
    INT,
    INT_OR_NONE,
    TEXT,
    as_date,
    caseload_on_end_date,
    fetch,
    open_on,
    typed_frame,
)
from data.queries._time import date_of_year_month, months_in, year_month_of
from data.queries._waiting import waiting_clause, waiting_since, waiting_site_id
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


@one_connection
def caseload_by_mentor(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Each mentor's caseload on ``filters.end`` against their capacity.

    Mentors in post on the end date, in scope and chosen. Columns: mentor_id, mentor, site,
    capacity, active_mentees (open matches on the end date), spare (capacity - active_mentees,
    negative when over), over_capacity. Ordered by site, then mentor. For a scope that hides
    small counts, active_mentees is rounded or hidden (``_disclosure``), and spare and
    over_capacity follow the shown count.
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
    df = hide_small_counts(
        typed_frame(fetch(engine, statement), CASELOAD_COLUMNS), filters, ["active_mentees"]
    )
    if rounding_base(filters):
        # Spare places follow the rounded caseload: capacity minus an exact count would give
        # the count back.
        df["spare"] = (df["capacity"] - df["active_mentees"]).astype("Int64")
        df["over_capacity"] = (df["spare"] < 0).fillna(False).astype(bool)
    return df


@one_connection
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
        .join(Site, Site.id == waiting_site_id())
        .where(waiting_clause(filters, end))
        .order_by(since, Mentee.id)
        .limit(max(0, int(limit)))
    )
    rows = [(*row, (end - as_date(row[-1])).days) for row in fetch(engine, statement)]
    return typed_frame(rows, WAITING_COLUMNS)


@one_connection
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


# --- needs a new mentor -------------------------------------------------------------------

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
            *_identity_columns(filters),
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


# --- places against waits -----------------------------------------------------------------

PLACES_COLUMNS = {
    "site_id": INT,
    "site": TEXT,
    "mentors_available": INT,
    "places": INT,
    "active_mentees": INT,
    "free_places": INT,
    "mentors_with_room": INT,
    "waiting": INT,
    "longest_wait_days": INT_OR_NONE,
}


@one_connection
def places_against_waits(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Per site on ``filters.end``: free places with available mentors against who waits.

    Available mentors are in post and not on leave; their free places are capacity minus
    open matches, counted per mentor (an over-full mentor does not hide another's room).
    Columns: site_id, site, mentors_available, places (their capacity), active_mentees (in
    their open matches), free_places, mentors_with_room, waiting (mentees waiting for a mentor
    at the site; the mentor choice does not apply), longest_wait_days (<NA> when nobody
    waits). Every site in scope, by name. For a scope that hides small counts, active_mentees
    and waiting below its threshold are <NA>, and so is longest_wait_days then.
    """
    end = filters.end
    caseload = caseload_on_end_date(filters)
    active = func.coalesce(caseload.c.n, 0)
    room = case((Mentor.capacity > active, Mentor.capacity - active), else_=0)
    mentor_rows = fetch(
        engine,
        select(
            Mentor.site_id,
            func.count(),
            func.sum(Mentor.capacity),
            func.sum(active),
            func.sum(room),
            func.sum(case((room > 0, 1), else_=0)),
        )
        .outerjoin(caseload, caseload.c.mentor_id == Mentor.id)
        .where(
            filters.site_clause(Mentor.site_id),
            filters.mentor_clause(Mentor.id),
            open_on(Mentor.start_date, Mentor.end_date, end),
            Mentor.status != "on_leave",
            Mentor.status != "inactive",
        )
        .group_by(Mentor.site_id),
    )
    since = waiting_since(end)
    site_id = waiting_site_id().label("site_id")
    wait_rows = fetch(
        engine,
        select(site_id, func.count(), func.min(since))
        .where(waiting_clause(filters, end))
        .group_by(site_id),
    )
    mentors = {int(r[0]): [int(v or 0) for v in r[1:]] for r in mentor_rows}
    waits = {int(s): (int(n), as_date(first)) for s, n, first in wait_rows}
    sites = fetch(
        engine,
        select(Site.id, Site.name).where(filters.site_clause(Site.id)).order_by(Site.name),
    )
    rows = []
    for site_id, name in sites:
        available, places, in_matches, free, with_room = mentors.get(int(site_id), [0] * 5)
        waiting, first = waits.get(int(site_id), (0, None))
        longest = (end - first).days if first is not None else None
        rows.append(
            (site_id, name, available, places, in_matches, free, with_room, waiting, longest)
        )
    df = hide_small_counts(
        typed_frame(rows, PLACES_COLUMNS), filters, ["active_mentees", "waiting"]
    )
    df.loc[df["waiting"].isna(), "longest_wait_days"] = pd.NA
    return df


# --- match lifecycle ----------------------------------------------------------------------

CLOSURE_COLUMNS = {"reason": TEXT, "closed": INT}
RETENTION_COLUMNS = {"months": INT, "eligible": INT, "lasted": INT, "share": FLOAT}
LENGTH_COLUMNS = {
    "started": INT,
    "closed": INT,
    "still_open": INT,
    "median_closed_days": FLOAT,
}
RETENTION_MONTHS = (3, 6, 12)
NOT_RECORDED = "not recorded"
GOOD_ENDING = "goals met"


@one_connection
def match_closures_by_reason(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Matches closed in the period, by closure reason.

    Columns: reason (NOT_RECORDED when none was given), closed (matches). "goals met" comes
    first (strengths first), then the other reasons by count, most first. Small counts hidden
    per scope.
    """
    reason = func.coalesce(Match.closure_reason, NOT_RECORDED)
    rows = fetch(
        engine,
        select(reason, func.count())
        .where(
            filters.site_clause(Match.site_id),
            filters.mentor_clause(Match.mentor_id),
            Match.end_date.between(filters.start, filters.end),
        )
        .group_by(reason),
    )
    rows.sort(key=lambda r: (r[0] != GOOD_ENDING, -int(r[1]), str(r[0])))
    return hide_small_counts(typed_frame(rows, CLOSURE_COLUMNS), filters, ["closed"])


def _add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months (the 31st becomes the month's last day)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    first = dt.date(year, month + 1, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return first.replace(day=min(day.day, last.day))


def _started_matches(engine: Engine, filters: Filters) -> list[tuple[dt.date, dt.date | None, int]]:
    """(start, end as seen on filters.end, matches) for matches started in the period."""
    seen_end = case((Match.end_date <= filters.end, Match.end_date), else_=null())
    rows = fetch(
        engine,
        select(Match.start_date, seen_end, func.count())
        .where(
            filters.site_clause(Match.site_id),
            filters.mentor_clause(Match.mentor_id),
            Match.start_date.between(filters.start, filters.end),
        )
        .group_by(Match.start_date, seen_end),
    )
    return [(as_date(s), as_date(e), int(n)) for s, e, n in rows]  # type: ignore[misc]


@one_connection
def match_retention(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Of matches started in the period, the share lasting at least 3, 6 and 12 months.

    A match counts for a threshold once that many months have passed since it started by
    ``filters.end`` (eligible); it lasted if it was still open then or closed later. One row
    per threshold with any eligible match (none: no row). Columns: months, eligible, lasted,
    share (lasted / eligible). Small counts hidden per scope (and their share with them).
    """
    matches = _started_matches(engine, filters)
    rows = []
    for months in RETENTION_MONTHS:
        eligible = lasted = 0
        for start, end, n in matches:
            mark = _add_months(start, months)
            if mark > filters.end:
                continue
            eligible += n
            if end is None or end >= mark:
                lasted += n
        if eligible:
            rows.append((months, eligible, lasted, lasted / eligible))
    return hide_small_counts(
        typed_frame(rows, RETENTION_COLUMNS),
        filters,
        ["eligible", "lasted"],
        shares={"share": ("lasted", "eligible")},
    )


@one_connection
def match_length(engine: Engine, filters: Filters) -> pd.DataFrame:
    """How long matches started in the period lasted: one row.

    Columns: started, closed (by ``filters.end``), still_open, median_closed_days (median
    length in days of the closed ones; NaN when none closed). Small counts hidden per scope
    (and the median with them).
    """
    matches = _started_matches(engine, filters)
    days = pd.Series(
        [(end - start).days for start, end, n in matches if end is not None for _ in range(n)],
        dtype="float64",
    )
    started = sum(n for *_, n in matches)
    closed = int(days.size)
    median = float(days.median()) if closed else float("nan")
    df = hide_small_counts(
        typed_frame([(started, closed, started - closed, median)], LENGTH_COLUMNS),
        filters,
        ["started", "closed", "still_open"],
    )
    if df["closed"].isna().any():
        df["median_closed_days"] = float("nan")
    return df


__all__ += [
    "match_closures_by_reason",
    "match_length",
    "match_retention",
    "mentees_needing_new_mentor",
    "places_against_waits",
]
