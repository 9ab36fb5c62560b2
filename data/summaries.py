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
(distinct mentees), and site x month (the program-wide monthly charts), plus running totals
per mentor and type through each month (any range of whole months in two rows per mentor),
mentor x week and site x month x mode (``data/week_mode_summaries.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from sqlalchemy import (
    Connection,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    union,
    union_all,
)

from data.queries._time import (
    date_of_year_month,
    month_end,
    months_in,
    year_month,
    year_month_of,
    year_quarter_of,
)
from data.schema import (
    RUNNING_COLUMNS,
    Assessment,
    AssessmentScore,
    AssessmentSummarySiteQuarter,
    Contact,
    ContactSummaryMenteeMonth,
    ContactSummaryMentorMonth,
    ContactSummaryMentorRunning,
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
    refresh_mentor_running(conn, min(months) if months else None)
    from data.week_mode_summaries import refresh_weeks_and_modes

    refresh_weeks_and_modes(conn, months)


def refresh_mentor_running(conn: Connection, first_month: int | None) -> None:
    """Recompute the running totals from ``first_month`` (yyyymm; ``None``: every month) up to
    the newest month in the monthly summary, from ``contact_summary_mentor_month``.

    Each (site, mentor, type) row at month M is its total at the month before ``first_month``
    plus a running sum of its monthly rows from ``first_month`` to M, over a gapless calendar,
    so the rows stay dense; rows whose total is still zero are not kept (a missing row means
    zero). One INSERT ... SELECT with a window sum, in the caller's transaction.
    """
    mm, run = ContactSummaryMentorMonth, ContactSummaryMentorRunning
    newest = conn.execute(select(func.max(mm.year_month))).scalar()
    oldest = conn.execute(select(func.min(mm.year_month))).scalar()
    if first_month is None or (oldest is not None and first_month < oldest):
        first_month = oldest
    if first_month is None:  # no contact at all
        conn.execute(delete(run))
        return
    conn.execute(delete(run).where(run.year_month >= first_month))
    if newest is None or first_month > newest:
        return
    months = [
        year_month(m)
        for m in months_in(date_of_year_month(first_month), date_of_year_month(newest))
    ]
    before = year_month(date_of_year_month(first_month) - dt.timedelta(days=1))
    calendar = union_all(*(select(literal(m).label("ym")) for m in months)).subquery("calendar")
    key_columns = (run.site_id, run.mentor_id, run.contact_type)
    keys = union(
        select(*key_columns).where(run.year_month == before),
        select(mm.site_id, mm.mentor_id, mm.contact_type).where(mm.year_month >= first_month),
    ).subquery("running_keys")
    base = (
        select(*key_columns, run.contacts, run.minutes, run.after_hours)
        .where(run.year_month == before)
        .subquery("running_base")
    )
    same_key = lambda t: and_(  # noqa: E731
        t.c.site_id == keys.c.site_id,
        t.c.mentor_id == keys.c.mentor_id,
        t.c.contact_type == keys.c.contact_type,
    )
    monthly = select(
        mm.site_id, mm.mentor_id, mm.contact_type, mm.year_month,
        mm.contacts, mm.minutes, mm.after_hours,
    ).where(mm.year_month >= first_month).subquery("monthly")  # fmt: skip
    window = {
        "partition_by": [keys.c.site_id, keys.c.mentor_id, keys.c.contact_type],
        "order_by": calendar.c.ym,
    }

    def running(name: str):  # type: ignore[no-untyped-def]
        return func.coalesce(getattr(base.c, name), 0) + func.sum(
            func.coalesce(getattr(monthly.c, name), 0)
        ).over(**window)

    grid = (
        select(
            calendar.c.ym.label("year_month"),
            keys.c.site_id,
            keys.c.mentor_id,
            keys.c.contact_type,
            running("contacts").label("contacts"),
            running("minutes").label("minutes"),
            running("after_hours").label("after_hours"),
        )
        .select_from(keys.join(calendar, true()))
        .outerjoin(base, same_key(base))
        .outerjoin(monthly, and_(same_key(monthly), monthly.c.year_month == calendar.c.ym))
        .subquery("grid")
    )
    conn.execute(
        insert(run).from_select(list(RUNNING_COLUMNS), select(grid).where(grid.c.contacts > 0))
    )


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
    """Recompute every assessment summary (site x quarter, site x month, baseline against
    latest by month and by mentee) from the raw scores, in the database: what any write of
    assessments or their scores calls, in its transaction."""
    _rebuild_assessment_quarters(conn)
    from data.change_summaries import (
        rebuild_assessment_change_summary,
        rebuild_assessment_mentee_change,
    )
    from data.outcome_summaries import rebuild_assessment_month_summary

    rebuild_assessment_month_summary(conn)
    rebuild_assessment_change_summary(conn)
    rebuild_assessment_mentee_change(conn)


def _rebuild_assessment_quarters(conn: Connection) -> None:
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
