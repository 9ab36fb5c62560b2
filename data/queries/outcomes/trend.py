"""Recovery measures over time: the mean score of each domain (and the total) month by month."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from data.filters import Filters
from data.queries.outcomes.instruments import (
    DEFAULT_INSTRUMENT,
    TOTAL,
    InstrumentInfo,
    instrument_info,
)
from data.queries.outcomes.intervals import DEFAULT_MIN_GROUP, effective_min_group, mean_interval
from data.queries.plumbing.clauses import mentee_of_chosen_mentors
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import BOOL, DATE, FLOAT, INT_OR_NONE, TEXT, typed_frame
from data.queries.plumbing.months import date_of_year_month, split_period, year_month_of
from data.queries.plumbing.sql import fetch
from data.schema import TOTAL_DOMAIN_ID, Assessment, AssessmentScore, AssessmentSummarySiteMonth

TREND_COLUMNS = {
    "month": DATE,
    "domain": TEXT,
    "mean_score": FLOAT,
    "ci_low": FLOAT,
    "ci_high": FLOAT,
    "n_mentees": INT_OR_NONE,
    "shown": BOOL,
}


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


def _trend_parts(engine: Engine, filters: Filters, info: InstrumentInfo) -> list:
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
