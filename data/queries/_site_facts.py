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
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import (
    Date,
    Engine,
    Exists,
    ScalarSelect,
    Select,
    bindparam,
    exists,
    func,
    select,
)

from data.filters import Filters
from data.queries._connection import connection
from data.queries._sql import fetch
from data.queries._statements import built_once
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


def _probe(number: int) -> Exists:
    """True when some contact (at any site) falls on days ``probe<number>_first..._last``."""
    first = bindparam(f"probe{number}_first", type_=Date())
    last = bindparam(f"probe{number}_last", type_=Date())
    return exists(select(Contact.id).where(Contact.contact_date.between(first, last)))


def _probes_statement(probes: int, extra: ScalarSelect[Any] | None) -> Select:
    columns: list[Any] = [_probe(i) for i in range(probes)]
    return select(*columns, *([extra] if extra is not None else []))


def contacts_within(
    engine: Engine,
    ranges: list[tuple[dt.date, dt.date]],
    extra: tuple[Hashable, Callable[[], ScalarSelect[Any]]] | None = None,
) -> tuple[list[bool], Any]:
    """Whether any contact (at any site) falls on the days of each (first, last) range (an
    empty range, first after last, holds none), and the value of ``extra`` (a name for it and
    a function building a scalar subquery without parameters): one index probe per range,
    all in one round trip."""
    probed = [(first, last) for first, last in ranges if first <= last]
    if not probed and extra is None:
        return [False] * len(ranges), None
    values: dict[str, dt.date] = {}
    for number, (first, last) in enumerate(probed):
        values[f"probe{number}_first"], values[f"probe{number}_last"] = first, last
    key = ("contacts_within", len(probed), extra[0] if extra else None)
    statement = built_once(
        key, lambda: _probes_statement(len(probed), extra[1]() if extra else None)
    )
    with connection(engine) as conn:
        answers = list(conn.execute(statement, values).one())
    extra_value = answers.pop() if extra is not None else None
    found = iter(answers)
    return [bool(next(found)) if first <= last else False for first, last in ranges], extra_value


def summarised_split(engine: Engine, start: dt.date, end: dt.date) -> PeriodSplit:
    """``split_period``, with an edge month read from the summaries when that is exact.

    A partial month at an edge holds the same contacts as the whole month when no contact (at
    any site) falls in the part of the month outside the period, as for a period ending today
    (nothing is logged for later days). Then the month's summary rows answer it exactly and
    the raw rows are not read (at the large scale, reading the current month's contacts from
    ``contacts`` costs more than everything else). Checked with index probes, all in one
    round trip; see ``summarised_split_and``.
    """
    return summarised_split_and(engine, start, end, None)[0]


def summarised_split_and(
    engine: Engine,
    start: dt.date,
    end: dt.date,
    extra: tuple[Hashable, Callable[[], ScalarSelect[Any]]] | None,
) -> tuple[PeriodSplit, Any]:
    """``summarised_split`` and the value of ``extra`` (a name for it and a function building
    a scalar subquery without parameters), asked in the same round trip as the probes."""
    split = split_period(start, end)
    whole = list(split.whole_months) if split.whole_months else None
    outside: list[tuple[dt.date, dt.date]] = []  # per edge month: the days before and after it
    candidates: list[tuple[dt.date, dt.date]] = []
    for first, last in split.edges:
        month = month_start(first)
        if month == month_start(last):
            candidates.append((first, last))
            outside.extend([(month, first - DAY), (last + DAY, month_end(last))])
    answers, extra_value = contacts_within(engine, outside, extra)
    edges: list[tuple[dt.date, dt.date]] = []
    for first, last in split.edges:
        if (first, last) in candidates:
            number = candidates.index((first, last))
            if not (answers[2 * number] or answers[2 * number + 1]):
                ym = year_month(first)
                whole = [ym, ym] if whole is None else [min(whole[0], ym), max(whole[1], ym)]
                continue
        edges.append((first, last))
    # Months adopted from the edges are next to the whole months, so the range stays whole.
    split = PeriodSplit(tuple(whole) if whole else None, tuple(edges))  # type: ignore[arg-type]
    return split, extra_value


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
