"""Contact facts per month of a period: mentor x month x type, and who was contacted when.

Whole calendar months of the period's split come from the monthly summaries (a few rows per
mentor and month), the partial months at its edges from ``contacts`` itself, so a period
starting or ending mid-month stays exact. Several rows may share a key (summary and edge
parts); callers sum them. Scope and mentor choice are applied here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, case, func, select, true

from data.filters import Filters
from data.queries.contact_facts._union import summary_and_edges
from data.queries.plumbing.months import PeriodSplit, year_month_of
from data.schema import Contact, ContactSummaryMenteeMonth, ContactSummaryMentorMonth


def crisis_or_after_hours(facts: Subquery) -> ColumnElement[Any]:
    """The sum over ``mentor_month_facts`` rows of crisis calls (whatever their hour) and of the
    other contacts out of hours: the Workload page's measure of strain."""
    return func.sum(
        case((facts.c.contact_type == "crisis_call", facts.c.contacts), else_=facts.c.after_hours)
    )


def mentor_month_facts(filters: Filters, split: PeriodSplit) -> Subquery:
    """Rows (site_id, mentor_id, contact_type, year_month, contacts, minutes, after_hours) of
    the months of ``split`` (``split.summarised_split`` of the period asked about)."""
    s = ContactSummaryMentorMonth
    summary = None
    if split.whole_months:
        summary = select(
            s.site_id, s.mentor_id, s.contact_type, s.year_month, s.contacts, s.minutes,
            s.after_hours,
        ).where(
            s.year_month.between(*split.whole_months),
            filters.site_clause(s.site_id),
            filters.mentor_clause(s.mentor_id),
        )  # fmt: skip
    ym = year_month_of(Contact.contact_date)

    def edge(first: dt.date, last: dt.date) -> Select:
        after_hours = func.sum(case((Contact.after_hours == true(), 1), else_=0))
        return (
            select(
                Contact.site_id, Contact.mentor_id, Contact.contact_type, ym.label("year_month"),
                func.count().label("contacts"), func.sum(Contact.minutes).label("minutes"),
                after_hours.label("after_hours"),
            )
            .where(
                Contact.contact_date.between(first, last),
                filters.site_clause(Contact.site_id),
                filters.mentor_clause(Contact.mentor_id),
            )
            .group_by(Contact.site_id, Contact.mentor_id, Contact.contact_type, ym)
        )  # fmt: skip

    return summary_and_edges("mentor_month_facts", summary, edge, split.edges)


def mentee_month_facts(filters: Filters, split: PeriodSplit) -> Subquery:
    """Rows (site_id, mentor_id, mentee_id, year_month): who was contacted in which month of
    ``split``. Summary and edge parts cover different months, so counting distinct mentee_id
    per month over these rows is exact."""
    s = ContactSummaryMenteeMonth
    summary = None
    if split.whole_months:
        summary = select(s.site_id, s.mentor_id, s.mentee_id, s.year_month).where(
            s.year_month.between(*split.whole_months),
            filters.site_clause(s.site_id),
            filters.mentor_clause(s.mentor_id),
        )
    ym = year_month_of(Contact.contact_date)

    def edge(first: dt.date, last: dt.date) -> Select:
        return (
            select(Contact.site_id, Contact.mentor_id, Contact.mentee_id, ym.label("year_month"))
            .where(
                Contact.contact_date.between(first, last),
                filters.site_clause(Contact.site_id),
                filters.mentor_clause(Contact.mentor_id),
            )
            .group_by(Contact.site_id, Contact.mentor_id, Contact.mentee_id, ym)
        )

    return summary_and_edges("mentee_month_facts", summary, edge, split.edges)
