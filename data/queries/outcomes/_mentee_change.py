"""Reliable change and its criterion from ``assessment_mentee_change`` and
``assessment_baseline_summary``, when exact.

The table keeps each mentee's first assessment of an instrument against their newest, per
measure, so it answers a period only when nothing of the instrument was assessed after the
period's end (the usual case: a period ending today), and, for a scope of some sites only,
when no mentee was assessed at several sites. Within those bounds any period start and any
choice of mentors is exact: the rows are per mentee and carry the day of their latest
assessment. Otherwise the caller pairs the raw assessments itself; the answer is the same
either way.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, and_, case, func, literal, select

from data.filters import Filters
from data.queries.outcomes._change_facts import DAY, any_assessed
from data.queries.plumbing.clauses import mentee_of_chosen_mentors
from data.queries.plumbing.connection import connection
from data.schema import (
    MENTEE_ROW,
    MULTI_SITE,
    TOTAL_DOMAIN_ID,
    AssessmentBaselineSummary,
    AssessmentMenteeChange,
)

# Per domain id (0: the total): (mentees with change, baseline sum, latest sum, moved up past
# the limit, moved down past it), and the mentees counted with one assessment day only.
ChangeCounts = tuple[dict[int, tuple[int, float, float, int, int]], int]
# Per domain id: (sum of first scores, sum of their squares, how many).
BaselineSums = dict[int, tuple[float, float, int]]
T = AssessmentMenteeChange


def _exact_for_sites(conn: Connection, filters: Filters, instrument_id: int) -> bool:
    """True for a scope of every site, or when no mentee of the instrument has two sites (one
    key probe: the baseline summary's mentee rows count every mentee, by site)."""
    if filters.effective_site_ids is None:
        return True
    b = AssessmentBaselineSummary
    several = conn.execute(
        select(b.mentees).where(b.instrument_id == instrument_id, b.site_id == MULTI_SITE).limit(1)
    ).first()
    return several is None


def baseline_sums(engine: Engine, filters: Filters, instrument_id: int) -> BaselineSums | None:
    """Sums of every mentee's first score per measure at the scope's sites (any date); None
    when a mentee assessed at several sites makes a partial scope inexact."""
    with connection(engine) as conn:
        if not _exact_for_sites(conn, filters, instrument_id):
            return None
        b = AssessmentBaselineSummary
        rows = conn.execute(
            select(b.domain_id, func.sum(b.score_total), func.sum(b.score_squares),
                   func.sum(b.mentees))
            .where(
                b.instrument_id == instrument_id,
                b.domain_id >= TOTAL_DOMAIN_ID,
                filters.site_clause(b.site_id),
            )
            .group_by(b.domain_id)
        ).all()  # fmt: skip
    return {int(d): (float(s or 0), float(sq or 0), int(n or 0)) for d, s, sq, n in rows}


def change_counts(
    engine: Engine,
    filters: Filters,
    instrument_id: int,
    higher_is_better: bool,
    limits: dict[int, float],
) -> ChangeCounts | None:
    """Counts and sums of the mentees whose latest assessment falls in the period, per domain
    id, moves counted past ``limits`` (points by domain id; 0 when absent) in the direction
    that is better; None when the table cannot answer exactly."""
    with connection(engine) as conn:
        later = any_assessed(conn, instrument_id, filters.end + DAY, None)
        if later or not _exact_for_sites(conn, filters, instrument_id):
            return None
        paired = and_(T.first_on < T.latest_on, T.latest.is_not(None))
        diff = (T.latest - T.baseline) * (1 if higher_is_better else -1)
        limit = (
            case(*[(T.domain_id == d, points) for d, points in limits.items()], else_=0.0)
            if limits
            else literal(0.0)
        )
        rows = conn.execute(
            select(
                T.domain_id,
                func.sum(case((paired, 1), else_=0)),
                func.sum(case((paired, T.baseline), else_=0)),
                func.sum(case((paired, T.latest), else_=0)),
                func.sum(case((and_(paired, diff > limit), 1), else_=0)),
                func.sum(case((and_(paired, diff < -limit), 1), else_=0)),
                func.sum(case((T.first_on == T.latest_on, 1), else_=0)),
            )
            .where(
                T.instrument_id == instrument_id,
                T.latest_on.between(filters.start, filters.end),
                filters.site_clause(T.site_id),
                mentee_of_chosen_mentors(filters, T.mentee_id),
            )
            .group_by(T.domain_id)
        ).all()
    counts: dict[int, tuple[int, float, float, int, int]] = {}
    single = 0
    for domain_id, n, base, last, up, down, one_day in rows:
        if int(domain_id) == MENTEE_ROW:
            single = int(one_day or 0)
        else:
            counts[int(domain_id)] = (
                int(n or 0), float(base or 0), float(last or 0), int(up or 0), int(down or 0)
            )  # fmt: skip
    return counts, single
