"""The monthly assessment summary the outcome trend reads (rebuilt with every summary table).

One row per site, instrument, measure and calendar month: the sum of scores, the sum of their
squares (for a 95% interval), how many scores and how many distinct mentees. Measure
``TOTAL_DOMAIN_ID`` (0) is the instrument's total: one assessment's domain scores summed, for
assessments that scored every domain of an instrument with several domains.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, literal, select

from data.queries.plumbing.months import year_month_of
from data.schema import (
    TOTAL_DOMAIN_ID,
    Assessment,
    AssessmentScore,
    AssessmentSummarySiteMonth,
    InstrumentDomain,
)
from data.summaries._refill import refill

COLUMNS = [
    "site_id",
    "instrument_id",
    "domain_id",
    "year_month",
    "score_total",
    "score_squares",
    "scores",
    "mentees",
]


def several_domain_counts():  # type: ignore[no-untyped-def]
    """Subquery (instrument_id, n): how many domains each instrument with several has (the
    instruments whose total is summed from one assessment's domain scores)."""
    return (
        select(InstrumentDomain.instrument_id, func.count().label("n"))
        .group_by(InstrumentDomain.instrument_id)
        .having(func.count() > 1)
        .subquery("domain_counts")
    )


def rebuild_assessment_month_summary(conn: Connection) -> None:
    """Recompute ``assessment_summary_site_month`` from the raw scores, in the database."""
    summary = AssessmentSummarySiteMonth
    ym = year_month_of(Assessment.assessed_on)
    score = AssessmentScore.score
    by_domain = (
        select(
            Assessment.site_id,
            Assessment.instrument_id,
            AssessmentScore.domain_id,
            ym,
            func.sum(score),
            func.sum(score * score),
            func.count(),
            func.count(func.distinct(Assessment.mentee_id)),
        )
        .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
        .group_by(Assessment.site_id, Assessment.instrument_id, AssessmentScore.domain_id, ym)
    )
    domains = several_domain_counts()
    totals = (
        select(
            Assessment.site_id.label("site_id"),
            Assessment.instrument_id.label("instrument_id"),
            Assessment.mentee_id.label("mentee_id"),
            ym.label("ym"),
            func.sum(score).label("total"),
        )
        .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
        .join(domains, domains.c.instrument_id == Assessment.instrument_id)
        .group_by(Assessment.id, Assessment.site_id, Assessment.instrument_id,
                  Assessment.mentee_id, ym, domains.c.n)
        .having(func.count() == domains.c.n)
        .subquery("totals")
    )  # fmt: skip
    t = totals.c
    of_totals = select(
        t.site_id,
        t.instrument_id,
        literal(TOTAL_DOMAIN_ID),
        t.ym,
        func.sum(t.total),
        func.sum(t.total * t.total),
        func.count(),
        func.count(func.distinct(t.mentee_id)),
    ).group_by(t.site_id, t.instrument_id, t.ym)
    refill(conn, summary, COLUMNS, by_domain, of_totals)
