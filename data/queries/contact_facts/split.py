"""Which months (or days) of a period the summary tables answer exactly, probed in one round trip.

A period is cut into whole calendar months and the partial months at its edges. A partial
month at an edge holds the same contacts as the whole month when no contact (at any site)
falls in the part of the month outside the period, as for a period ending today (nothing is
logged for later days). Then the month's summary rows answer it exactly and the raw rows are
not read (at the large scale, reading the current month's contacts from ``contacts`` costs
more than everything else). ``contacts_within`` asks every such question with one index probe
per range, all in one statement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import Date, Engine, ScalarSelect, Select, bindparam, exists, select

from data.queries.plumbing.connection import connection
from data.queries.plumbing.months import (
    PeriodSplit,
    month_end,
    month_start,
    split_period,
    year_month,
)
from data.queries.plumbing.statements import built_once
from data.schema import Contact

DAY = dt.timedelta(days=1)
# A value asked in the same round trip as the probes: a name for it, and a function building
# it as a scalar subquery without parameters.
Extra = tuple[Hashable, Callable[[], ScalarSelect[Any]]]


def contacts_within(
    engine: Engine, ranges: list[tuple[dt.date, dt.date]], extra: Extra | None = None
) -> tuple[list[bool], Any]:
    """Whether any contact (at any site) falls on the days of each (first, last) range (an
    empty range, first after last, holds none), and the value of ``extra``: one index probe
    per range, all in one round trip."""
    probed = [(first, last) for first, last in ranges if first <= last]
    if not probed and extra is None:
        return [False] * len(ranges), None
    values: dict[str, dt.date] = {}
    for number, (first, last) in enumerate(probed):
        values[f"probe{number}_first"], values[f"probe{number}_last"] = first, last

    def build() -> Select:
        probes: list[Any] = [
            exists(
                select(Contact.id).where(
                    Contact.contact_date.between(
                        bindparam(f"probe{number}_first", type_=Date()),
                        bindparam(f"probe{number}_last", type_=Date()),
                    )
                )
            )
            for number in range(len(probed))
        ]
        return select(*probes, *([extra[1]()] if extra is not None else []))

    key = ("contacts_within", len(probed), extra[0] if extra else None)
    with connection(engine) as conn:
        answers = list(conn.execute(built_once(key, build), values).one())
    extra_value = answers.pop() if extra is not None else None
    found = iter(answers)
    return [bool(next(found)) if first <= last else False for first, last in ranges], extra_value


def summarised_split(engine: Engine, start: dt.date, end: dt.date) -> PeriodSplit:
    """``split_period``, with an edge month read from the summaries when that is exact (see
    the module): the probes of every edge month in one round trip."""
    split = split_period(start, end)
    outside = _outside_edge_months(split)
    answers, _ = contacts_within(engine, outside)
    return _quiet_edges_whole(split, answers)


def summarised_split_and(
    engine: Engine, start: dt.date, end: dt.date, extra: Extra | None
) -> tuple[PeriodSplit, Any]:
    """``summarised_split`` and the value of ``extra``, asked in the same round trip as the
    probes."""
    split = split_period(start, end)
    outside = _outside_edge_months(split)
    answers, extra_value = contacts_within(engine, outside, extra)
    return _quiet_edges_whole(split, answers), extra_value


def _edge_months(split: PeriodSplit) -> list[tuple[dt.date, dt.date]]:
    """The edges of ``split`` that lie inside one calendar month (the ones a probe may adopt)."""
    return [(first, last) for first, last in split.edges if month_start(first) == month_start(last)]


def _outside_edge_months(split: PeriodSplit) -> list[tuple[dt.date, dt.date]]:
    """Per edge month: the days of its month before it and after it (two ranges each)."""
    outside: list[tuple[dt.date, dt.date]] = []
    for first, last in _edge_months(split):
        outside.extend([(month_start(first), first - DAY), (last + DAY, month_end(last))])
    return outside


def _quiet_edges_whole(split: PeriodSplit, answers: list[bool]) -> PeriodSplit:
    """``split`` with every edge month whose outside days hold no contact read whole."""
    candidates = _edge_months(split)
    whole = list(split.whole_months) if split.whole_months else None
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
    return PeriodSplit(tuple(whole) if whole else None, tuple(edges))  # type: ignore[arg-type]
