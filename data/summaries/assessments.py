"""Every assessment summary, rebuilt from the raw scores in the caller's transaction: site x
quarter here, site x month (``assessment_months``), and baseline against latest by month and
by mentee (``assessment_change``)."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from data.queries.plumbing.months import year_quarter_of
from data.schema import Assessment, AssessmentScore, AssessmentSummarySiteQuarter
from data.summaries._refill import refill
from data.summaries.assessment_change import (
    rebuild_assessment_change_summary,
    rebuild_assessment_mentee_change,
)
from data.summaries.assessment_months import rebuild_assessment_month_summary


def rebuild_assessment_summaries(conn: Connection) -> None:
    """Recompute every assessment summary (site x quarter, site x month, baseline against
    latest by month and by mentee) from the raw scores, in the database: what any write of
    assessments or their scores calls, in its transaction."""
    _rebuild_assessment_quarters(conn)
    rebuild_assessment_month_summary(conn)
    rebuild_assessment_change_summary(conn)
    rebuild_assessment_mentee_change(conn)


QUARTER_COLUMNS = ("site_id", "instrument_id", "domain_id", "year_quarter", "score_total",
                   "scores", "mentees")  # fmt: skip


def _rebuild_assessment_quarters(conn: Connection) -> None:
    quarter = year_quarter_of(Assessment.assessed_on)
    rows = (
        select(
            Assessment.site_id,
            Assessment.instrument_id,
            AssessmentScore.domain_id,
            quarter,
            func.coalesce(func.sum(AssessmentScore.score), 0),
            func.count(),
            func.count(func.distinct(Assessment.mentee_id)),
        )
        .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
        .group_by(Assessment.site_id, Assessment.instrument_id, AssessmentScore.domain_id, quarter)
    )
    refill(conn, AssessmentSummarySiteQuarter, QUARTER_COLUMNS, rows)
