"""The outcomes page: assessment scores over time, distance travelled, milestones by area."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, and_, func, select
from sqlalchemy.orm import aliased

from data.filters import Filters
from data.queries._sql import DATE, FLOAT, INT, TEXT, fetch, mentee_of_chosen_mentors, typed_frame
from data.queries._time import date_of_year_quarter, split_quarters, year_quarter_of
from data.schema import (
    GOAL_CATEGORIES,
    Assessment,
    AssessmentScore,
    AssessmentSummarySiteQuarter,
    Goal,
    Instrument,
    InstrumentDomain,
)

TREND_COLUMNS = {"quarter": DATE, "domain": TEXT, "mean_score": FLOAT, "n_mentees": INT}
DISTANCE_COLUMNS = {
    "domain": TEXT,
    "baseline_mean": FLOAT,
    "latest_mean": FLOAT,
    "change": FLOAT,
    "n": INT,
}
MILESTONE_COLUMNS = {"category": TEXT, "set": INT, "achieved": INT}


def outcome_trend(
    engine: Engine, filters: Filters, instrument_code: str = "recovery_ladder"
) -> pd.DataFrame:
    """Mean domain scores of one instrument, per calendar quarter of the period.

    Columns: quarter (first day, date), domain, mean_score (mean of every score that quarter,
    in the instrument's units), n_mentees (distinct mentees behind the point). Ordered by
    quarter, then the instrument's domain order. Quarters without assessments are absent; a
    quarter cut by the period's edge counts only the days inside it.
    """
    instrument_id = (
        select(Instrument.id).where(Instrument.code == instrument_code).scalar_subquery()
    )
    # Whole quarters come from the quarterly summary; a mentor choice narrows mentees, which
    # the summary cannot, so it reads every quarter from the raw scores instead.
    split = split_quarters(filters.start, filters.end)
    edges = split.edges if not filters.mentor_ids else ((filters.start, filters.end),)
    parts = []
    if split.whole_months and not filters.mentor_ids:
        summary = AssessmentSummarySiteQuarter
        parts.append(
            select(
                summary.year_quarter,
                summary.domain_id,
                func.sum(summary.score_total),
                func.sum(summary.scores),
                func.sum(summary.mentees),
            )
            .where(
                summary.instrument_id == instrument_id,
                summary.year_quarter.between(*split.whole_months),
                filters.site_clause(summary.site_id),
            )
            .group_by(summary.year_quarter, summary.domain_id)
        )
    quarter = year_quarter_of(Assessment.assessed_on)
    for first, last in edges:
        parts.append(
            select(
                quarter,
                AssessmentScore.domain_id,
                func.sum(AssessmentScore.score),
                func.count(),
                func.count(func.distinct(Assessment.mentee_id)),
            )
            .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
            .where(
                Assessment.instrument_id == instrument_id,
                filters.site_clause(Assessment.site_id),
                mentee_of_chosen_mentors(filters, Assessment.mentee_id),
                Assessment.assessed_on.between(first, last),
            )
            .group_by(quarter, AssessmentScore.domain_id)
        )
    domains = {
        domain_id: (position, name)
        for domain_id, position, name in fetch(
            engine,
            select(InstrumentDomain.id, InstrumentDomain.position, InstrumentDomain.name).where(
                InstrumentDomain.instrument_id == instrument_id
            ),
        )
    }
    points = []
    for part in parts:
        for bucket, domain_id, total, scores, mentees in fetch(engine, part):
            if scores and domain_id in domains:
                points.append((int(bucket), domain_id, float(total) / float(scores), mentees))
    points.sort(key=lambda p: (p[0], domains[p[1]][0]))
    rows = [(date_of_year_quarter(b), domains[d][1], m, n) for b, d, m, n in points]
    return typed_frame(rows, TREND_COLUMNS)


def distance_travelled(
    engine: Engine, filters: Filters, instrument_code: str = "recovery_ladder"
) -> pd.DataFrame:
    """How far mentees moved on each domain between baseline and their latest assessment.

    A mentee counts when they have a baseline assessment of the instrument (at any date) and a
    later, non-baseline one inside the period; their latest such assessment is compared with
    the baseline. Columns: domain, baseline_mean, latest_mean, change (latest - baseline, in
    the instrument's units; positive is better when the instrument's higher_is_better), n
    (mentees). Ordered by the instrument's domain order.
    """
    in_scope = and_(
        Instrument.code == instrument_code,
        filters.site_clause(Assessment.site_id),
        mentee_of_chosen_mentors(filters, Assessment.mentee_id),
    )
    baseline = (
        select(
            Assessment.mentee_id,
            func.min(Assessment.id).label("assessment_id"),
            func.min(Assessment.assessed_on).label("assessed_on"),
        )
        .join(Instrument, Instrument.id == Assessment.instrument_id)
        .where(in_scope, Assessment.is_baseline.is_(True))
        .group_by(Assessment.mentee_id)
        .subquery("baseline")
    )
    later = (
        select(Assessment.mentee_id, func.max(Assessment.assessed_on).label("assessed_on"))
        .join(Instrument, Instrument.id == Assessment.instrument_id)
        .join(baseline, baseline.c.mentee_id == Assessment.mentee_id)
        .where(
            in_scope,
            Assessment.is_baseline.is_(False),
            Assessment.assessed_on.between(filters.start, filters.end),
            Assessment.assessed_on > baseline.c.assessed_on,
        )
        .group_by(Assessment.mentee_id)
        .subquery("later")
    )
    # The latest assessment's id (the highest, should two share the date).
    latest = (
        select(Assessment.mentee_id, func.max(Assessment.id).label("assessment_id"))
        .join(Instrument, Instrument.id == Assessment.instrument_id)
        .join(
            later,
            and_(
                later.c.mentee_id == Assessment.mentee_id,
                later.c.assessed_on == Assessment.assessed_on,
            ),
        )
        .where(in_scope, Assessment.is_baseline.is_(False))
        .group_by(Assessment.mentee_id)
        .subquery("latest")
    )
    base_score = aliased(AssessmentScore, name="base_score")
    last_score = aliased(AssessmentScore, name="last_score")
    statement = (
        select(
            InstrumentDomain.name,
            func.avg(base_score.score),
            func.avg(last_score.score),
            func.count(func.distinct(baseline.c.mentee_id)),
        )
        .select_from(baseline)
        .join(latest, latest.c.mentee_id == baseline.c.mentee_id)
        .join(base_score, base_score.assessment_id == baseline.c.assessment_id)
        .join(
            last_score,
            and_(
                last_score.assessment_id == latest.c.assessment_id,
                last_score.domain_id == base_score.domain_id,
            ),
        )
        .join(InstrumentDomain, InstrumentDomain.id == base_score.domain_id)
        .group_by(InstrumentDomain.name, InstrumentDomain.position)
        .order_by(InstrumentDomain.position)
    )
    rows = [
        (name, float(b), float(last), float(last) - float(b), n)
        for name, b, last, n in fetch(engine, statement)
    ]
    return typed_frame(rows, DISTANCE_COLUMNS)


def milestones_by_category(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Goals set and milestones reached in the period, per life area (every area listed).

    Columns: category, set (goals set in the period), achieved (goals achieved in the period,
    whenever they were set). Ordered as the program lists its areas.
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
    return typed_frame([(c, s, a) for c, (s, a) in counts.items()], MILESTONE_COLUMNS)
