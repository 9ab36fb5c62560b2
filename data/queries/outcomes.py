"""The outcomes page: recovery measures over time, goals set and milestones reached.

Distance travelled and reliable change live in ``outcome_change``; trajectories by cohort in
``outcome_cohorts``; the follow-up schedule in ``outcome_followup``; events in
``outcome_events``; one mentee's own chart in ``outcome_mentee``. Every function here
returns aggregates only and never selects a mentee's name or code, so meeting mode can call
it with a de-identified scope.
"""

from __future__ import annotations

import datetime as dt
import statistics

import pandas as pd
from sqlalchemy import Date, Engine, and_, func, literal, select

from data.filters import Filters
from data.outcome_summaries import TOTAL_DOMAIN_ID
from data.queries._connection import one_connection
from data.queries._disclosure import hide_small_counts
from data.queries._sql import (
    BOOL,
    DATE,
    FLOAT,
    INT,
    INT_OR_NONE,
    TEXT,
    fetch,
    mentee_of_chosen_mentors,
    typed_frame,
)
from data.queries._time import date_of_year_month, months_in, split_period, year_month_of
from data.queries.outcome_change import distance_travelled
from data.queries.outcome_common import (
    DEFAULT_INSTRUMENT,
    DEFAULT_MIN_GROUP,
    TOTAL,
    days_between,
    effective_min_group,
    instrument_info,
    mean_interval,
)
from data.schema import (
    GOAL_CATEGORIES,
    Assessment,
    AssessmentScore,
    AssessmentSummarySiteMonth,
    Goal,
    Match,
    Mentee,
)

TREND_COLUMNS = {
    "month": DATE,
    "domain": TEXT,
    "mean_score": FLOAT,
    "ci_low": FLOAT,
    "ci_high": FLOAT,
    "n_mentees": INT_OR_NONE,
    "shown": BOOL,
}
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
def outcome_trend(
    engine: Engine,
    filters: Filters,
    instrument_code: str = DEFAULT_INSTRUMENT,
    min_group: int = DEFAULT_MIN_GROUP,
) -> pd.DataFrame:
    """Mean score of each domain (and of the total) per calendar month of the period.

    Columns: month (first day), domain (a domain's name, or 'Total' for instruments with
    several domains: the sum of one assessment's domain scores, when all were scored),
    mean_score, ci_low, ci_high (95% interval, Student's t, over the month's assessments),
    n_mentees (distinct mentees assessed that month; <NA> when hidden from the scope),
    shown (False when fewer than ``min_group`` mentees: the mean is then NaN). Ordered by
    month, then the instrument's domain order; months without assessments are absent. A month
    cut by the period's edge counts only the days inside it.
    """
    info = instrument_info(engine, instrument_code)
    if info is None:
        return typed_frame([], TREND_COLUMNS)
    threshold = effective_min_group(filters, min_group)
    names = {d.id: d.name for d in info.domains}
    if info.has_total:
        names[TOTAL_DOMAIN_ID] = TOTAL
    order = {name: position for position, name in enumerate(info.measures)}
    sums: dict[tuple[int, str], list[float]] = {}
    for bucket, domain_id, total, squares, scores, mentees in _trend_parts(engine, filters, info):
        if domain_id in names and scores:
            cell = sums.setdefault((int(bucket), names[domain_id]), [0.0, 0.0, 0, 0])
            cell[0] += float(total)
            cell[1] += float(squares)
            cell[2] += int(scores)
            cell[3] += int(mentees)
    rows = []
    for (bucket, name), (total, squares, scores, mentees) in sorted(
        sums.items(), key=lambda item: (item[0][0], order[item[0][1]])
    ):
        shown = int(mentees) >= threshold
        mean, low, high = mean_interval(total, squares, int(scores))
        if not shown:
            mean = low = high = float("nan")
        rows.append((date_of_year_month(bucket), name, mean, low, high, int(mentees), shown))
    return hide_small_counts(typed_frame(rows, TREND_COLUMNS), filters, ["n_mentees"])


def _trend_parts(engine: Engine, filters: Filters, info) -> list:  # type: ignore[no-untyped-def]
    """(yyyymm, domain id or 0 for the total, sum, sum of squares, scores, mentees) rows.

    Whole months come from the monthly summary; the partial months at the period's edges
    (and everything, when mentors are chosen: the summary cannot narrow mentees) from the raw
    scores. A month is read from one source only, so distinct mentees add up.
    """
    split = split_period(filters.start, filters.end)
    edges = split.edges if not filters.mentor_ids else ((filters.start, filters.end),)
    rows: list = []
    if split.whole_months and not filters.mentor_ids:
        summary = AssessmentSummarySiteMonth
        rows += fetch(
            engine,
            select(
                summary.year_month,
                summary.domain_id,
                func.sum(summary.score_total),
                func.sum(summary.score_squares),
                func.sum(summary.scores),
                func.sum(summary.mentees),
            )
            .where(
                summary.instrument_id == info.id,
                summary.year_month.between(*split.whole_months),
                filters.site_clause(summary.site_id),
            )
            .group_by(summary.year_month, summary.domain_id),
        )
    ym = year_month_of(Assessment.assessed_on)
    score = AssessmentScore.score
    for first, last in edges:
        scoped = and_(
            Assessment.instrument_id == info.id,
            filters.site_clause(Assessment.site_id),
            mentee_of_chosen_mentors(filters, Assessment.mentee_id),
            Assessment.assessed_on.between(first, last),
        )
        rows += fetch(
            engine,
            select(
                ym,
                AssessmentScore.domain_id,
                func.sum(score),
                func.sum(score * score),
                func.count(),
                func.count(func.distinct(Assessment.mentee_id)),
            )
            .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
            .where(scoped)
            .group_by(ym, AssessmentScore.domain_id),
        )
        if info.has_total:
            per_assessment = (
                select(
                    ym.label("ym"),
                    Assessment.mentee_id.label("mentee_id"),
                    func.sum(score).label("total"),
                )
                .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
                .where(scoped)
                .group_by(Assessment.id, ym, Assessment.mentee_id)
                .having(func.count() == len(info.domains))
                .subquery("per_assessment")
            )
            t = per_assessment.c
            rows += [
                (bucket, TOTAL_DOMAIN_ID, *rest)
                for bucket, *rest in fetch(
                    engine,
                    select(
                        t.ym,
                        func.sum(t.total),
                        func.sum(t.total * t.total),
                        func.count(),
                        func.count(func.distinct(t.mentee_id)),
                    ).group_by(t.ym),
                )
            ]
    return rows


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


def intake_day(mentee_id_column=Mentee.id):  # type: ignore[no-untyped-def]
    """A mentee's intake: the recorded intake date, else the start of their first match."""
    first_match = (
        select(func.min(Match.start_date))
        .where(Match.mentee_id == mentee_id_column)
        .scalar_subquery()
    )
    return func.coalesce(Mentee.intake_date, first_match)


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


__all__ = [
    "distance_travelled",
    "milestones_by_category",
    "milestones_by_month",
    "outcome_trend",
    "time_to_first_milestone",
]
