"""Each mentor's direct-service time month by month, against the hours their places ask."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select

from data.filters import Filters
from data.queries.contact_facts.months import mentee_month_facts, mentor_month_facts
from data.queries.contact_facts.split import summarised_split
from data.queries.plumbing.clauses import facilitations
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import BOOL, DATE, FLOAT, INT, TEXT, as_date
from data.queries.plumbing.grid import grid_sums, tiled
from data.queries.plumbing.months import month_end, months_in, year_month, year_month_of
from data.queries.plumbing.sql import fetch, fetch_numbers
from data.queries.workload._mentor_months import contact_months
from data.queries.workload._roster import roster_columns, roster_statement
from data.schema import GroupFacilitator, GroupSession

# What one place in a caseload asks of a mentor in a month, by default: about two hours a week
# (a visit or an outing with travel). Direct-service time is shown against capacity * this, so
# a mentor with 4 places stands for about 35 hours a month. The program sets its own with
# HOURS_PER_PLACE_PER_MONTH (dashboard/settings.py); callers pass it as ``hours_per_place``.
HOURS_PER_PLACE_PER_MONTH = 2 * 52 / 12

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


def month_shares(months: list[dt.date], filters: Filters) -> np.ndarray:
    """The share of each of ``months``' days that lie inside the period (1 for a whole month):
    what pro-rates a month's capacity hours."""
    return np.array(
        [
            ((last - first).days + 1) / month_end(month).day
            for month, (first, last) in ((m, month_days(m, filters)) for m in months)
        ]
    )


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
    split = summarised_split(engine, start, end)
    contacts = contact_months(engine, mentor_month_facts(filters, split))
    mentees = mentee_month_facts(filters, split)
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
        facilitations(
            filters,
            GroupFacilitator.mentor_id,
            session_ym,
            func.count(),
            func.sum(GroupSession.minutes),
        ).group_by(GroupFacilitator.mentor_id, session_ym),
    )
    months = months_in(start, end)
    roster = fetch(engine, roster_statement(filters))
    # Every roster mentor x every month, built as columns (a row per mentor within a month).
    ids, yms, width = [int(r[0]) for r in roster], [year_month(m) for m in months], len(months)
    n, minutes, late = grid_sums(ids, yms, contacts, 3)
    (n_contacted,) = grid_sums(ids, yms, contacted, 1)
    sessions, group_minutes = grid_sums(ids, yms, groups, 2)
    days = [month_days(month, filters) for month in months]
    firsts = np.array([first.toordinal() for first, _ in days], dtype=np.int64)
    lasts = np.array([last.toordinal() for _, last in days], dtype=np.int64)
    began = _ordinals([as_date(r[4]) for r in roster], np.iinfo(np.int64).max)  # never
    left = _ordinals([as_date(r[5]) for r in roster], np.iinfo(np.int64).max)  # still in post
    in_post = ((began[:, None] <= lasts[None, :]) & (left[:, None] >= firsts[None, :])).ravel()
    capacity = np.array([int(r[3]) for r in roster], dtype=np.int64)
    shares = month_shares(months, filters)
    capacity_hours = ((capacity[:, None] * hours_per_place) * shares[None, :]).ravel()
    frame = pd.DataFrame(
        {
            **roster_columns(roster, width),
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
