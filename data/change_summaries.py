"""The baseline-against-latest summary that distance travelled reads at scale.

``assessment_change_summary`` pairs each mentee's first and last assessment of an instrument
(on different days; on a day with two, the later-entered one counts, as the query layer
does) and sums the pairs by site, instrument, measure and the month of the latest assessment.
Rebuilt in full, in the caller's transaction, with every other assessment summary
(``data.summaries.rebuild_assessment_summaries``): imports and the demo call it.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, case, delete, func, insert, literal, select

from data.outcome_summaries import TOTAL_DOMAIN_ID, several_domain_counts
from data.queries._time import year_month_of
from data.schema import Assessment, AssessmentChangeSummary, AssessmentScore

MULTI_SITE = 0  # site_id of the pairs of mentees assessed at more than one site
COLUMNS = [
    "instrument_id",
    "year_month",
    "site_id",
    "domain_id",
    "mentees",
    "baseline_total",
    "latest_total",
]


def _pairs():  # type: ignore[no-untyped-def]
    """(mentee, instrument, site, first id, last id, last day) of every mentee with two or more
    assessment days of an instrument."""
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
            year_month_of(last.c.assessed_on).label("year_month"),
        )
        .join(
            last,
            and_(
                last.c.mentee_id == first.c.mentee_id,
                last.c.instrument_id == first.c.instrument_id,
                last.c.last_rank == 1,
            ),
        )
        .where(first.c.first_rank == 1, last.c.assessed_on != first.c.assessed_on)
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
    conn.execute(delete(AssessmentChangeSummary))
    conn.execute(
        insert(AssessmentChangeSummary).from_select(
            COLUMNS,
            select(
                p.instrument_id, p.year_month, p.site_id, p.domain_id,
                func.count(), func.sum(p.base), func.sum(p.latest),
            ).group_by(p.instrument_id, p.year_month, p.site_id, p.domain_id),
        )
    )  # fmt: skip
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
    conn.execute(
        insert(AssessmentChangeSummary).from_select(
            COLUMNS,
            select(
                t.instrument_id, t.year_month, t.site_id, literal(TOTAL_DOMAIN_ID),
                func.count(), func.sum(t.base), func.sum(t.latest),
            ).group_by(t.instrument_id, t.year_month, t.site_id),
        )
    )  # fmt: skip
