"""The overview page: headline figures on the period's last day and activity month by month."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Date, Engine, Select, bindparam, func, select

from data.filters import Filters
from data.queries._connection import connection, one_connection
from data.queries._disclosure import hide_small_counts
from data.queries._facts import mentee_month_facts, mentor_month_facts
from data.queries._site_facts import monthly_contact_figures
from data.queries._sql import (
    DATE,
    FLOAT,
    INT,
    as_date,
    fetch,
    mentee_of_chosen_mentors,
    open_on,
    typed_frame,
)
from data.queries._statements import BoundFilters, bound_filters, built_once
from data.queries._time import date_of_year_month, month_start, months_in, year_month_of
from data.queries._waiting import waiting_clause, waiting_since
from data.schema import Goal, Match, Mentor

HEADLINE_COLUMNS = {
    "active_mentees": INT,
    "active_mentors": INT,
    "waiting_for_mentor": INT,
    "median_wait_days": FLOAT,
    "contacts_this_month": INT,
    "contact_hours_this_month": FLOAT,
    "milestones_this_month": INT,
}
MONTHLY_COLUMNS = {
    "month": DATE,
    "contacts": INT,
    "contact_hours": FLOAT,
    "active_mentees": INT,
    "milestones": INT,
}


def _headline_counts(filters: BoundFilters) -> Select:
    """Active mentees and mentors on the end date, milestones this month: one round trip."""
    end = filters.end
    active_mentees = select(func.count(func.distinct(Match.mentee_id))).where(
        filters.site_clause(Match.site_id),
        filters.mentor_clause(Match.mentor_id),
        open_on(Match.start_date, Match.end_date, end),
    )
    active_mentors = (
        select(func.count())
        .select_from(Mentor)
        .where(
            filters.site_clause(Mentor.site_id),
            filters.mentor_clause(Mentor.id),
            Mentor.status == "active",
            open_on(Mentor.start_date, Mentor.end_date, end),
        )
    )
    milestones = (
        select(func.count())
        .select_from(Goal)
        .where(
            filters.site_clause(Goal.site_id),
            mentee_of_chosen_mentors(filters, Goal.mentee_id),
            Goal.achieved_date.between(bindparam("month_first", type_=Date()), end),
        )
    )
    return select(
        active_mentees.scalar_subquery(),
        active_mentors.scalar_subquery(),
        milestones.scalar_subquery(),
    )


def _headline_waits(filters: BoundFilters) -> Select:
    """How many mentees have waited since each day, on the end date."""
    since = waiting_since(filters.end).label("since")
    return (
        select(since, func.count().label("mentees"))
        .where(waiting_clause(filters, filters.end))
        .group_by(since)
    )


@one_connection
def headline_figures(engine: Engine, filters: Filters) -> pd.DataFrame:
    """The overview's headline numbers, as seen on ``filters.end``; one row.

    Columns: active_mentees (mentees with an open match on the end date), active_mentors (status
    active and in post on the end date), waiting_for_mentor (referred, not exited, no open match
    on the end date; the mentor choice does not apply), median_wait_days (days since those
    mentees started waiting; NaN when none wait), contacts_this_month and
    contact_hours_this_month (hours, from the first of the end date's month to the end date),
    milestones_this_month (goals achieved in that part-month). For a scope that hides small
    counts, active_mentees, waiting_for_mentor, milestones_this_month and contacts_this_month
    below its threshold are <NA> (nullable integers), median_wait_days is NaN when the waiting
    count is hidden and contact_hours_this_month when the contact count is.
    """
    end = filters.end
    month_first = month_start(end)
    bound, values = bound_filters(filters)
    values["month_first"] = month_first
    counts = built_once(("headline_counts", bound), lambda: _headline_counts(bound))
    waits = built_once(("headline_waits", bound), lambda: _headline_waits(bound))
    this_month = monthly_contact_figures(engine, filters, month_first, end)
    with connection(engine) as conn:
        # One round trip for the three counts.
        n_mentees, n_mentors, n_milestones = conn.execute(counts, values).one()
        wait_rows = conn.execute(waits, values).all()
        if this_month is None:  # mentors chosen: the mentor grain
            facts = mentor_month_facts(engine, filters, month_first, end)
            n_contacts, minutes = conn.execute(
                select(
                    func.coalesce(func.sum(facts.c.contacts), 0),
                    func.coalesce(func.sum(facts.c.minutes), 0),
                )
            ).one()
        else:
            n_contacts = sum(f[0] for f in this_month.values())
            minutes = sum(f[1] for f in this_month.values())
    waits_by_days = [((end - as_date(r.since)).days, int(r.mentees)) for r in wait_rows]
    waiting = sum(n for _, n in waits_by_days)
    median_wait = weighted_median(waits_by_days) if waiting else float("nan")
    row = (
        n_mentees,
        n_mentors,
        waiting,
        median_wait,
        n_contacts,
        float(minutes) / 60.0,
        n_milestones,
    )
    df = hide_small_counts(
        typed_frame([row], HEADLINE_COLUMNS),
        filters,
        ["active_mentees", "waiting_for_mentor", "milestones_this_month", "contacts_this_month"],
        along={"contact_hours_this_month": "contacts_this_month"},
    )
    if df["waiting_for_mentor"].isna().any():
        df["median_wait_days"] = float("nan")
    return df


def weighted_median(values: list[tuple[int, int]]) -> float:
    """The median of values given as (value, how many times) pairs, as pandas computes it."""
    ordered = sorted(values)
    total = sum(n for _, n in ordered)
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    lower = upper = None
    seen = 0
    for value, n in ordered:
        if lower is None and lower_rank < seen + n:
            lower = value
        if upper_rank < seen + n:
            upper = value
            break
        seen += n
    return (float(lower) + float(upper)) / 2.0  # type: ignore[arg-type]


@one_connection
def monthly_activity(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Activity in each calendar month the period touches, one row per month, zeros included.

    Columns: month (first day, date), contacts, contact_hours (hours), active_mentees (distinct
    mentees with at least one contact that month), milestones (goals achieved). Edge months
    count only the days inside the period. For a scope that hides small counts,
    active_mentees, milestones and contacts below its threshold are <NA> (nullable integers),
    and contact_hours is NaN where contacts is hidden.
    """
    start, end = filters.start, filters.end
    site_months = monthly_contact_figures(engine, filters, start, end)
    if site_months is not None:  # no mentor chosen: the site-month grain
        contact_rows = [(ym, f[0], f[1]) for ym, f in site_months.items()]
        mentee_rows = [(ym, f[2]) for ym, f in site_months.items()]
    else:
        facts = mentor_month_facts(engine, filters, start, end)
        contact_rows = fetch(
            engine,
            select(
                facts.c.year_month, func.sum(facts.c.contacts), func.sum(facts.c.minutes)
            ).group_by(facts.c.year_month),
        )
        mentees = mentee_month_facts(engine, filters, start, end)
        mentee_rows = fetch(
            engine,
            select(mentees.c.year_month, func.count(func.distinct(mentees.c.mentee_id))).group_by(
                mentees.c.year_month
            ),
        )
    achieved_ym = year_month_of(Goal.achieved_date)
    milestone_rows = fetch(
        engine,
        select(achieved_ym, func.count())
        .where(
            filters.site_clause(Goal.site_id),
            mentee_of_chosen_mentors(filters, Goal.mentee_id),
            Goal.achieved_date.between(start, end),
        )
        .group_by(achieved_ym),
    )
    by_month: dict[dt.date, list[float]] = {m: [0, 0, 0, 0] for m in months_in(start, end)}
    for ym, n, minutes in contact_rows:
        by_month[date_of_year_month(ym)][0] += int(n)
        by_month[date_of_year_month(ym)][1] += int(minutes or 0)
    for ym, n in mentee_rows:
        by_month[date_of_year_month(ym)][2] = int(n)
    for ym, n in milestone_rows:
        by_month[date_of_year_month(ym)][3] = int(n)
    rows = [(m, c, minutes / 60.0, a, g) for m, (c, minutes, a, g) in by_month.items()]
    return hide_small_counts(
        typed_frame(rows, MONTHLY_COLUMNS),
        filters,
        ["active_mentees", "milestones", "contacts"],
        along={"contact_hours": "contacts"},
    )
