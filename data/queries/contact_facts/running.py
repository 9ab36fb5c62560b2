"""Contact totals per mentor and type of support over a period, from the running totals.

``contact_summary_mentor_running`` holds each mentor's totals through the end of every month,
so a range of whole months is two rows per mentor and type (the total at its last month minus
the total at the month before its first), whatever its length. Partial months at the period's
edges come from the raw contacts (or from the summaries when that is exact: see
``split.summarised_split``), so the figures stay exact for any period. The statement is built
once per shape of the period (``TotalsShape``) with the months and days as bound parameters
(see ``plumbing.statements``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Engine,
    Integer,
    ScalarSelect,
    Select,
    Subquery,
    bindparam,
    case,
    false,
    func,
    literal,
    select,
    true,
    union_all,
)

from data.filters import Filters
from data.queries.contact_facts.split import Extra
from data.queries.plumbing.months import PeriodSplit, date_of_year_month, year_month
from data.queries.plumbing.sql import fetch
from data.queries.plumbing.statements import BoundFilters, bound_filters, built_once
from data.schema import Contact, ContactSummaryMentorRunning

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class TotalsShape:
    """How a period is read: a range of whole months from the running totals (or none), and
    how many partial months at its edges from the raw contacts."""

    whole_months: bool
    edges: int


def _newest_month() -> ScalarSelect[int]:
    return select(func.max(ContactSummaryMentorRunning.year_month)).scalar_subquery()


# What the period's split asks in the same round trip: the newest month of the running totals.
NEWEST_RUNNING_MONTH: Extra = ("newest_running", _newest_month)


def _totals_shape(split: PeriodSplit, newest: int | None) -> tuple[TotalsShape, dict[str, Any]]:
    """The shape of a period split into ``split`` for ``mentor_type_totals`` and the values to
    bind, given the newest month of the running totals."""
    values: dict[str, Any] = {}
    whole = False
    if split.whole_months:
        first, last = split.whole_months
        # Past the newest month nothing was logged: the totals there equal the newest month's.
        if newest is not None and first <= newest:
            whole = True
            values["whole_before"] = year_month(date_of_year_month(first) - DAY)
            values["whole_last"] = min(last, newest)
    for i, (first, last) in enumerate(split.edges):
        values[f"edge{i}_first"], values[f"edge{i}_last"] = first, last
    return TotalsShape(whole, len(split.edges)), values


def mentor_type_totals(filters: BoundFilters, shape: TotalsShape) -> Subquery:
    """Rows (site_id, mentor_id, contact_type, contacts, minutes, after_hours) of a period of
    ``shape``, in the filters' scope and mentor choice; ``totals_rows`` runs it with the
    period's values bound.

    Several rows may share a key (the two running-total rows, the edge months); callers sum
    them, and a key may sum to zero (no contact of that type in the period).
    """
    parts: list[Select] = []
    if shape.whole_months:
        run = ContactSummaryMentorRunning
        before = bindparam("whole_before", type_=Integer())
        last = bindparam("whole_last", type_=Integer())
        sign = case((run.year_month == last, 1), else_=-1)
        parts.append(
            select(
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
        )
    for edge in range(shape.edges):
        first = bindparam(f"edge{edge}_first", type_=Date())
        last = bindparam(f"edge{edge}_last", type_=Date())
        parts.append(
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


def totals_by_type(
    facts: Subquery, key: Any, name: Any, named: Any, on: ColumnElement[bool]
) -> Select:
    """Contacts and minutes of ``facts`` (``mentor_type_totals``) per ``key`` (a mentor's id or
    a site's) and type of support, with the ``name`` of ``named`` joined ``on`` the key: only
    the types with contacts, ordered by name, key and type."""
    return (
        select(
            key,
            name,
            facts.c.contact_type,
            func.sum(facts.c.contacts),
            func.coalesce(func.sum(facts.c.minutes), 0),
        )
        .select_from(facts)
        .join(named, on)
        .group_by(key, name, facts.c.contact_type)
        .having(func.sum(facts.c.contacts) > 0)
        .order_by(name, key, facts.c.contact_type)
    )


def totals_rows(
    engine: Engine,
    filters: Filters,
    period: tuple[PeriodSplit, int | None],
    name: str,
    build: Callable[[BoundFilters, TotalsShape], Select],
) -> list[Any]:
    """Rows of the statement ``build`` makes over ``mentor_type_totals``, for the filters and
    ``period`` (``summarised_split_and(..., NEWEST_RUNNING_MONTH)`` of the filters' period):
    built once per shape (kept under ``name``) and run with this call's values."""
    bound, values = bound_filters(filters)
    shape, period_values = _totals_shape(*period)
    statement = built_once((name, bound, shape), lambda: build(bound, shape))
    return fetch(engine, statement, values | period_values)
