"""Summary tables at the grains the charts use, rebuilt after bulk loads.

Owned by the query layer: ``rebuild_all`` is called by the demo generator and importers after
they write raw rows, so query functions can read pre-aggregated rows at large scale. The
summaries hold whole calendar months of contacts (``year_month`` = yyyymm) and whole quarters of
assessment scores; the query layer reads the partial months (quarters) at a period's edges
from the raw rows, so results stay exact.

Anything that writes contacts or assessments outside a bulk load must, in the same transaction,
call ``refresh_contact_months`` with the old and new dates of the contacts it changed (cheap),
or ``rebuild_all`` / ``rebuild_contact_summaries`` (everything), or the whole-month figures go
stale. ``python -m dashboard summaries rebuild`` rebuilds every summary from the raw rows.
The contact summaries come at three grains: mentor x month x type, mentor x mentee x month
(distinct mentees), and site x month (the program-wide monthly charts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from sqlalchemy import Connection, and_, case, delete, func, insert, or_, select, true

from data.queries._time import (
    date_of_year_month,
    month_end,
    year_month,
    year_month_of,
    year_quarter_of,
)
from data.schema import (
    Assessment,
    AssessmentScore,
    AssessmentSummarySiteQuarter,
    Contact,
    ContactSummaryMenteeMonth,
    ContactSummaryMentorMonth,
    ContactSummarySiteMonth,
)


def _in_months(column, months: Collection[int] | None):  # type: ignore[no-untyped-def]
    return true() if months is None else column.in_(sorted(months))


def _contacts_in(months: Collection[int] | None):  # type: ignore[no-untyped-def]
    """A WHERE clause on ``contacts`` for the given yyyymm months, by date (uses the index)."""
    if months is None:
        return true()
    return or_(
        *(
            Contact.contact_date.between(date_of_year_month(m), month_end(date_of_year_month(m)))
            for m in sorted(months)
        )
    )


def _rebuild_contacts(conn: Connection, months: Collection[int] | None) -> None:
    ym = year_month_of(Contact.contact_date)
    raw = _contacts_in(months)
    conn.execute(
        delete(ContactSummaryMentorMonth).where(
            _in_months(ContactSummaryMentorMonth.year_month, months)
        )
    )
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
            )
            .where(raw)
            .group_by(Contact.site_id, Contact.mentor_id, ym, Contact.contact_type),
        )
    )
    conn.execute(
        delete(ContactSummaryMenteeMonth).where(
            _in_months(ContactSummaryMenteeMonth.year_month, months)
        )
    )
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
            )
            .where(raw)
            .group_by(Contact.site_id, Contact.mentor_id, Contact.mentee_id, ym),
        )
    )
    _rebuild_site_month(conn, months)


def _rebuild_site_month(conn: Connection, months: Collection[int] | None) -> None:
    """The site-month grain, from the two finer summaries (same transaction, same months)."""
    mm, mt, sm = ContactSummaryMentorMonth, ContactSummaryMenteeMonth, ContactSummarySiteMonth
    conn.execute(delete(sm).where(_in_months(sm.year_month, months)))
    totals = (
        select(
            mm.site_id,
            mm.year_month,
            func.sum(mm.contacts).label("contacts"),
            func.sum(mm.minutes).label("minutes"),
            func.sum(mm.after_hours).label("after_hours"),
        )
        .where(_in_months(mm.year_month, months))
        .group_by(mm.site_id, mm.year_month)
        .subquery("totals")
    )
    seen = (
        select(mt.site_id, mt.year_month, mt.mentee_id)
        .where(_in_months(mt.year_month, months))
        .distinct()
    )
    at_site = seen.subquery("at_site")
    several = seen.subquery("several_sites")
    multi = (
        select(several.c.mentee_id, several.c.year_month)
        .group_by(several.c.mentee_id, several.c.year_month)
        .having(func.count() > 1)
        .subquery("multi")
    )
    mentees = (
        select(
            at_site.c.site_id,
            at_site.c.year_month,
            func.count().label("mentees"),
            func.count(multi.c.mentee_id).label("elsewhere"),
        )
        .outerjoin(
            multi,
            and_(
                multi.c.mentee_id == at_site.c.mentee_id,
                multi.c.year_month == at_site.c.year_month,
            ),
        )
        .group_by(at_site.c.site_id, at_site.c.year_month)
        .subquery("mentees")
    )
    conn.execute(
        insert(sm).from_select(
            [
                "site_id",
                "year_month",
                "contacts",
                "minutes",
                "after_hours",
                "mentees",
                "mentees_elsewhere",
            ],
            select(
                totals.c.site_id,
                totals.c.year_month,
                totals.c.contacts,
                totals.c.minutes,
                totals.c.after_hours,
                mentees.c.mentees,
                mentees.c.elsewhere,
            ).join(
                mentees,
                and_(
                    mentees.c.site_id == totals.c.site_id,
                    mentees.c.year_month == totals.c.year_month,
                ),
            ),
        )
    )


def rebuild_contact_summaries(conn: Connection) -> None:
    """Recompute every contact summary (mentor-, mentee- and site-month) from ``contacts``."""
    _rebuild_contacts(conn, None)


def refresh_contact_months(conn: Connection, days: Iterable[dt.date]) -> None:
    """Recompute the contact summaries of the calendar months of ``days``, in the caller's
    transaction: what any write of contacts outside a bulk load calls, with the old and the
    new contact dates of every row it inserted, updated or deleted. Cheap: it re-reads only
    those months' contacts.
    """
    months = {year_month(day) for day in days}
    if months:
        _rebuild_contacts(conn, months)


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
    from data.outcome_summaries import rebuild_assessment_month_summary

    rebuild_assessment_month_summary(conn)
