"""The baseline-against-latest summary that distance travelled reads at scale.

``assessment_change_summary`` pairs each mentee's first and last assessment of an instrument
(on different days; on a day with two, the later-entered one counts, as the query layer
does) and sums the pairs by site, instrument, measure and the month of the latest assessment.
``assessment_mentee_change`` keeps the same first and last assessment per mentee and measure
(and marks mentees with one assessment day), for reliable change and its criterion.
Both are rebuilt in full, in the caller's transaction, with every other assessment summary
(``assessments.rebuild_assessment_summaries``): imports and the demo call it.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, case, func, literal, null, select

from data.queries.plumbing.months import year_month_of
from data.schema import (
    MENTEE_ROW,
    MULTI_SITE,
    TOTAL_DOMAIN_ID,
    Assessment,
    AssessmentBaselineSummary,
    AssessmentChangeSummary,
    AssessmentMenteeChange,
    AssessmentScore,
)
from data.summaries._refill import refill
from data.summaries.assessment_months import several_domain_counts

COLUMNS = [
    "instrument_id",
    "year_month",
    "site_id",
    "domain_id",
    "mentees",
    "baseline_total",
    "latest_total",
]


def _first_and_last():  # type: ignore[no-untyped-def]
    """(mentee, instrument, site, first id, last id, first day, last day) of every mentee
    assessed with an instrument: earliest and latest day, the later-entered on a day with two;
    site ``MULTI_SITE`` when they were assessed at several."""
    a = Assessment
    key = (a.mentee_id, a.instrument_id)
    ranked = select(
        a.id,
        a.mentee_id,
        a.instrument_id,
        a.assessed_on,
        func.row_number()
        .over(partition_by=key, order_by=(a.assessed_on, a.id.desc()))
        .label("first_rank"),
        func.row_number()
        .over(partition_by=key, order_by=(a.assessed_on.desc(), a.id.desc()))
        .label("last_rank"),
        func.min(a.site_id).over(partition_by=key).label("low_site"),
        func.max(a.site_id).over(partition_by=key).label("high_site"),
    ).subquery("ranked")
    first = ranked.alias("first_assessment")
    last = ranked.alias("last_assessment")
    site = case((first.c.low_site == first.c.high_site, first.c.low_site), else_=MULTI_SITE)
    return (
        select(
            first.c.mentee_id,
            first.c.instrument_id,
            site.label("site_id"),
            first.c.id.label("first_id"),
            last.c.id.label("last_id"),
            first.c.assessed_on.label("first_on"),
            last.c.assessed_on.label("latest_on"),
        )
        .join(
            last,
            and_(
                last.c.mentee_id == first.c.mentee_id,
                last.c.instrument_id == first.c.instrument_id,
                last.c.last_rank == 1,
            ),
        )
        .where(first.c.first_rank == 1)
        .subquery("first_and_last")
    )


def _pairs():  # type: ignore[no-untyped-def]
    """(mentee, instrument, site, first id, last id, last month) of every mentee with two or
    more assessment days of an instrument."""
    ends = _first_and_last()
    return (
        select(
            ends.c.mentee_id,
            ends.c.instrument_id,
            ends.c.site_id,
            ends.c.first_id,
            ends.c.last_id,
            year_month_of(ends.c.latest_on).label("year_month"),
        )
        .where(ends.c.latest_on != ends.c.first_on)
        .subquery("pairs")
    )


def rebuild_assessment_change_summary(conn: Connection) -> None:
    """Recompute ``assessment_change_summary`` from the raw assessments and scores."""
    pairs = _pairs()
    base = AssessmentScore.__table__.alias("base_score")
    latest = AssessmentScore.__table__.alias("latest_score")
    paired = (
        select(
            pairs.c.mentee_id,
            pairs.c.instrument_id,
            pairs.c.site_id,
            pairs.c.year_month,
            base.c.domain_id,
            base.c.score.label("base"),
            latest.c.score.label("latest"),
        )
        .join(base, base.c.assessment_id == pairs.c.first_id)
        .join(
            latest,
            and_(latest.c.assessment_id == pairs.c.last_id, latest.c.domain_id == base.c.domain_id),
        )
        .subquery("paired")
    )
    p = paired.c
    by_domain = select(
        p.instrument_id, p.year_month, p.site_id, p.domain_id,
        func.count(), func.sum(p.base), func.sum(p.latest),
    ).group_by(p.instrument_id, p.year_month, p.site_id, p.domain_id)  # fmt: skip
    domains = several_domain_counts()
    totals = (
        select(
            p.instrument_id,
            p.year_month,
            p.site_id,
            func.sum(p.base).label("base"),
            func.sum(p.latest).label("latest"),
        )
        .join(domains, domains.c.instrument_id == p.instrument_id)
        .group_by(p.mentee_id, p.instrument_id, p.year_month, p.site_id, domains.c.n)
        .having(func.count() == domains.c.n)
        .subquery("totals")
    )
    t = totals.c
    of_totals = select(
        t.instrument_id, t.year_month, t.site_id, literal(TOTAL_DOMAIN_ID),
        func.count(), func.sum(t.base), func.sum(t.latest),
    ).group_by(t.instrument_id, t.year_month, t.site_id)  # fmt: skip
    refill(conn, AssessmentChangeSummary, COLUMNS, by_domain, of_totals)


MENTEE_COLUMNS = [
    "instrument_id",
    "mentee_id",
    "domain_id",
    "site_id",
    "first_on",
    "latest_on",
    "baseline",
    "latest",
]
BASELINE_COLUMNS = ["instrument_id", "site_id", "domain_id", "mentees", "score_total",
                    "score_squares"]  # fmt: skip


def rebuild_assessment_mentee_change(conn: Connection) -> None:
    """Recompute ``assessment_mentee_change`` from the raw assessments and scores (a marker
    row per mentee and instrument, a row per domain of their first assessment, and the total
    when that assessment scored every domain), then ``assessment_baseline_summary`` from it."""
    ends = _first_and_last()
    e = ends.c
    markers = select(
        e.instrument_id, e.mentee_id, literal(MENTEE_ROW), e.site_id,
        e.first_on, e.latest_on, null(), null(),
    )  # fmt: skip
    base = AssessmentScore.__table__.alias("base_score")
    latest = AssessmentScore.__table__.alias("latest_score")
    scored = (
        select(
            e.instrument_id,
            e.mentee_id,
            base.c.domain_id,
            e.site_id,
            e.first_on,
            e.latest_on,
            base.c.score.label("baseline"),
            latest.c.score.label("latest"),
        )
        .join(base, base.c.assessment_id == e.first_id)
        .outerjoin(
            latest,
            and_(latest.c.assessment_id == e.last_id, latest.c.domain_id == base.c.domain_id),
        )
        .subquery("scored")
    )
    c = scored.c
    by_domain = select(
        c.instrument_id, c.mentee_id, c.domain_id, c.site_id,
        c.first_on, c.latest_on, c.baseline, c.latest,
    )  # fmt: skip
    domains = several_domain_counts()
    every_latest = func.count(c.latest) == domains.c.n
    of_totals = (
        select(
            c.instrument_id, c.mentee_id, literal(TOTAL_DOMAIN_ID), c.site_id,
            c.first_on, c.latest_on, func.sum(c.baseline),
            case((every_latest, func.sum(c.latest)), else_=None),
        )
        .join(domains, domains.c.instrument_id == c.instrument_id)
        .group_by(c.instrument_id, c.mentee_id, c.site_id, c.first_on, c.latest_on, domains.c.n)
        .having(func.count() == domains.c.n)
    )  # fmt: skip
    refill(conn, AssessmentMenteeChange, MENTEE_COLUMNS, markers, by_domain, of_totals)
    m = AssessmentMenteeChange
    baselines = select(
        m.instrument_id, m.site_id, m.domain_id, func.count(),
        func.coalesce(func.sum(m.baseline), 0),
        func.coalesce(func.sum(m.baseline * m.baseline), 0),
    ).group_by(m.instrument_id, m.site_id, m.domain_id)  # fmt: skip
    refill(conn, AssessmentBaselineSummary, BASELINE_COLUMNS, baselines)
