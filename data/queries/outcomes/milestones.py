"""Goals set and milestones reached: per life area, month by month, and how soon after intake
mentees reached their first."""

from __future__ import annotations

import datetime as dt
import statistics

import pandas as pd
from sqlalchemy import Date, Engine, and_, func, literal, select

from data.filters import Filters
from data.queries.outcomes._intake import intake_day
from data.queries.outcomes.intervals import DEFAULT_MIN_GROUP, effective_min_group
from data.queries.plumbing.clauses import mentee_of_chosen_mentors
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.days import days_between
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import BOOL, DATE, FLOAT, INT, INT_OR_NONE, TEXT, typed_frame
from data.queries.plumbing.months import date_of_year_month, months_in, year_month_of
from data.queries.plumbing.sql import fetch
from data.schema import GOAL_CATEGORIES, Goal, Mentee

MILESTONE_COLUMNS = {"category": TEXT, "set": INT, "achieved": INT}
MILESTONE_MONTH_COLUMNS = {"month": DATE, "category": TEXT, "achieved": INT_OR_NONE}
FIRST_MILESTONE_COLUMNS = {
    "mentees": INT_OR_NONE,
    "reached": INT_OR_NONE,
    "median_days": FLOAT,
    "followed_90_days": INT_OR_NONE,
    "within_90_days": INT_OR_NONE,
    "share_within_90_days": FLOAT,
    "shown": BOOL,
}
FIRST_MILESTONE_DAYS = 90


@one_connection
def milestones_by_category(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Goals set and milestones reached in the period, per life area (every area listed).

    Columns: category, set (goals set in the period), achieved (goals achieved in the period,
    whenever they were set). Ordered as the program lists its areas. Both counts are <NA>
    when the scope hides small counts and a count is below its threshold.
    """
    start, end = filters.start, filters.end
    scoped = and_(
        filters.site_clause(Goal.site_id), mentee_of_chosen_mentors(filters, Goal.mentee_id)
    )
    counts = {c: [0, 0] for c in GOAL_CATEGORIES}
    for position, column in enumerate((Goal.set_date, Goal.achieved_date)):
        statement = (
            select(Goal.category, func.count())
            .where(scoped, column.between(start, end))
            .group_by(Goal.category)
        )
        for category, n in fetch(engine, statement):
            counts.setdefault(category, [0, 0])[position] = int(n)
    df = typed_frame([(c, s, a) for c, (s, a) in counts.items()], MILESTONE_COLUMNS)
    return hide_small_counts(df, filters, ["set", "achieved"])


@one_connection
def milestones_by_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Milestones reached (goals achieved) per calendar month of the period, per life area.

    Columns: month (first day), category, achieved (count; <NA> when hidden from the scope).
    Every month the period touches and every area appear (zeros included), month first.
    """
    ym = year_month_of(Goal.achieved_date)
    counts: dict[tuple[dt.date, str], int] = {}
    for bucket, category, n in fetch(
        engine,
        select(ym, Goal.category, func.count())
        .where(
            filters.site_clause(Goal.site_id),
            mentee_of_chosen_mentors(filters, Goal.mentee_id),
            Goal.achieved_date.between(filters.start, filters.end),
        )
        .group_by(ym, Goal.category),
    ):
        counts[(date_of_year_month(bucket), str(category))] = int(n)
    categories = list(GOAL_CATEGORIES) + sorted({c for _, c in counts} - set(GOAL_CATEGORIES))
    rows = [
        (month, category, counts.get((month, category), 0))
        for month in months_in(filters.start, filters.end)
        for category in categories
    ]
    return hide_small_counts(typed_frame(rows, MILESTONE_MONTH_COLUMNS), filters, ["achieved"])


@one_connection
def time_to_first_milestone(
    engine: Engine, filters: Filters, min_group: int = DEFAULT_MIN_GROUP
) -> pd.DataFrame:
    """How soon mentees taken in during the period reached their first milestone.

    One row. mentees: intakes in the period (in scope); reached: those with a milestone by
    the period's end; median_days: median days from intake to first milestone among those
    who reached one; followed_90_days: intakes at least 90 days before the end (the only
    ones who could have had 90 days); within_90_days: of those, how many reached one within
    90 days; share_within_90_days = within_90_days / followed_90_days. shown is False when
    fewer than ``min_group`` mentees reached one (median and share are then NaN).
    """
    intake = intake_day().label("intake")
    first = (
        select(Goal.mentee_id, func.min(Goal.achieved_date).label("first_day"))
        .where(Goal.achieved_date.is_not(None), Goal.achieved_date <= filters.end)
        .group_by(Goal.mentee_id)
        .subquery("first_milestone")
    )
    people = (
        select(Mentee.id.label("mentee_id"), intake)
        .where(
            filters.site_clause(Mentee.site_id),
            mentee_of_chosen_mentors(filters, Mentee.id),
        )
        .subquery("people")
    )
    rows = fetch(
        engine,
        select(
            days_between(literal(filters.end, Date()), people.c.intake),
            days_between(first.c.first_day, people.c.intake),
        )
        .select_from(people)
        .outerjoin(first, first.c.mentee_id == people.c.mentee_id)
        .where(people.c.intake.between(filters.start, filters.end)),
    )
    threshold = effective_min_group(filters, min_group)
    mentees = len(rows)
    # A milestone before intake (a goal met while waiting) counts as day 0.
    days = [max(0, int(d)) for _, d in rows if d is not None]
    followed = [d for followed, d in rows if int(followed) >= FIRST_MILESTONE_DAYS]
    within = sum(1 for d in followed if d is not None and int(d) <= FIRST_MILESTONE_DAYS)
    shown = len(days) >= threshold
    median = float(statistics.median(days)) if days and shown else float("nan")
    share = within / len(followed) if followed and len(followed) >= threshold else float("nan")
    df = typed_frame(
        [(mentees, len(days), median, len(followed), within, share, shown)],
        FIRST_MILESTONE_COLUMNS,
    )
    shown_share = bool(followed) and len(followed) >= threshold
    df = hide_small_counts(
        df,
        filters,
        ["mentees", "reached", "followed_90_days", "within_90_days"],
        shares={"share_within_90_days": ("within_90_days", "followed_90_days")},
    )
    if not shown_share:
        df["share_within_90_days"] = float("nan")
    return df
