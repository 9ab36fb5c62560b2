"""Summary tables at the grains the charts use, rebuilt after bulk loads.

Owned by the query layer: ``rebuild_all`` is called by the demo generator and importers after
they write raw rows, so query functions can read pre-aggregated rows at large scale. The
summaries hold whole calendar months of contacts (``year_month`` = yyyymm) and whole quarters of
assessment scores; the query layer reads the partial months (quarters) at a period's edges
from the raw rows, so results stay exact.

Anything that writes contacts or assessments outside a bulk load must call ``rebuild_all`` (or
``rebuild_contact_summaries``) in the same transaction, or the whole-month figures go stale.
"""

from __future__ import annotations

from sqlalchemy import Connection, case, delete, func, insert, select, true

from data.queries._time import year_month_of, year_quarter_of
from data.schema import (
    Assessment,
    AssessmentScore,
    AssessmentSummarySiteQuarter,
    Contact,
    ContactSummaryMenteeMonth,
    ContactSummaryMentorMonth,
)


def rebuild_contact_summaries(conn: Connection) -> None:
    """Recompute both monthly contact summaries from ``contacts``, in the database."""
    ym = year_month_of(Contact.contact_date)
    conn.execute(delete(ContactSummaryMentorMonth))
    conn.execute(
        insert(ContactSummaryMentorMonth).from_select(
            [
                "site_id",
                "mentor_id",
                "year_month",
                "contact_type",
                "contacts",
                "minutes",
                "after_hours",
            ],
            select(
                Contact.site_id,
                Contact.mentor_id,
                ym,
                Contact.contact_type,
                func.count(),
                func.coalesce(func.sum(Contact.minutes), 0),
                func.sum(case((Contact.after_hours == true(), 1), else_=0)),
            ).group_by(Contact.site_id, Contact.mentor_id, ym, Contact.contact_type),
        )
    )
    conn.execute(delete(ContactSummaryMenteeMonth))
    conn.execute(
        insert(ContactSummaryMenteeMonth).from_select(
            ["site_id", "mentor_id", "mentee_id", "year_month", "contacts", "minutes"],
            select(
                Contact.site_id,
                Contact.mentor_id,
                Contact.mentee_id,
                ym,
                func.count(),
                func.coalesce(func.sum(Contact.minutes), 0),
            ).group_by(Contact.site_id, Contact.mentor_id, Contact.mentee_id, ym),
        )
    )


def rebuild_assessment_summaries(conn: Connection) -> None:
    """Recompute the quarterly assessment-score summary from the raw scores, in the database."""
    quarter = year_quarter_of(Assessment.assessed_on)
    conn.execute(delete(AssessmentSummarySiteQuarter))
    conn.execute(
        insert(AssessmentSummarySiteQuarter).from_select(
            [
                "site_id",
                "instrument_id",
                "domain_id",
                "year_quarter",
                "score_total",
                "scores",
                "mentees",
            ],
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
            .group_by(
                Assessment.site_id, Assessment.instrument_id, AssessmentScore.domain_id, quarter
            ),
        )
    )


def rebuild_all(conn: Connection) -> None:
    """Recompute every summary table from the raw rows, inside the caller's transaction."""
    rebuild_contact_summaries(conn)
    rebuild_assessment_summaries(conn)
