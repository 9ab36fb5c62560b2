"""Each site's capacity: direct-service time against its mentors' places month by month, and
the caseload on the period's last day against their capacity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, case, func, or_, select

from data.filters import Filters
from data.queries.contact_facts.months import mentor_month_facts
from data.queries.contact_facts.split import summarised_split
from data.queries.plumbing.clauses import caseload_on_end_date, facilitations, open_on
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts, rounding_base
from data.queries.plumbing.frames import INT, TEXT, typed_frame
from data.queries.plumbing.grid import grid_sums
from data.queries.plumbing.months import months_in, year_month, year_month_of
from data.queries.plumbing.sql import fetch, fetch_numbers
from data.queries.program._sites import Sites, period_column, site_columns, sites_in_view
from data.queries.workload.capacity import (
    HOURS_PER_PLACE_PER_MONTH,
    checked_hours_per_place,
    month_shares,
)
from data.schema import GroupSession, Mentor

SITE_CASELOAD_COLUMNS = {
    "site_id": INT,
    "site": TEXT,
    "mentors": INT,
    "capacity": INT,
    "active_mentees": INT,
    "spare": INT,
    "mentors_over_capacity": INT,
}


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
    facts = mentor_month_facts(filters, summarised_split(engine, start, end))
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
        facilitations(
            filters, GroupSession.site_id, session_ym, func.count(), func.sum(GroupSession.minutes)
        ).group_by(GroupSession.site_id, session_ym),
    )
    spans = _in_post_spans(engine, filters)
    months = months_in(start, end)
    sites = sites_in_view(engine, filters)
    ids, yms = [s[0] for s in sites], [year_month(m) for m in months]
    n, minutes = grid_sums(ids, yms, contacts, 2)
    sessions, group_minutes = grid_sums(ids, yms, groups, 2)
    mentors, capacity = _in_post_grid(spans, sites, months)
    shares = month_shares(months, filters)
    capacity_hours = (capacity.reshape(len(sites), len(months)) * shares[None, :]).ravel()
    frame = pd.DataFrame(
        {
            **site_columns(sites, len(months)),
            "month": period_column(months, sites),
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


@one_connection
def caseload_by_site(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Each site's caseload on ``filters.end`` against the capacity of its mentors.

    The whole-program form of ``caseload_by_mentor``: the same mentors (in post on the end
    date, or with an open match then) added up per site in the database. Every site, zeros
    included. Columns: site_id, site, mentors, capacity (their places), active_mentees (open
    matches on the end date), spare (capacity - active_mentees; negative when over),
    mentors_over_capacity. Ordered by site name. For a scope that hides small counts,
    active_mentees is rounded or hidden (``plumbing.disclosure``) and spare follows the shown
    count.
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
    for site_id, name in sites_in_view(engine, filters):
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
