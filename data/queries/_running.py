"""Contact totals per mentor and type of support over a period, from the running totals.

``contact_summary_mentor_running`` holds each mentor's totals through the end of every month,
so a range of whole months is two rows per mentor and type (the total at its last month minus
the total at the month before its first), whatever its length. Partial months at the period's
edges come from the raw contacts (or from the summaries when that is exact: see
``summarised_split``), so the figures stay exact for any period.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, Select, Subquery, case, false, func, literal, select, true, union_all

from data.filters import Filters
from data.queries._connection import connection
from data.queries._site_facts import summarised_split
from data.queries._time import date_of_year_month, year_month
from data.schema import Contact, ContactSummaryMentorRunning

DAY = dt.timedelta(days=1)


def _newest_month(engine: Engine) -> int | None:
    with connection(engine) as conn:
        return conn.execute(select(func.max(ContactSummaryMentorRunning.year_month))).scalar()


def _whole_months_part(filters: Filters, first: int, last: int) -> Select:
    run = ContactSummaryMentorRunning
    before = year_month(date_of_year_month(first) - DAY)
    sign = case((run.year_month == last, 1), else_=-1)
    return select(
        run.site_id,
        run.mentor_id,
        run.contact_type,
        (sign * run.contacts).label("contacts"),
        (sign * run.minutes).label("minutes"),
        (sign * run.after_hours).label("after_hours"),
    ).where(
        run.year_month.in_([before, last]),
        filters.site_clause(run.site_id),
        filters.mentor_clause(run.mentor_id),
    )


def _edge_part(filters: Filters, first: dt.date, last: dt.date) -> Select:
    return (
        select(
            Contact.site_id,
            Contact.mentor_id,
            Contact.contact_type,
            func.count().label("contacts"),
            func.coalesce(func.sum(Contact.minutes), 0).label("minutes"),
            func.sum(case((Contact.after_hours == true(), 1), else_=0)).label("after_hours"),
        )
        .where(
            Contact.contact_date.between(first, last),
            filters.site_clause(Contact.site_id),
            filters.mentor_clause(Contact.mentor_id),
        )
        .group_by(Contact.site_id, Contact.mentor_id, Contact.contact_type)
    )


def mentor_type_totals(engine: Engine, filters: Filters, start: dt.date, end: dt.date) -> Subquery:
    """Rows (site_id, mentor_id, contact_type, contacts, minutes, after_hours) of ``start``..
    ``end`` in the filters' scope and mentor choice.

    Several rows may share a key (the two running-total rows, the edge months); callers sum
    them, and a key may sum to zero (no contact of that type in the period).
    """
    split = summarised_split(engine, start, end)
    parts: list[Select] = []
    if split.whole_months:
        first, last = split.whole_months
        newest = _newest_month(engine)
        # Past the newest month nothing was logged: the totals there equal the newest month's.
        if newest is not None and first <= newest:
            parts.append(_whole_months_part(filters, first, min(last, newest)))
    parts.extend(_edge_part(filters, first, last) for first, last in split.edges)
    if not parts:
        empty = select(
            literal(0).label("site_id"),
            literal(0).label("mentor_id"),
            literal("").label("contact_type"),
            literal(0).label("contacts"),
            literal(0).label("minutes"),
            literal(0).label("after_hours"),
        ).where(false())
        return empty.subquery("mentor_type_totals")
    if len(parts) == 1:
        return parts[0].subquery("mentor_type_totals")
    return union_all(*parts).subquery("mentor_type_totals")
