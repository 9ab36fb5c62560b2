"""Baseline-against-latest sums per measure from ``assessment_change_summary``, when exact.

The summary pairs each mentee's first assessment with their newest one, so it answers a
period only when nothing of the instrument was assessed after the period's end (the usual
case: a period ending today). Its rows are months of the latest assessment, so a period
starting mid-month needs no assessment in that month before its start. It also needs no
mentor chosen (pairs are not kept per mentor) and, for a scope of some sites only, no mentee
assessed at several sites. Otherwise the caller pairs the raw assessments itself; the answer
is the same either way.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine, func, select

from data.filters import Filters
from data.queries.plumbing.connection import connection
from data.queries.plumbing.months import month_start, year_month
from data.schema import MULTI_SITE, Assessment, AssessmentChangeSummary

# (mentees, baseline total, latest total) per domain id (0: the instrument's total).
ChangeSums = dict[int, tuple[int, float, float]]
DAY = dt.timedelta(days=1)


def any_assessed(
    conn: Connection, instrument_id: int, first: dt.date, last: dt.date | None
) -> bool:
    """True when the instrument was assessed on some day of ``first``..``last`` (open-ended
    when ``last`` is None): one index probe."""
    when = Assessment.assessed_on >= first
    if last is not None:
        when = Assessment.assessed_on.between(first, last)
    found = conn.execute(
        select(Assessment.id).where(Assessment.instrument_id == instrument_id, when).limit(1)
    ).first()
    return found is not None


def summarised_change_sums(
    engine: Engine, filters: Filters, instrument_id: int
) -> ChangeSums | None:
    """Sums of the pairs whose latest assessment falls in the period, per domain id; ``None``
    when the summary cannot answer this period and scope exactly."""
    if filters.mentor_ids:
        return None
    s = AssessmentChangeSummary
    with connection(engine) as conn:
        if any_assessed(conn, instrument_id, filters.end + DAY, None) or (
            filters.start != month_start(filters.start)
            and any_assessed(conn, instrument_id, month_start(filters.start), filters.start - DAY)
        ):
            return None
        if filters.effective_site_ids is not None:
            several_sites = conn.execute(
                select(s.site_id)
                .where(s.instrument_id == instrument_id, s.site_id == MULTI_SITE)
                .limit(1)
            ).first()
            if several_sites is not None:
                return None
        rows = conn.execute(
            select(s.domain_id, func.sum(s.mentees), func.sum(s.baseline_total),
                   func.sum(s.latest_total))
            .where(
                s.instrument_id == instrument_id,
                s.year_month.between(year_month(filters.start), year_month(filters.end)),
                filters.site_clause(s.site_id),
            )
            .group_by(s.domain_id)
        ).all()  # fmt: skip
    return {int(d): (int(n or 0), float(b or 0), float(last or 0)) for d, n, b, last in rows}
