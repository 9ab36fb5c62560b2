"""One mentor's page: who they are, their caseload over time, their mentees' milestones.

These functions answer for the mentors chosen in ``filters.mentor_ids`` (a mentor page sets
exactly one); with none chosen they answer for every mentor in scope. Contacts, type of
support, crisis and groups come from the workload and group queries with the same filters.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Date, Engine, Integer, and_, func, literal, or_, select, union_all

from data.filters import Filters
from data.queries.plumbing.clauses import caseload_on_end_date, open_on
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import DATE, INT, TEXT, typed_frame
from data.queries.plumbing.grid import grid_sums, repeated, tiled
from data.queries.plumbing.months import month_end, months_in, year_month, year_month_of
from data.queries.plumbing.sql import fetch, fetch_numbers
from data.schema import Goal, Match, Mentor, Site

PROFILE_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "site_id": INT,
    "site": TEXT,
    "status": TEXT,
    "start_date": DATE,
    "end_date": DATE,
    "capacity": INT,
    "caseload": INT,
}
CASELOAD_MONTH_COLUMNS = {
    "mentor_id": INT,
    "month": DATE,
    "caseload": INT,
    "started": INT,
    "closed": INT,
}
MILESTONE_COLUMNS = {"mentor_id": INT, "month": DATE, "category": TEXT, "milestones": INT}


@one_connection
def mentor_profile(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Who the chosen mentors are: one row each, only if their site is in scope.

    Columns: mentor_id, mentor, site_id, site, status, start_date, end_date (None while in
    post), capacity (places), caseload (open matches on ``filters.end``). Ordered by site,
    then mentor. An empty frame means no such mentor in scope (never says which).
    """
    caseload = caseload_on_end_date(filters)
    statement = (
        select(
            Mentor.id,
            Mentor.display_name,
            Site.id,
            Site.name,
            Mentor.status,
            Mentor.start_date,
            Mentor.end_date,
            Mentor.capacity,
            func.coalesce(caseload.c.n, 0),
        )
        .join(Site, Site.id == Mentor.site_id)
        .outerjoin(caseload, caseload.c.mentor_id == Mentor.id)
        .where(filters.site_clause(Mentor.site_id), filters.mentor_clause(Mentor.id))
        .order_by(Site.name, Mentor.display_name, Mentor.id)
    )
    return hide_small_counts(
        typed_frame(fetch(engine, statement), PROFILE_COLUMNS), filters, ["caseload"]
    )


def _month_ends(filters: Filters) -> object:
    """A one-column-per-month table (ym, day): each month's last day inside the period."""
    parts = [
        select(
            # Typed binds, not CAST: SQLite's CAST(... AS DATE) would make a number of it.
            literal(year_month(m), Integer).label("ym"),
            literal(min(month_end(m), filters.end), Date).label("day"),
        )
        for m in months_in(filters.start, filters.end)
    ]
    return (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("month_ends")


def _mentor_months_of(engine: Engine, filters: Filters, column: Any) -> list[tuple[Any, ...]]:
    """Rows (mentor_id, yyyymm, matches) of matches whose ``column`` day is in the period."""
    ym = year_month_of(column)  # one expression: PostgreSQL groups by what it selects
    return fetch_numbers(
        engine,
        select(Match.mentor_id, ym, func.count())
        .where(
            filters.site_clause(Match.site_id),
            filters.mentor_clause(Match.mentor_id),
            column.between(filters.start, filters.end),
        )
        .group_by(Match.mentor_id, ym),
    )


@one_connection
def caseload_by_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Each chosen mentor's caseload month by month, with matches started and closed.

    caseload: distinct mentees in open matches on the month's last day inside the period.
    One row per mentor (who had any match open or starting in the period) and month, zeros
    included. Columns: mentor_id, month (first day), caseload, started, closed. Small counts
    hidden per scope.
    """
    months = _month_ends(filters)
    open_rows = fetch_numbers(
        engine,
        select(Match.mentor_id, months.c.ym, func.count(func.distinct(Match.mentee_id)))
        .select_from(months)
        .join(
            Match,
            and_(
                Match.start_date <= months.c.day,
                or_(Match.end_date.is_(None), Match.end_date >= months.c.day),
            ),
        )
        .where(filters.site_clause(Match.site_id), filters.mentor_clause(Match.mentor_id))
        .group_by(months.c.ym, Match.mentor_id),
    )
    started, closed = (
        _mentor_months_of(engine, filters, column) for column in (Match.start_date, Match.end_date)
    )
    mentors = sorted({int(r[0]) for rows in (open_rows, started, closed) for r in rows})
    month_days = months_in(filters.start, filters.end)
    yms = [year_month(month) for month in month_days]
    frame = pd.DataFrame(
        {
            "mentor_id": repeated(mentors, len(yms)).astype("int64"),
            "month": pd.Series(tiled(month_days, len(mentors)), dtype=object),
            **{
                name: grid_sums(mentors, yms, rows, 1)[0].astype("int64")
                for name, rows in (
                    ("caseload", open_rows),
                    ("started", started),
                    ("closed", closed),
                )
            },
        }
    )
    return hide_small_counts(frame, filters, ["caseload", "started", "closed"])


@one_connection
def milestones_of_mentees(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Milestones (goals achieved) in the period by mentees while matched with each mentor.

    A milestone counts for the mentor whose match with the mentee was open on the day it was
    reached. Columns: mentor_id, month (first day), category (schema.GOAL_CATEGORIES),
    milestones. Only months and categories with milestones; ordered by mentor, month,
    category. Small counts hidden per scope.
    """
    ym = year_month_of(Goal.achieved_date)
    statement = (
        select(Match.mentor_id, ym, Goal.category, func.count(func.distinct(Goal.id)))
        .select_from(Goal)
        .join(
            Match,
            and_(
                Match.mentee_id == Goal.mentee_id,
                open_on(Match.start_date, Match.end_date, Goal.achieved_date),  # type: ignore[arg-type]
            ),
        )
        .where(
            filters.site_clause(Goal.site_id),
            filters.site_clause(Match.site_id),
            filters.mentor_clause(Match.mentor_id),
            Goal.achieved_date.between(filters.start, filters.end),
        )
        .group_by(Match.mentor_id, ym, Goal.category)
        .order_by(Match.mentor_id, ym, Goal.category)
    )
    rows = [
        (m, dt.date(int(v) // 100, int(v) % 100, 1), category, n)
        for m, v, category, n in fetch(engine, statement)
    ]
    return hide_small_counts(typed_frame(rows, MILESTONE_COLUMNS), filters, ["milestones"])


__all__ = ["caseload_by_month", "mentor_profile", "milestones_of_mentees"]
