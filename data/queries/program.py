"""The whole program, one row per site: what Workload's and Caseloads' per-mentor charts show
when too many mentors are in view to draw a row for each.

Each function answers a per-mentor function's question per site, aggregated in the database
from the same summaries and facts (named in its docstring), so it costs no more than its
per-mentor twin. Every site in scope (and chosen; with mentors chosen, the sites of those
mentors) gets its rows, zeros included, listed by site name, never by a figure. A contact, a
group session and a match count at the site they belong to (the row's ``site_id``); a mentor's
capacity and caseload at the mentor's site. Counts a meeting viewer may see go through
``hide_small_counts`` as the last step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, Select, case, exists, func, or_, select, true

from data.filters import Filters
from data.queries._connection import one_connection
from data.queries._disclosure import hide_small_counts, rounding_base
from data.queries._facts import mentor_month_facts, mentor_week_facts
from data.queries._grid import grid_sums, repeated, tiled
from data.queries._running import TotalsShape, mentor_type_totals, totals_rows
from data.queries._sql import (
    FLOAT,
    INT,
    TEXT,
    caseload_on_end_date,
    fetch,
    fetch_numbers,
    open_on,
    typed_frame,
)
from data.queries._statements import BoundFilters
from data.queries._time import month_end, month_start, months_in, year_month, year_month_of
from data.queries._weeks import week_start, weeks_in
from data.queries.workload import (
    HOURS_PER_PLACE_PER_MONTH,
    RISE_LOOKBACK_MONTHS,
    checked_hours_per_place,
    is_rise,
    month_days,
)
from data.schema import GroupFacilitator, GroupSession, Mentor, Site

Sites = list[tuple[int, str]]


def _sites(engine: Engine, filters: Filters) -> Sites:
    """(site_id, name) of every site in scope and chosen, by name; with mentors chosen, only
    the sites those mentors belong to."""
    statement = select(Site.id, Site.name).where(filters.site_clause(Site.id))
    if filters.mentors_chosen:
        chosen = select(Mentor.site_id).where(filters.mentor_clause(Mentor.id))
        statement = statement.where(Site.id.in_(chosen))
    rows = fetch(engine, statement.order_by(Site.name, Site.id))
    return [(int(site_id), str(name)) for site_id, name in rows]


def _site_columns(sites: Sites, periods: int) -> dict[str, Any]:
    """site_id and site of each site repeated for each of ``periods`` (int64; text as object)."""
    return {
        "site_id": np.repeat(np.array([s[0] for s in sites], dtype="int64"), periods),
        "site": pd.Series(repeated([s[1] for s in sites], periods), dtype=object),
    }


def _periods(values: list[dt.date], sites: Sites) -> pd.Series:
    """The period column of a site x period grid: ``values`` once per site (dates, object)."""
    return pd.Series(tiled(values, len(sites)), dtype=object)


# --- site x week --------------------------------------------------------------------------


@one_connection
def contacts_by_site_week(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and contact hours at each site in each (Monday-based) week of the period.

    The whole-program form of ``contacts_by_mentor_week``, from the same weekly facts grouped
    by site in the database. Every site gets a row for every week the period touches, zeros
    included; the first and last weeks count only days inside the period. Columns: site_id,
    site, week_start (Monday, date), contacts, hours. Ordered by site name, then week. For a
    scope that hides small counts, contacts below its threshold are <NA> (hours with them).
    """
    facts = mentor_week_facts(engine, filters, filters.start, filters.end)
    found = fetch_numbers(
        engine,
        select(
            facts.c.site_id, facts.c.week, func.sum(facts.c.contacts), func.sum(facts.c.minutes)
        ).group_by(facts.c.site_id, facts.c.week),
    )
    weeks = weeks_in(filters.start, filters.end)
    sites = _sites(engine, filters)
    contacts, minutes = grid_sums([s[0] for s in sites], weeks, found, 2)
    frame = pd.DataFrame(
        {
            **_site_columns(sites, len(weeks)),
            "week_start": _periods([week_start(w) for w in weeks], sites),
            "contacts": contacts.astype("int64"),
            "hours": minutes / 60.0,
        }
    )
    return hide_small_counts(frame, filters, ["contacts"], along={"hours": "contacts"})


# --- type of support per site -------------------------------------------------------------

SITE_TYPE_COLUMNS = {
    "site_id": INT,
    "site": TEXT,
    "contact_type": TEXT,
    "contacts": INT,
    "hours": FLOAT,
}


def _types_statement(filters: BoundFilters, shape: TotalsShape) -> Select:
    facts = mentor_type_totals(filters, shape)
    return (
        select(
            facts.c.site_id,
            Site.name,
            facts.c.contact_type,
            func.sum(facts.c.contacts),
            func.coalesce(func.sum(facts.c.minutes), 0),
        )
        .select_from(facts)
        .join(Site, Site.id == facts.c.site_id)
        .group_by(facts.c.site_id, Site.name, facts.c.contact_type)
        .having(func.sum(facts.c.contacts) > 0)
        .order_by(Site.name, facts.c.site_id, facts.c.contact_type)
    )


@one_connection
def contact_types_by_site(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and hours by type of support at each site in the period (long form).

    The whole-program form of ``contact_types_by_mentor``, from the same running totals grouped
    by site in the database. Columns: site_id, site, contact_type, contacts, hours. Only
    combinations with contacts; ordered by site name, then type. For a scope that hides small
    counts, contacts below its threshold are <NA> (hours with them).
    """
    rows = totals_rows(engine, filters, "contact_types_by_site", _types_statement)
    frame = typed_frame(rows, SITE_TYPE_COLUMNS)
    frame["hours"] /= 60.0  # fetched as minutes
    return hide_small_counts(frame, filters, ["contacts"], along={"hours": "contacts"})


# --- crisis and after-hours per site and month --------------------------------------------


@one_connection
def crisis_by_site_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Crisis calls and other after-hours contacts at each site per month, with a rise mark.

    The whole-program form of ``crisis_by_mentor_month``: each month's count is compared with
    the same site's average over its previous RISE_LOOKBACK_MONTHS whole months (read from
    before the period when needed); ``rise`` is ``workload.is_rise(count, previous_average)``,
    a site compared with itself, never with other sites. One row per site and month, zeros
    included. Columns: site_id, site, month (first day), crisis_or_after_hours,
    previous_average, rise. For a scope that hides small counts, counts below its threshold
    are <NA>, the average is not given and nothing is marked.
    """
    start, end = filters.start, filters.end
    lookback = month_start(start)
    for _ in range(RISE_LOOKBACK_MONTHS):
        lookback = month_start(lookback - dt.timedelta(days=1))
    facts = mentor_month_facts(engine, filters, lookback, end)
    crisis_or_late = func.sum(
        case((facts.c.contact_type == "crisis_call", facts.c.contacts), else_=facts.c.after_hours)
    )
    counts = fetch_numbers(
        engine,
        select(facts.c.site_id, facts.c.year_month, crisis_or_late).group_by(
            facts.c.site_id, facts.c.year_month
        ),
    )
    months = months_in(start, end)
    every_month = months_in(lookback, end)  # the look-back months, then the period's
    hides = rounding_base(filters) > 0
    sites = _sites(engine, filters)
    (late,) = grid_sums([s[0] for s in sites], [year_month(m) for m in every_month], counts, 1)
    series = late.reshape(len(sites), len(every_month))
    # Running sums: the previous RISE_LOOKBACK_MONTHS of month p add up to sums[p] - sums[p-L].
    sums = np.concatenate([np.zeros((len(sites), 1)), np.cumsum(series, axis=1)], axis=1)
    lb = RISE_LOOKBACK_MONTHS
    positions = np.arange(lb, len(every_month))
    count = series[:, positions].ravel()
    average = ((sums[:, positions] - sums[:, positions - lb]) / lb).ravel()
    frame = pd.DataFrame(
        {
            **_site_columns(sites, len(months)),
            "month": _periods(months, sites),
            "crisis_or_after_hours": count.astype("int64"),
            "previous_average": np.full(count.shape, np.nan) if hides else average,
            "rise": is_rise(count, average) & (not hides),
        }
    )
    return hide_small_counts(frame, filters, ["crisis_or_after_hours"])


# --- direct-service time per site and month -----------------------------------------------


def _in_post_spans(engine: Engine, filters: Filters) -> list[tuple[Any, ...]]:
    """Rows (site_id, yyyymm started, yyyymm left or None, mentors, places) of the mentors in
    scope and chosen who were in post at some time in the period, grouped in the database.

    Such a mentor is in post in exactly the period's months from the one they started in (or
    the first) to the one they left in (or the last): a month's days inside the period reach
    from its first day (or the period's) to its last (or the period's), and the mentor was in
    post on some day of the period.
    """
    began = year_month_of(Mentor.start_date)
    left = year_month_of(Mentor.end_date)
    return fetch(
        engine,
        select(Mentor.site_id, began, left, func.count(), func.sum(Mentor.capacity))
        .where(
            filters.site_clause(Mentor.site_id),
            filters.mentor_clause(Mentor.id),
            Mentor.start_date <= filters.end,
            or_(Mentor.end_date.is_(None), Mentor.end_date >= filters.start),
        )
        .group_by(Mentor.site_id, began, left),
    )


def _in_post_grid(
    spans: list[tuple[Any, ...]], sites: Sites, months: list[dt.date]
) -> tuple[np.ndarray, np.ndarray]:
    """(mentors in post, their places) per site and month, row-major like ``grid_sums``."""
    index = {site_id: row for row, (site_id, _name) in enumerate(sites)}
    yms = [year_month(m) for m in months]
    first, last = yms[0], yms[-1]
    # A difference array per site: +n from the first month in post, -n after the last.
    mentors = np.zeros((len(sites), len(months) + 1))
    places = np.zeros((len(sites), len(months) + 1))
    for site_id, began, left, n, capacity in spans:
        row = index.get(int(site_id))
        if row is None:
            continue
        since = yms.index(max(int(began), first))
        until = yms.index(min(int(left), last) if left is not None else last)
        for grid, value in ((mentors, n), (places, capacity)):
            grid[row, since] += float(value or 0)
            grid[row, until + 1] -= float(value or 0)
    return (
        np.cumsum(mentors, axis=1)[:, :-1].ravel(),
        np.cumsum(places, axis=1)[:, :-1].ravel(),
    )


@one_connection
def direct_service_by_site_month(
    engine: Engine, filters: Filters, hours_per_place: float = HOURS_PER_PLACE_PER_MONTH
) -> pd.DataFrame:
    """Each site's direct-service time in each month of the period, against its capacity.

    The whole-program form of ``mentor_month_workload``: the site's mentors added up. One row
    per site and month, zeros included. Columns: site_id, site, month (first day),
    mentors_in_post (mentors in post at any time that month), capacity (their places),
    contacts, contact_hours, group_sessions (sessions facilitated, once per facilitator),
    group_hours (session length, per facilitator), direct_hours (contact + group hours),
    capacity_hours (capacity x ``hours_per_place`` hours a month, pro rata for the days of the
    month inside the period). Edge months count only days inside the period. For a scope that
    hides small counts, contacts below its threshold are <NA>, and contact and direct hours
    with them.
    """
    hours_per_place = checked_hours_per_place(hours_per_place)
    start, end = filters.start, filters.end
    facts = mentor_month_facts(engine, filters, start, end)
    contacts = fetch_numbers(
        engine,
        select(
            facts.c.site_id,
            facts.c.year_month,
            func.sum(facts.c.contacts),
            func.sum(facts.c.minutes),
        ).group_by(facts.c.site_id, facts.c.year_month),
    )
    session_ym = year_month_of(GroupSession.session_date)
    groups = fetch_numbers(
        engine,
        select(GroupSession.site_id, session_ym, func.count(), func.sum(GroupSession.minutes))
        .select_from(GroupFacilitator)
        .join(GroupSession, GroupSession.id == GroupFacilitator.session_id)
        .where(
            filters.site_clause(GroupSession.site_id),
            filters.mentor_clause(GroupFacilitator.mentor_id),
            GroupSession.session_date.between(start, end),
        )
        .group_by(GroupSession.site_id, session_ym),
    )
    spans = _in_post_spans(engine, filters)
    months = months_in(start, end)
    sites = _sites(engine, filters)
    ids, yms = [s[0] for s in sites], [year_month(m) for m in months]
    n, minutes = grid_sums(ids, yms, contacts, 2)
    sessions, group_minutes = grid_sums(ids, yms, groups, 2)
    mentors, capacity = _in_post_grid(spans, sites, months)
    shares = np.array(
        [
            ((last - first).days + 1) / month_end(month).day
            for month, (first, last) in ((m, month_days(m, filters)) for m in months)
        ]
    )
    capacity_hours = (capacity.reshape(len(sites), len(months)) * shares[None, :]).ravel()
    frame = pd.DataFrame(
        {
            **_site_columns(sites, len(months)),
            "month": _periods(months, sites),
            "mentors_in_post": mentors.astype("int64"),
            "capacity": capacity.astype("int64"),
            "contacts": n.astype("int64"),
            "contact_hours": minutes / 60.0,
            "group_sessions": sessions.astype("int64"),
            "group_hours": group_minutes / 60.0,
            "direct_hours": (minutes + group_minutes) / 60.0,
            "capacity_hours": capacity_hours * hours_per_place,
        }
    )
    # Direct hours hold the contact hours: hidden with them (group hours alone stay).
    return hide_small_counts(
        frame,
        filters,
        ["contacts"],
        along={"contact_hours": "contacts", "direct_hours": "contacts"},
    )


# --- peer groups per site -----------------------------------------------------------------

SITE_GROUP_COLUMNS = {
    "site_id": INT,
    "site": TEXT,
    "sessions": INT,
    "groups": INT,
    "attendance": INT,
    "facilitators": INT,
    "facilitations": INT,
    "group_hours": FLOAT,
}


@one_connection
def group_sessions_by_site(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Peer-group sessions held at each site in the period, and the mentors who led them.

    The whole-program form of ``group_sessions_by_mentor``. Every site, zeros included; with
    mentors chosen, sessions one of them facilitated. Columns: site_id, site, sessions (held),
    groups (distinct groups that met), attendance (people present, summed over the sessions),
    facilitators (distinct mentors who led one), facilitations (sessions counted once per
    facilitator: the per-mentor sessions added up), group_hours (hours of the sessions, once
    per facilitator). Ordered by site name. For a scope that hides small counts, attendance
    below its threshold is <NA>.
    """
    start, end = filters.start, filters.end
    chosen = (
        exists().where(
            GroupFacilitator.session_id == GroupSession.id,
            filters.mentor_clause(GroupFacilitator.mentor_id),
        )
        if filters.mentors_chosen
        else true()
    )
    held = fetch(
        engine,
        select(
            GroupSession.site_id,
            func.count(),
            func.count(func.distinct(GroupSession.group_id)),
            func.sum(GroupSession.attendance),
        )
        .where(
            filters.site_clause(GroupSession.site_id),
            GroupSession.session_date.between(start, end),
            chosen,
        )
        .group_by(GroupSession.site_id),
    )
    led = fetch(
        engine,
        select(
            GroupSession.site_id,
            func.count(func.distinct(GroupFacilitator.mentor_id)),
            func.count(),
            func.sum(GroupSession.minutes),
        )
        .select_from(GroupFacilitator)
        .join(GroupSession, GroupSession.id == GroupFacilitator.session_id)
        .where(
            filters.site_clause(GroupSession.site_id),
            filters.mentor_clause(GroupFacilitator.mentor_id),
            GroupSession.session_date.between(start, end),
        )
        .group_by(GroupSession.site_id),
    )
    sessions = {int(r[0]): [int(v or 0) for v in r[1:]] for r in held}
    leaders = {int(r[0]): [int(v or 0) for v in r[1:]] for r in led}
    rows = []
    for site_id, name in _sites(engine, filters):
        count, groups, attendance = sessions.get(site_id, [0, 0, 0])
        facilitators, facilitations, minutes = leaders.get(site_id, [0, 0, 0])
        rows.append(
            (site_id, name, count, groups, attendance, facilitators, facilitations, minutes / 60)
        )
    return hide_small_counts(typed_frame(rows, SITE_GROUP_COLUMNS), filters, ["attendance"])


# --- caseload against capacity per site ---------------------------------------------------

SITE_CASELOAD_COLUMNS = {
    "site_id": INT,
    "site": TEXT,
    "mentors": INT,
    "capacity": INT,
    "active_mentees": INT,
    "spare": INT,
    "mentors_over_capacity": INT,
}


@one_connection
def caseload_by_site(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Each site's caseload on ``filters.end`` against the capacity of its mentors.

    The whole-program form of ``caseload_by_mentor``: the same mentors (in post on the end
    date, or with an open match then) added up per site in the database. Every site, zeros
    included. Columns: site_id, site, mentors, capacity (their places), active_mentees (open
    matches on the end date), spare (capacity - active_mentees; negative when over),
    mentors_over_capacity. Ordered by site name. For a scope that hides small counts,
    active_mentees is rounded or hidden (``_disclosure``) and spare follows the shown count.
    """
    caseload = caseload_on_end_date(filters)
    active = func.coalesce(caseload.c.n, 0)
    rows = fetch(
        engine,
        select(
            Mentor.site_id,
            func.count(),
            func.sum(Mentor.capacity),
            func.sum(active),
            func.sum(case((active > Mentor.capacity, 1), else_=0)),
        )
        .outerjoin(caseload, caseload.c.mentor_id == Mentor.id)
        .where(
            filters.site_clause(Mentor.site_id),
            filters.mentor_clause(Mentor.id),
            or_(open_on(Mentor.start_date, Mentor.end_date, filters.end), caseload.c.n > 0),
        )
        .group_by(Mentor.site_id),
    )
    found = {int(r[0]): [int(v or 0) for v in r[1:]] for r in rows}
    frame_rows = []
    for site_id, name in _sites(engine, filters):
        mentors, capacity, active_mentees, over = found.get(site_id, [0, 0, 0, 0])
        frame_rows.append(
            (site_id, name, mentors, capacity, active_mentees, capacity - active_mentees, over)
        )
    df = hide_small_counts(
        typed_frame(frame_rows, SITE_CASELOAD_COLUMNS), filters, ["active_mentees"]
    )
    if rounding_base(filters):
        # Spare places follow the rounded caseload: capacity minus an exact count gives it back.
        df["spare"] = (df["capacity"] - df["active_mentees"]).astype("Int64")
    return df


__all__ = [
    "caseload_by_site",
    "contact_types_by_site",
    "contacts_by_site_week",
    "crisis_by_site_month",
    "direct_service_by_site_month",
    "group_sessions_by_site",
]
