"""The Overview page's headline: who is matched, who waits and for how long, and this month
so far, as seen on the period's last day."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Date, Engine, Select, bindparam, func, select

from data.filters import Filters
from data.queries.contact_facts.months import mentor_month_facts
from data.queries.contact_facts.split import summarised_split
from data.queries.overview._site_months import monthly_contact_figures
from data.queries.plumbing.clauses import (
    mentee_of_chosen_mentors,
    open_on,
    waiting_clause,
    waiting_since,
)
from data.queries.plumbing.connection import connection, one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import FLOAT, INT, as_date, typed_frame
from data.queries.plumbing.months import month_start
from data.queries.plumbing.statements import BoundFilters, bound_filters, built_once
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
    this_month = None
    if not filters.mentor_ids:  # no mentor chosen: the site-month grain
        this_month = monthly_contact_figures(
            engine, filters, summarised_split(engine, month_first, end)
        )
    with connection(engine) as conn:
        # One round trip for the three counts.
        n_mentees, n_mentors, n_milestones = conn.execute(counts, values).one()
        wait_rows = conn.execute(waits, values).all()
        if this_month is None:  # mentors chosen: the mentor grain
            facts = mentor_month_facts(filters, summarised_split(engine, month_first, end))
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
