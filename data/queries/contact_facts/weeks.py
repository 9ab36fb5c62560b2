"""Contact facts per Monday-based week of a period (the Workload heatmap's grain).

Whole weeks come from ``contact_summary_mentor_week``, the partial weeks at the period's edges
from the raw contacts (they count only the days inside the period). A partial week at an edge
counts as whole when no contact (at any site) falls in its days outside the period, as for a
period ending today: then the weekly summary answers it exactly.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import Engine, Select, Subquery, func, select

from data.filters import Filters
from data.queries.contact_facts._union import summary_and_edges
from data.queries.contact_facts.split import DAY, contacts_within
from data.queries.plumbing.weeks import week_index, week_index_of, week_start
from data.schema import Contact, ContactSummaryMentorWeek

SIX_DAYS = dt.timedelta(days=6)


class WeekSplit(NamedTuple):
    """A period as whole weeks (an inclusive range of week indices, or None) and the partial
    weeks at its edges (inclusive day ranges)."""

    whole: tuple[int, int] | None
    edges: list[tuple[dt.date, dt.date]]


def week_split(engine: Engine, start: dt.date, end: dt.date) -> WeekSplit:
    """``start``..``end`` as whole weeks and partial edge weeks; an edge week with no contact
    outside the period is whole (two index probes, one round trip)."""
    first, last = week_index(start), week_index(end)
    before, after = contacts_within(
        engine, [(week_start(first), start - DAY), (end + DAY, week_start(last) + SIX_DAYS)]
    )[0]
    start_exact, end_exact = not before, not after
    if first == last:
        if start_exact and end_exact:
            return WeekSplit((first, last), [])
        return WeekSplit(None, [(start, end)])
    edges = []
    if not start_exact:
        edges.append((start, week_start(first) + SIX_DAYS))
        first += 1
    if not end_exact:
        edges.append((week_start(last), end))
        last -= 1
    return WeekSplit((first, last) if first <= last else None, edges)


def mentor_week_facts(filters: Filters, weeks: WeekSplit) -> Subquery:
    """Rows (site_id, mentor_id, week, contacts, minutes): contacts per mentor and week of
    ``weeks`` (``week_split`` of the period asked about).

    ``week`` is a week index (``plumbing.weeks``, Monday-based). Several rows may share a
    key; callers sum them. Scope and mentor choice are applied here.
    """
    w = ContactSummaryMentorWeek
    summary = None
    if weeks.whole is not None:
        summary = select(w.site_id, w.mentor_id, w.week, w.contacts, w.minutes).where(
            w.week.between(*weeks.whole),
            filters.site_clause(w.site_id),
            filters.mentor_clause(w.mentor_id),
        )
    week = week_index_of(Contact.contact_date)

    def edge(first: dt.date, last: dt.date) -> Select:
        return (
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

    return summary_and_edges("mentor_week_facts", summary, edge, weeks.edges)
