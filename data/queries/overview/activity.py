"""The Overview page's activity month by month: contacts, mentees contacted, milestones."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, select

from data.filters import Filters
from data.queries.contact_facts.months import mentee_month_facts, mentor_month_facts
from data.queries.contact_facts.split import summarised_split
from data.queries.overview._site_months import monthly_contact_figures
from data.queries.plumbing.clauses import mentee_of_chosen_mentors
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import DATE, FLOAT, INT, typed_frame
from data.queries.plumbing.months import date_of_year_month, months_in, year_month_of
from data.queries.plumbing.sql import fetch
from data.schema import Goal

MONTHLY_COLUMNS = {
    "month": DATE,
    "contacts": INT,
    "contact_hours": FLOAT,
    "active_mentees": INT,
    "milestones": INT,
}


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
    split = summarised_split(engine, start, end)
    if not filters.mentor_ids:  # no mentor chosen: the site-month grain
        site_months = monthly_contact_figures(engine, filters, split)
        contact_rows = [(ym, f[0], f[1]) for ym, f in site_months.items()]
        mentee_rows = [(ym, f[2]) for ym, f in site_months.items()]
    else:
        facts = mentor_month_facts(filters, split)
        contact_rows = fetch(
            engine,
            select(
                facts.c.year_month, func.sum(facts.c.contacts), func.sum(facts.c.minutes)
            ).group_by(facts.c.year_month),
        )
        mentees = mentee_month_facts(filters, split)
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
