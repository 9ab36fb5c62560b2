"""Contact figures for a period, from the monthly summaries plus the raw rows at its edges.

Callers get a subquery and never learn where its rows came from: whole calendar months are read
from the summary tables (a few rows per mentor and month), the partial months at either edge of
the period from ``contacts`` itself, so a period starting or ending mid-month stays exact.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, Select, Subquery, case, func, select, true, union_all

from data.filters import Filters
from data.queries._site_facts import summarised_split
from data.queries._time import year_month_of
from data.schema import (
    Contact,
    ContactSummaryMenteeMonth,
    ContactSummaryMentorMonth,
    ContactSummaryMentorWeek,
)

DAY = dt.timedelta(days=1)
SIX_DAYS = dt.timedelta(days=6)


def _one(parts: list[Select], name: str) -> Subquery:
    if len(parts) == 1:
        return parts[0].subquery(name)
    return union_all(*parts).subquery(name)


def mentor_month_facts(engine: Engine, filters: Filters, start: dt.date, end: dt.date) -> Subquery:
    """Rows (site_id, mentor_id, contact_type, year_month, contacts, minutes, after_hours).

    Several rows may share a key (summary and edge parts); callers sum them. Scope and mentor
    choice are applied here. An edge month is read from the summary when that is exact
    (``summarised_split``: a period ending today reads no raw contacts).
    """
    split = summarised_split(engine, start, end)
    parts: list[Select] = []
    if split.whole_months:
        s = ContactSummaryMentorMonth
        parts.append(
            select(
                s.site_id,
                s.mentor_id,
                s.contact_type,
                s.year_month,
                s.contacts,
                s.minutes,
                s.after_hours,
            ).where(
                s.year_month.between(*split.whole_months),
                filters.site_clause(s.site_id),
                filters.mentor_clause(s.mentor_id),
            )
        )
    for first, last in split.edges:
        ym = year_month_of(Contact.contact_date)
        parts.append(
            select(
                Contact.site_id,
                Contact.mentor_id,
                Contact.contact_type,
                ym.label("year_month"),
                func.count().label("contacts"),
                func.sum(Contact.minutes).label("minutes"),
                func.sum(case((Contact.after_hours == true(), 1), else_=0)).label("after_hours"),
            )
            .where(
                Contact.contact_date.between(first, last),
                filters.site_clause(Contact.site_id),
                filters.mentor_clause(Contact.mentor_id),
            )
            .group_by(Contact.site_id, Contact.mentor_id, Contact.contact_type, ym)
        )
    return _one(parts, "mentor_month_facts")


def mentee_month_facts(engine: Engine, filters: Filters, start: dt.date, end: dt.date) -> Subquery:
    """Rows (site_id, mentor_id, mentee_id, year_month): who was contacted in which month.

    Summary and edge parts cover different months, so counting distinct mentee_id per month
    over these rows is exact. Edge months as in ``mentor_month_facts``.
    """
    split = summarised_split(engine, start, end)
    parts: list[Select] = []
    if split.whole_months:
        s = ContactSummaryMenteeMonth
        parts.append(
            select(s.site_id, s.mentor_id, s.mentee_id, s.year_month).where(
                s.year_month.between(*split.whole_months),
                filters.site_clause(s.site_id),
                filters.mentor_clause(s.mentor_id),
            )
        )
    for first, last in split.edges:
        ym = year_month_of(Contact.contact_date)
        parts.append(
            select(Contact.site_id, Contact.mentor_id, Contact.mentee_id, ym.label("year_month"))
            .where(
                Contact.contact_date.between(first, last),
                filters.site_clause(Contact.site_id),
                filters.mentor_clause(Contact.mentor_id),
            )
            .group_by(Contact.site_id, Contact.mentor_id, Contact.mentee_id, ym)
        )
    return _one(parts, "mentee_month_facts")


def _week_split(
    engine: Engine, start: dt.date, end: dt.date
) -> tuple[tuple[int, int] | None, list[tuple[dt.date, dt.date]]]:
    """(whole weeks as an inclusive index range or None, partial edge day ranges).

    A partial week at an edge counts as whole when no contact (at any site) falls in its
    days outside the period, as for a period ending today: then the weekly summary answers
    it exactly (two index probes).
    """
    from data.queries._site_facts import contacts_within
    from data.queries._weeks import week_index, week_start

    first, last = week_index(start), week_index(end)
    before, after = contacts_within(
        engine, [(week_start(first), start - DAY), (end + DAY, week_start(last) + SIX_DAYS)]
    )[0]
    start_exact, end_exact = not before, not after
    if first == last:
        return ((first, last), []) if start_exact and end_exact else (None, [(start, end)])
    edges = []
    if not start_exact:
        edges.append((start, week_start(first) + SIX_DAYS))
        first += 1
    if not end_exact:
        edges.append((week_start(last), end))
        last -= 1
    return ((first, last) if first <= last else None), edges


def mentor_week_facts(engine: Engine, filters: Filters, start: dt.date, end: dt.date) -> Subquery:
    """Rows (site_id, mentor_id, week, contacts, minutes): contacts per mentor and week.

    ``week`` is a week index (``data.queries._weeks``, Monday-based). Whole weeks come from
    ``contact_summary_mentor_week``, the partial weeks at the period's edges from the raw
    contacts (they count only the days inside the period). Several rows may share a key;
    callers sum them. Scope and mentor choice are applied here.
    """
    from data.queries._weeks import week_index_of

    whole, edges = _week_split(engine, start, end)
    parts: list[Select] = []
    if whole is not None:
        w = ContactSummaryMentorWeek
        parts.append(
            select(w.site_id, w.mentor_id, w.week, w.contacts, w.minutes).where(
                w.week.between(*whole),
                filters.site_clause(w.site_id),
                filters.mentor_clause(w.mentor_id),
            )
        )
    week = week_index_of(Contact.contact_date)
    for first, last in edges:
        parts.append(
            select(
                Contact.site_id,
                Contact.mentor_id,
                week.label("week"),
                func.count().label("contacts"),
                func.sum(Contact.minutes).label("minutes"),
            )
            .where(
                Contact.contact_date.between(first, last),
                filters.site_clause(Contact.site_id),
                filters.mentor_clause(Contact.mentor_id),
            )
            .group_by(Contact.site_id, Contact.mentor_id, week)
        )
    return _one(parts, "mentor_week_facts")
