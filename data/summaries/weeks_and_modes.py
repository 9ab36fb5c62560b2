"""Contact summaries by mentor and week, and by site, month and mode (Workload at scale).

Kept exact by ``contacts``: whenever the contact summaries of some months are
recomputed, ``refresh_weeks_and_modes`` recomputes the weeks those months touch (a week
straddling two months is recounted whole from the raw contacts) and those months' modes, in
the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import Connection, func, or_, select, true

from data.queries.plumbing.months import date_of_year_month, month_end, year_month_of
from data.queries.plumbing.weeks import week_index, week_index_of, week_start
from data.schema import Contact, ContactSummaryMentorWeek, ContactSummarySiteMonthMode
from data.summaries._months import contacts_in, in_months
from data.summaries._refill import refill

SIX_DAYS = dt.timedelta(days=6)


def _week_runs(months: Collection[int]) -> list[tuple[int, int]]:
    """Contiguous (first, last) week indices touched by the yyyymm ``months``."""
    weeks = sorted(
        {
            w
            for m in months
            for w in range(
                week_index(date_of_year_month(m)), week_index(month_end(date_of_year_month(m))) + 1
            )
        }
    )
    runs: list[tuple[int, int]] = []
    for w in weeks:
        if runs and w == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], w)
        else:
            runs.append((w, w))
    return runs


def _refresh_weeks(conn: Connection, months: Collection[int] | None) -> None:
    s = ContactSummaryMentorWeek
    week = week_index_of(Contact.contact_date)
    week_clause, day_clause = None, true()
    if months is not None:
        runs = _week_runs(months)
        week_clause = or_(*(s.week.between(a, b) for a, b in runs))
        day_clause = or_(
            *(
                Contact.contact_date.between(week_start(first), week_start(last) + SIX_DAYS)
                for first, last in runs
            )
        )
    rows = (
        select(
            week,
            Contact.site_id,
            Contact.mentor_id,
            func.count(),
            func.coalesce(func.sum(Contact.minutes), 0),
        )
        .where(day_clause)
        .group_by(week, Contact.site_id, Contact.mentor_id)
    )
    refill(
        conn, s, ("week", "site_id", "mentor_id", "contacts", "minutes"), rows, where=week_clause
    )


def _refresh_modes(conn: Connection, months: Collection[int] | None) -> None:
    s = ContactSummarySiteMonthMode
    ym = year_month_of(Contact.contact_date)
    rows = (
        select(
            ym,
            Contact.site_id,
            Contact.mode,
            func.count(),
            func.coalesce(func.sum(Contact.minutes), 0),
        )
        .where(contacts_in(months))
        .group_by(ym, Contact.site_id, Contact.mode)
    )
    columns = ("year_month", "site_id", "mode", "contacts", "minutes")
    refill(conn, s, columns, rows, where=in_months(s.year_month, months))


def refresh_weeks_and_modes(conn: Connection, months: Collection[int] | None) -> None:
    """Recompute the mentor-week rows of every week the yyyymm ``months`` touch and the
    site-month-mode rows of those months (``None``: everything), from ``contacts``."""
    _refresh_weeks(conn, months)
    _refresh_modes(conn, months)
