"""The workload page: what each mentor did in the period, and which kinds of support."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, Select, and_, case, exists, func, or_, select

from data.filters import Filters
from data.queries._connection import one_connection
from data.queries._disclosure import hide_small_counts
from data.queries._facts import mentee_month_facts, mentor_month_facts, mentor_week_facts
from data.queries._grid import grid_sums, repeated, tiled
from data.queries._running import TotalsShape, mentor_type_totals, totals_rows
from data.queries._site_facts import mode_month_figures
from data.queries._sql import (
    BOOL,
    DATE,
    FLOAT,
    INT,
    TEXT,
    as_date,
    caseload_on_end_date,
    fetch,
    fetch_numbers,
    open_on,
    typed_frame,
)
from data.queries._statements import BoundFilters
from data.queries._time import (
    month_end,
    month_start,
    months_in,
    year_month,
    year_month_of,
)
from data.queries._weeks import week_start, weeks_in
from data.schema import (
    CONTACT_MODES,
    CONTACT_TYPES,
    Contact,
    GroupFacilitator,
    GroupSession,
    Mentor,
    Site,
)

# What one place in a caseload asks of a mentor in a month, by default: about two hours a week
# (a visit or an outing with travel). Direct-service time is shown against capacity * this, so
# a mentor with 4 places stands for about 35 hours a month. The program sets its own with
# HOURS_PER_PLACE_PER_MONTH (dashboard/settings.py); callers pass it as ``hours_per_place``.
HOURS_PER_PLACE_PER_MONTH = 2 * 52 / 12
# A mentor's crisis and after-hours contacts in a month are marked as a rise against their own
# previous three months when there are at least RISE_MIN of them and at least RISE_FACTOR
# times their own average (a zero average counts as a rise from RISE_MIN on).
RISE_MIN = 3
RISE_FACTOR = 1.5
RISE_LOOKBACK_MONTHS = 3

WORKLOAD_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "site": TEXT,
    "capacity": INT,
    "contacts": INT,
    "hours": FLOAT,
    "crisis_calls": INT,
    "after_hours": INT,
    "group_sessions": INT,
    "caseload": INT,
}
CONTACT_TYPE_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "contact_type": TEXT,
    "contacts": INT,
    "hours": FLOAT,
}


def _workload_statement(filters: BoundFilters, shape: TotalsShape) -> Select:
    start, end = filters.start, filters.end
    facts = mentor_type_totals(filters, shape)
    contacts = (
        select(
            facts.c.mentor_id,
            func.sum(facts.c.contacts).label("contacts"),
            func.sum(facts.c.minutes).label("minutes"),
            func.sum(
                case((facts.c.contact_type == "crisis_call", facts.c.contacts), else_=0)
            ).label("crisis_calls"),
            func.sum(facts.c.after_hours).label("after_hours"),
        )
        .group_by(facts.c.mentor_id)
        .subquery("contact_totals")
    )
    groups = (
        select(GroupFacilitator.mentor_id, func.count().label("sessions"))
        .join(GroupSession, GroupSession.id == GroupFacilitator.session_id)
        .where(
            filters.site_clause(GroupSession.site_id),
            filters.mentor_clause(GroupFacilitator.mentor_id),
            GroupSession.session_date.between(start, end),
        )
        .group_by(GroupFacilitator.mentor_id)
        .subquery("group_totals")
    )
    caseload = caseload_on_end_date(filters)
    return (
        select(
            Mentor.id,
            Mentor.display_name,
            Site.name,
            Mentor.capacity,
            func.coalesce(contacts.c.contacts, 0),
            func.coalesce(contacts.c.minutes, 0),
            func.coalesce(contacts.c.crisis_calls, 0),
            func.coalesce(contacts.c.after_hours, 0),
            func.coalesce(groups.c.sessions, 0),
            func.coalesce(caseload.c.n, 0),
        )
        .join(Site, Site.id == Mentor.site_id)
        .outerjoin(contacts, contacts.c.mentor_id == Mentor.id)
        .outerjoin(groups, groups.c.mentor_id == Mentor.id)
        .outerjoin(caseload, caseload.c.mentor_id == Mentor.id)
        .where(
            filters.site_clause(Mentor.site_id),
            filters.mentor_clause(Mentor.id),
            or_(
                # In post at some point of the period: started by its end, not left before it.
                open_on(Mentor.start_date, Mentor.end_date, start),
                Mentor.start_date.between(start, end),
                contacts.c.contacts > 0,
                groups.c.sessions > 0,
                caseload.c.n > 0,
            ),
        )
        .order_by(Site.name, Mentor.display_name, Mentor.id)
    )


@one_connection
def workload_by_mentor(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Each mentor's work in the period, for mentors in post during it or with any activity.

    Columns: mentor_id, mentor, site, capacity, contacts, hours (contact hours), crisis_calls
    (contacts of type crisis_call), after_hours (contacts out of hours), group_sessions (peer
    group sessions facilitated), caseload (open matches on ``filters.end``). Ordered by site,
    then mentor. For a scope that hides small counts, contacts, crisis_calls, after_hours and
    caseload below its threshold are <NA>.
    """
    rows = totals_rows(engine, filters, "workload_by_mentor", _workload_statement)
    frame = typed_frame(rows, WORKLOAD_COLUMNS)
    frame["hours"] /= 60.0  # fetched as minutes: dividing the column beats a loop over rows
    return hide_small_counts(
        frame,
        filters,
        ["contacts", "crisis_calls", "after_hours", "caseload"],
        along={"hours": "contacts"},
    )


def _types_statement(filters: BoundFilters, shape: TotalsShape) -> Select:
    facts = mentor_type_totals(filters, shape)
    return (
        select(
            Mentor.id,
            Mentor.display_name,
            facts.c.contact_type,
            func.sum(facts.c.contacts),
            func.coalesce(func.sum(facts.c.minutes), 0),
        )
        .select_from(facts)
        .join(Mentor, Mentor.id == facts.c.mentor_id)
        .group_by(Mentor.id, Mentor.display_name, facts.c.contact_type)
        .having(func.sum(facts.c.contacts) > 0)
        .order_by(Mentor.display_name, Mentor.id, facts.c.contact_type)
    )


@one_connection
def contact_types_by_mentor(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and hours by type of support for each mentor in the period (long form).

    Columns: mentor_id, mentor, contact_type, contacts, hours. Only combinations with contacts;
    ordered by mentor, then type. For a scope that hides small counts, contacts below its
    threshold are <NA>.
    """
    rows = totals_rows(engine, filters, "contact_types_by_mentor", _types_statement)
    frame = typed_frame(rows, CONTACT_TYPE_COLUMNS)
    frame["hours"] /= 60.0  # fetched as minutes
    return hide_small_counts(frame, filters, ["contacts"], along={"hours": "contacts"})


# --- the roster and its months ------------------------------------------------------------

ROSTER_COLUMNS = ("mentor_id", "mentor", "site", "capacity", "start_date", "end_date")


def _roster(filters: Filters) -> Select:
    """Mentors in scope and chosen who were in post at some time in the period, or had any
    contact in it (a mentor who left mid-period keeps their weeks before leaving)."""
    start, end = filters.start, filters.end
    had_contact = exists().where(
        Contact.mentor_id == Mentor.id, Contact.contact_date.between(start, end)
    )
    return (
        select(
            Mentor.id,
            Mentor.display_name,
            Site.name,
            Mentor.capacity,
            Mentor.start_date,
            Mentor.end_date,
        )
        .join(Site, Site.id == Mentor.site_id)
        .where(
            filters.site_clause(Mentor.site_id),
            filters.mentor_clause(Mentor.id),
            or_(
                and_(
                    Mentor.start_date <= end,
                    or_(Mentor.end_date.is_(None), Mentor.end_date >= start),
                ),
                had_contact,
            ),
        )
        .order_by(Site.name, Mentor.display_name, Mentor.id)
    )


def checked_hours_per_place(hours: object) -> float:
    """``hours`` (a month's hours per caseload place) as a float; ValueError unless it is a
    positive finite number."""
    if isinstance(hours, bool) or not isinstance(hours, int | float):
        raise ValueError("hours per place must be a number")
    value = float(hours)
    if not np.isfinite(value) or value <= 0:
        raise ValueError("hours per place must be a positive number")
    return value


def month_days(month: dt.date, filters: Filters) -> tuple[dt.date, dt.date]:
    """The days of ``month`` inside the period (first, last)."""
    return max(month, filters.start), min(month_end(month), filters.end)


def _roster_columns(roster: list[Any], periods: int) -> dict[str, Any]:
    """mentor_id, mentor and site of each roster row repeated for each of ``periods``, typed
    as ``typed_frame`` types them (int64; text as object)."""
    return {
        "mentor_id": repeated([int(r[0]) for r in roster], periods).astype("int64"),
        "mentor": pd.Series(repeated([str(r[1]) for r in roster], periods), dtype=object),
        "site": pd.Series(repeated([str(r[2]) for r in roster], periods), dtype=object),
    }


# --- mentor x week ------------------------------------------------------------------------

WEEK_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "site": TEXT,
    "week_start": DATE,
    "contacts": INT,
    "hours": FLOAT,
}


@one_connection
def contacts_by_mentor_week(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and contact hours of each mentor in each (Monday-based) week of the period.

    Every mentor of the roster (in post during the period, or with contacts in it) gets a row
    for every week the period touches, zeros included, so a quiet week reads as zero and not
    as a gap; the first and last weeks count only days inside the period. Columns: mentor_id,
    mentor, site, week_start (Monday, date), contacts, hours. Ordered by site, mentor, week.
    For a scope that hides small counts, contacts below its threshold are <NA>.
    """
    facts = mentor_week_facts(engine, filters, filters.start, filters.end)
    # Not grouped in SQL: a mentor's rows at two sites or from two parts of the period add
    # up in ``grid_sums``, which saves the database a sort of every row.
    found = fetch_numbers(
        engine, select(facts.c.mentor_id, facts.c.week, facts.c.contacts, facts.c.minutes)
    )
    weeks = weeks_in(filters.start, filters.end)
    roster = fetch(engine, _roster(filters))
    ids = [int(r[0]) for r in roster]
    # Every roster mentor x every week, built as columns: 50,000 cells at the large scale.
    contacts, minutes = grid_sums(ids, weeks, found, 2)
    frame = pd.DataFrame(
        {
            **_roster_columns(roster, len(weeks)),
            "week_start": pd.Series(
                tiled([week_start(w) for w in weeks], len(roster)), dtype=object
            ),
            "contacts": contacts.astype("int64"),
            "hours": minutes / 60.0,
        }
    )
    return hide_small_counts(frame, filters, ["contacts"], along={"hours": "contacts"})


# --- mentor x month -----------------------------------------------------------------------

MENTOR_MONTH_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "site": TEXT,
    "capacity": INT,
    "month": DATE,
    "in_post": BOOL,
    "contacts": INT,
    "mentees_contacted": INT,
    "contact_hours": FLOAT,
    "crisis_or_after_hours": INT,
    "group_sessions": INT,
    "group_hours": FLOAT,
    "direct_hours": FLOAT,
    "capacity_hours": FLOAT,
}


def _contact_months(
    engine: Engine, filters: Filters, start: dt.date, end: dt.date
) -> list[tuple[Any, ...]]:
    """Rows (mentor, yyyymm, contacts, minutes, crisis or after-hours contacts)."""
    facts = mentor_month_facts(engine, filters, start, end)
    crisis_or_late = func.sum(
        case((facts.c.contact_type == "crisis_call", facts.c.contacts), else_=facts.c.after_hours)
    )
    statement = select(
        facts.c.mentor_id,
        facts.c.year_month,
        func.sum(facts.c.contacts),
        func.sum(facts.c.minutes),
        crisis_or_late,
    ).group_by(facts.c.mentor_id, facts.c.year_month)
    return fetch_numbers(engine, statement)


def _ordinals(days: list[dt.date | None], missing: int) -> np.ndarray:
    """Day numbers (``date.toordinal``) of ``days``, ``missing`` for None."""
    return np.array([missing if d is None else d.toordinal() for d in days], dtype=np.int64)


@one_connection
def mentor_month_workload(
    engine: Engine, filters: Filters, hours_per_place: float = HOURS_PER_PLACE_PER_MONTH
) -> pd.DataFrame:
    """Each mentor's direct-service time in each month of the period, against capacity.

    One row per roster mentor and month, zeros included. Columns: mentor_id, mentor, site,
    capacity (places), month (first day), in_post (in post at any time that month), contacts,
    mentees_contacted (distinct), contact_hours, crisis_or_after_hours (crisis calls plus other
    contacts out of hours), group_sessions (facilitated), group_hours (session length, per
    facilitator), direct_hours (contact + group hours), capacity_hours (capacity x
    ``hours_per_place`` hours a month, pro rata for the days of the month inside the period;
    0 when not in post). Edge months count only days inside the period. For a scope that
    hides small counts, contacts, mentees_contacted and crisis_or_after_hours below its
    threshold are <NA>.
    """
    hours_per_place = checked_hours_per_place(hours_per_place)
    start, end = filters.start, filters.end
    contacts = _contact_months(engine, filters, start, end)
    mentees = mentee_month_facts(engine, filters, start, end)
    contacted = fetch_numbers(
        engine,
        select(
            mentees.c.mentor_id,
            mentees.c.year_month,
            func.count(func.distinct(mentees.c.mentee_id)),
        ).group_by(mentees.c.mentor_id, mentees.c.year_month),
    )
    session_ym = year_month_of(GroupSession.session_date)
    groups = fetch_numbers(
        engine,
        select(
            GroupFacilitator.mentor_id,
            session_ym,
            func.count(),
            func.sum(GroupSession.minutes),
        )
        .join(GroupSession, GroupSession.id == GroupFacilitator.session_id)
        .where(
            filters.site_clause(GroupSession.site_id),
            filters.mentor_clause(GroupFacilitator.mentor_id),
            GroupSession.session_date.between(start, end),
        )
        .group_by(GroupFacilitator.mentor_id, session_ym),
    )
    months = months_in(start, end)
    roster = fetch(engine, _roster(filters))
    # Every roster mentor x every month, built as columns (a row per mentor within a month).
    ids, yms, width = [int(r[0]) for r in roster], [year_month(m) for m in months], len(months)
    n, minutes, late = grid_sums(ids, yms, contacts, 3)
    (n_contacted,) = grid_sums(ids, yms, contacted, 1)
    sessions, group_minutes = grid_sums(ids, yms, groups, 2)
    days = [month_days(month, filters) for month in months]
    firsts = np.array([first.toordinal() for first, _ in days], dtype=np.int64)
    lasts = np.array([last.toordinal() for _, last in days], dtype=np.int64)
    shares = np.array(
        [
            ((last - first).days + 1) / month_end(m).day
            for m, (first, last) in zip(months, days, strict=True)
        ]
    )
    began = _ordinals([as_date(r[4]) for r in roster], np.iinfo(np.int64).max)  # never
    left = _ordinals([as_date(r[5]) for r in roster], np.iinfo(np.int64).max)  # still in post
    in_post = ((began[:, None] <= lasts[None, :]) & (left[:, None] >= firsts[None, :])).ravel()
    capacity = np.array([int(r[3]) for r in roster], dtype=np.int64)
    capacity_hours = ((capacity[:, None] * hours_per_place) * shares[None, :]).ravel()
    frame = pd.DataFrame(
        {
            **_roster_columns(roster, width),
            "capacity": np.repeat(capacity, width),
            "month": pd.Series(tiled(months, len(roster)), dtype=object),
            "in_post": in_post,
            "contacts": n.astype("int64"),
            "mentees_contacted": n_contacted.astype("int64"),
            "contact_hours": minutes / 60.0,
            "crisis_or_after_hours": late.astype("int64"),
            "group_sessions": sessions.astype("int64"),
            "group_hours": group_minutes / 60.0,
            "direct_hours": (minutes + group_minutes) / 60.0,
            "capacity_hours": np.where(in_post, capacity_hours, 0.0),
        }
    )
    # Direct hours hold the contact hours: hidden with them (group hours alone stay).
    return hide_small_counts(
        frame,
        filters,
        ["contacts", "mentees_contacted", "crisis_or_after_hours"],
        along={"contact_hours": "contacts", "direct_hours": "contacts"},
    )


# --- crisis and after-hours ---------------------------------------------------------------

CRISIS_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "site": TEXT,
    "month": DATE,
    "crisis_or_after_hours": INT,
    "previous_average": FLOAT,
    "rise": BOOL,
}


def is_rise(count: Any, previous_average: Any) -> Any:
    """True when ``count`` this month is a marked rise against the mentor's own average
    (numbers, or NumPy arrays element by element)."""
    return (count >= RISE_MIN) & (count >= RISE_FACTOR * previous_average)


@one_connection
def crisis_by_mentor_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Crisis calls and other after-hours contacts of each mentor per month, with a rise mark.

    Each month's count is compared with the same mentor's average over their previous
    RISE_LOOKBACK_MONTHS whole months (read from before the period when needed); ``rise`` is
    ``is_rise(count, previous_average)``: a possible sign of strain, never a comparison with
    other mentors. One row per roster mentor and month, zeros included. Columns: mentor_id,
    mentor, site, month, crisis_or_after_hours, previous_average, rise. For a scope that hides
    small counts, counts below its threshold are <NA> and nothing is marked (a shared screen
    shows no one's strain).
    """
    start, end = filters.start, filters.end
    lookback = month_start(start)
    for _ in range(RISE_LOOKBACK_MONTHS):
        lookback = month_start(lookback - dt.timedelta(days=1))
    counts = _contact_months(engine, filters, lookback, end)
    months = months_in(start, end)
    every_month = months_in(lookback, end)  # the look-back months, then the period's
    hides = filters.scope.small_cell_min > 0
    roster = fetch(engine, _roster(filters))
    ids = [int(r[0]) for r in roster]
    *_, late = grid_sums(ids, [year_month(m) for m in every_month], counts, 3)
    series = late.reshape(len(roster), len(every_month))
    # Running sums: the previous RISE_LOOKBACK_MONTHS of month p add up to sums[p] - sums[p-L].
    sums = np.concatenate([np.zeros((len(roster), 1)), np.cumsum(series, axis=1)], axis=1)
    lb = RISE_LOOKBACK_MONTHS
    positions = np.arange(lb, len(every_month))
    count = series[:, positions].ravel()
    average = ((sums[:, positions] - sums[:, positions - lb]) / lb).ravel()
    rise = is_rise(count, average) & (not hides)
    df = pd.DataFrame(
        {
            **_roster_columns(roster, len(months)),
            "month": pd.Series(tiled(months, len(roster)), dtype=object),
            "crisis_or_after_hours": count.astype("int64"),
            "previous_average": average,
            "rise": rise,
        }
    )
    if hides:
        df["previous_average"] = float("nan")
    return hide_small_counts(df, filters, ["crisis_or_after_hours"])


@one_connection
def crisis_rise_by_mentor(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Mentors whose crisis and after-hours contacts rose in the month of ``filters.end``.

    The rows of ``crisis_by_mentor_month`` for that month with ``rise`` true (same columns),
    ordered by site, then mentor. Empty for a scope that hides small counts.
    """
    last_month = replace(filters, start=max(filters.start, month_start(filters.end)))
    df = crisis_by_mentor_month(engine, last_month)
    return df[df["rise"]].reset_index(drop=True)


# --- the program's mix by month -----------------------------------------------------------

MIX_COLUMNS = {"month": DATE, "contact_type": TEXT, "contacts": INT, "hours": FLOAT}
MODE_COLUMNS = {"month": DATE, "mode": TEXT, "contacts": INT, "hours": FLOAT}


@one_connection
def contact_mix_by_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and hours by type of support in each month of the period, zeros included.

    Columns: month (first day), contact_type (one of schema.CONTACT_TYPES), contacts, hours.
    Ordered by month, then type as CONTACT_TYPES lists them. Small counts hidden per scope.
    """
    facts = mentor_month_facts(engine, filters, filters.start, filters.end)
    found = {
        (int(ym), kind): (int(n), int(minutes or 0))
        for ym, kind, n, minutes in fetch(
            engine,
            select(
                facts.c.year_month,
                facts.c.contact_type,
                func.sum(facts.c.contacts),
                func.sum(facts.c.minutes),
            ).group_by(facts.c.year_month, facts.c.contact_type),
        )
    }
    rows = []
    for month in months_in(filters.start, filters.end):
        for kind in CONTACT_TYPES:
            n, minutes = found.get((year_month(month), kind), (0, 0))
            rows.append((month, kind, n, minutes / 60.0))
    return hide_small_counts(
        typed_frame(rows, MIX_COLUMNS), filters, ["contacts"], along={"hours": "contacts"}
    )


@one_connection
def contact_modes_by_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and hours by mode (in person, phone, video, text) in each month, zeros included.

    Columns: month (first day), mode (one of schema.CONTACT_MODES), contacts, hours. Whole
    months from the site-month-mode summary (no mentor chosen), the rest from the raw
    contacts. Small counts hidden per scope.
    """
    found = mode_month_figures(engine, filters)
    rows = []
    for month in months_in(filters.start, filters.end):
        for mode in CONTACT_MODES:
            n, minutes = found.get((year_month(month), mode), (0, 0))
            rows.append((month, mode, n, minutes / 60.0))
    return hide_small_counts(
        typed_frame(rows, MODE_COLUMNS), filters, ["contacts"], along={"hours": "contacts"}
    )


__all__ = [
    "contact_mix_by_month",
    "contact_modes_by_month",
    "contact_types_by_mentor",
    "contacts_by_mentor_week",
    "crisis_by_mentor_month",
    "crisis_rise_by_mentor",
    "mentor_month_workload",
    "workload_by_mentor",
]


PROGRAM_WEEK_COLUMNS = {"week_start": DATE, "contacts": INT, "hours": FLOAT}


@one_connection
def contacts_by_week(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and contact hours of all chosen mentors together in each week, zeros included.

    The total row of the mentor x week heatmap. Columns: week_start (Monday), contacts, hours.
    Small counts hidden per scope.
    """
    facts = mentor_week_facts(engine, filters, filters.start, filters.end)
    found = {
        int(w): (int(n), int(minutes or 0))
        for w, n, minutes in fetch(
            engine,
            select(facts.c.week, func.sum(facts.c.contacts), func.sum(facts.c.minutes)).group_by(
                facts.c.week
            ),
        )
    }
    rows = []
    for week in weeks_in(filters.start, filters.end):
        n, minutes = found.get(week, (0, 0))
        rows.append((week_start(week), n, minutes / 60.0))
    return hide_small_counts(
        typed_frame(rows, PROGRAM_WEEK_COLUMNS), filters, ["contacts"], along={"hours": "contacts"}
    )


__all__ += ["contacts_by_week"]
