"""Program-wide contact figures per calendar month, from the site-month summary.

For questions that do not look at individual mentors (no mentor chosen), whole calendar months
are read from ``contact_summary_site_month`` (a row per site and month, however many mentors),
the partial months at a period's edges from ``contacts``. Distinct mentees add up across sites
unless a mentee was contacted at two sites in the same month; such months (rare) are counted
from ``contact_summary_mentee_month`` instead, so every figure stays exact.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Engine, func, select

from data.filters import Filters
from data.queries.plumbing.months import PeriodSplit, year_month_of
from data.queries.plumbing.sql import fetch
from data.schema import Contact, ContactSummaryMenteeMonth, ContactSummarySiteMonth

MonthFigures = dict[int, list[int]]  # yyyymm -> [contacts, minutes, distinct mentees]


def monthly_contact_figures(engine: Engine, filters: Filters, split: PeriodSplit) -> MonthFigures:
    """Contacts, minutes and distinct mentees contacted per yyyymm month of ``split`` (the
    period's ``summarised_split``), in the filters' scope (sites); for filters with no mentor
    chosen (the summary has no mentor). Months without contacts are absent.
    """
    figures: MonthFigures = defaultdict(lambda: [0, 0, 0])
    if split.whole_months:
        s = ContactSummarySiteMonth
        shared: list[int] = []
        for ym, contacts, minutes, mentees, elsewhere in fetch(
            engine,
            select(
                s.year_month,
                func.sum(s.contacts),
                func.sum(s.minutes),
                func.sum(s.mentees),
                func.sum(s.mentees_elsewhere),
            )
            .where(s.year_month.between(*split.whole_months), filters.site_clause(s.site_id))
            .group_by(s.year_month),
        ):
            figures[int(ym)] = [int(contacts), int(minutes or 0), int(mentees)]
            if elsewhere:
                shared.append(int(ym))
        if shared:
            m = ContactSummaryMenteeMonth
            for ym, mentees in fetch(
                engine,
                select(m.year_month, func.count(func.distinct(m.mentee_id)))
                .where(m.year_month.in_(shared), filters.site_clause(m.site_id))
                .group_by(m.year_month),
            ):
                figures[int(ym)][2] = int(mentees)
    ym_of = year_month_of(Contact.contact_date)
    for first, last in split.edges:
        for ym, contacts, minutes, mentees in fetch(
            engine,
            select(
                ym_of,
                func.count(),
                func.sum(Contact.minutes),
                func.count(func.distinct(Contact.mentee_id)),
            )
            .where(Contact.contact_date.between(first, last), filters.site_clause(Contact.site_id))
            .group_by(ym_of),
        ):
            figures[int(ym)] = [int(contacts), int(minutes or 0), int(mentees)]
    return dict(figures)
