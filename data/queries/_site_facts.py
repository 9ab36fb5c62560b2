"""Program-wide contact figures per calendar month, from the site-month summary.

For questions that do not look at individual mentors (no mentor chosen), whole calendar months
are read from ``contact_summary_site_month`` (a row per site and month, however many mentors),
the partial months at a period's edges from ``contacts``. Distinct mentees add up across sites
unless a mentee was contacted at two sites in the same month; such months (rare) are counted
from ``contact_summary_mentee_month`` instead, so every figure stays exact.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import Connection, Engine, func, select

from data.filters import Filters
from data.queries._connection import connection
from data.queries._sql import fetch
from data.queries._time import (
    PeriodSplit,
    month_end,
    month_start,
    split_period,
    year_month,
    year_month_of,
)
from data.schema import (
    Contact,
    ContactSummaryMenteeMonth,
    ContactSummarySiteMonth,
    ContactSummarySiteMonthMode,
)

MonthFigures = dict[int, list[int]]  # yyyymm -> [contacts, minutes, distinct mentees]
DAY = dt.timedelta(days=1)


def _no_contacts(conn: Connection, first: dt.date, last: dt.date) -> bool:
    if first > last:
        return True
    found = conn.execute(
        select(Contact.id).where(Contact.contact_date.between(first, last)).limit(1)
    ).first()
    return found is None


def summarised_split(engine: Engine, start: dt.date, end: dt.date) -> PeriodSplit:
    """``split_period``, with an edge month read from the summaries when that is exact.

    A partial month at an edge holds the same contacts as the whole month when no contact (at
    any site) falls in the part of the month outside the period, as for a period ending today
    (nothing is logged for later days). Then the month's summary rows answer it exactly and
    the raw rows are not read (at the large scale, reading the current month's contacts from
    ``contacts`` costs more than everything else). Checked with two index probes.
    """
    split = split_period(start, end)
    whole = list(split.whole_months) if split.whole_months else None
    edges: list[tuple[dt.date, dt.date]] = []
    with connection(engine) as conn:
        for first, last in split.edges:
            month = month_start(first)
            if month != month_start(last) or not (
                _no_contacts(conn, month, first - DAY)
                and _no_contacts(conn, last + DAY, month_end(last))
            ):
                edges.append((first, last))
                continue
            ym = year_month(first)
            whole = [ym, ym] if whole is None else [min(whole[0], ym), max(whole[1], ym)]
    # Months adopted from the edges are next to the whole months, so the range stays whole.
    return PeriodSplit(tuple(whole) if whole else None, tuple(edges))  # type: ignore[arg-type]


def monthly_contact_figures(
    engine: Engine, filters: Filters, start: dt.date, end: dt.date
) -> MonthFigures | None:
    """Contacts, minutes and distinct mentees contacted per yyyymm month of ``start``..``end``,
    in the filters' scope (sites); ``None`` when mentors are chosen (the caller then reads the
    mentor grain). Months without contacts are absent.
    """
    if filters.mentor_ids:
        return None
    figures: MonthFigures = defaultdict(lambda: [0, 0, 0])
    split = summarised_split(engine, start, end)
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


def mode_month_figures(engine: Engine, filters: Filters) -> dict[tuple[int, str], tuple[int, int]]:
    """(yyyymm, mode) -> (contacts, minutes) in the filters' period and scope.

    Whole months come from ``contact_summary_site_month_mode`` when no mentor is chosen (the
    summary has no mentor), edge months and any mentor choice from the raw contacts.
    """
    if filters.mentor_ids:
        split = PeriodSplit(None, ((filters.start, filters.end),))
    else:
        split = summarised_split(engine, filters.start, filters.end)
    found: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    parts = []
    if split.whole_months:
        s = ContactSummarySiteMonthMode
        parts.append(
            select(s.year_month, s.mode, func.sum(s.contacts), func.sum(s.minutes))
            .where(s.year_month.between(*split.whole_months), filters.site_clause(s.site_id))
            .group_by(s.year_month, s.mode)
        )
    ym = year_month_of(Contact.contact_date)
    for first, last in split.edges:
        parts.append(
            select(ym, Contact.mode, func.count(), func.sum(Contact.minutes))
            .where(
                Contact.contact_date.between(first, last),
                filters.site_clause(Contact.site_id),
                filters.mentor_clause(Contact.mentor_id),
            )
            .group_by(ym, Contact.mode)
        )
    for part in parts:
        for month, mode, n, minutes in fetch(engine, part):
            cell = found[(int(month), str(mode))]
            cell[0] += int(n)
            cell[1] += int(minutes or 0)
    return {key: (n, minutes) for key, (n, minutes) in found.items()}
