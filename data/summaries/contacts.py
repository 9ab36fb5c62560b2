"""The contact summaries at the grains the charts use, rebuilt whole or for some months.

Three grains: mentor x month x type, mentor x mentee x month (distinct mentees), and site x
month (the program-wide monthly charts); with them, whenever some months are recomputed, the
running totals from the first of them (``running``) and the weeks and modes those months
touch (``weeks_and_modes``), in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from sqlalchemy import Connection, and_, case, func, select, true

from data.queries.plumbing.months import year_month, year_month_of
from data.schema import (
    Contact,
    ContactSummaryMenteeMonth,
    ContactSummaryMentorMonth,
    ContactSummarySiteMonth,
)
from data.summaries._months import contacts_in, in_months
from data.summaries._refill import refill
from data.summaries.running import refresh_mentor_running
from data.summaries.weeks_and_modes import refresh_weeks_and_modes

MENTOR_MONTH_COLUMNS = ("site_id", "mentor_id", "year_month", "contact_type", "contacts",
                        "minutes", "after_hours")  # fmt: skip
MENTEE_MONTH_COLUMNS = ("site_id", "mentor_id", "mentee_id", "year_month", "contacts", "minutes")
SITE_MONTH_COLUMNS = ("site_id", "year_month", "contacts", "minutes", "after_hours", "mentees",
                      "mentees_elsewhere")  # fmt: skip


def _rebuild_contacts(conn: Connection, months: Collection[int] | None) -> None:
    ym = year_month_of(Contact.contact_date)
    raw = contacts_in(months)
    mm, mt = ContactSummaryMentorMonth, ContactSummaryMenteeMonth
    by_type = (
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
        .group_by(Contact.site_id, Contact.mentor_id, ym, Contact.contact_type)
    )
    refill(conn, mm, MENTOR_MONTH_COLUMNS, by_type, where=in_months(mm.year_month, months))
    by_mentee = (
        select(
            Contact.site_id,
            Contact.mentor_id,
            Contact.mentee_id,
            ym,
            func.count(),
            func.coalesce(func.sum(Contact.minutes), 0),
        )
        .where(raw)
        .group_by(Contact.site_id, Contact.mentor_id, Contact.mentee_id, ym)
    )
    refill(conn, mt, MENTEE_MONTH_COLUMNS, by_mentee, where=in_months(mt.year_month, months))
    _rebuild_site_month(conn, months)
    refresh_mentor_running(conn, min(months) if months else None)
    refresh_weeks_and_modes(conn, months)


def _rebuild_site_month(conn: Connection, months: Collection[int] | None) -> None:
    """The site-month grain, from the two finer summaries (same transaction, same months)."""
    mm, mt, sm = ContactSummaryMentorMonth, ContactSummaryMenteeMonth, ContactSummarySiteMonth
    totals = (
        select(
            mm.site_id,
            mm.year_month,
            func.sum(mm.contacts).label("contacts"),
            func.sum(mm.minutes).label("minutes"),
            func.sum(mm.after_hours).label("after_hours"),
        )
        .where(in_months(mm.year_month, months))
        .group_by(mm.site_id, mm.year_month)
        .subquery("totals")
    )
    seen = (
        select(mt.site_id, mt.year_month, mt.mentee_id)
        .where(in_months(mt.year_month, months))
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
    rows = select(
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
    )
    refill(conn, sm, SITE_MONTH_COLUMNS, rows, where=in_months(sm.year_month, months))


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
