"""Statements built once per shape and run with each call's values as bound parameters.

Building a SQLAlchemy statement of a few joins and subqueries costs 1-4 ms of Python on every
call: at the large scale more than the database takes to answer a one-site question from the
summary tables. The query functions a page calls on every load build their statement against
``BoundFilters`` instead of ``Filters``: the same clauses, with the period, the scope's sites
and the chosen mentors as bound parameters. One built statement then serves every call of the
same shape, and ``bound_filters`` gives the values to run it with.

What the shape is made of: whether the scope is every site, no site or some sites, whether
mentors are chosen, and whatever else the caller puts in its key (how a period splits into
summarised and raw months, say). Values never are: a built statement holds no site, mentor or
date of the call that built it, so a statement first built for one supervisor answers another
only with that other's sites (``tests/data/test_statements.py`` alternates scopes to show it).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from sqlalchemy import BindParameter, ColumnElement, Date, Executable, bindparam, false, true

from data.filters import Filters

# Shapes are few (three kinds of site scope x mentors chosen or not x a handful of period
# splits per query function); the bound keeps a pathological caller from growing it forever.
MAX_STATEMENTS = 512

SiteShape = Literal["all", "none", "some"]
S = TypeVar("S", bound=Executable)


@dataclass(frozen=True)
class BoundFilters:
    """``Filters``' clauses with the values left as bound parameters (see the module)."""

    sites: SiteShape
    mentors_chosen: bool

    @property
    def start(self) -> BindParameter[dt.date]:
        """The period's first day."""
        return bindparam("period_start", type_=Date())

    @property
    def end(self) -> BindParameter[dt.date]:
        """The period's last day."""
        return bindparam("period_end", type_=Date())

    def site_clause(self, column: ColumnElement[int]) -> ColumnElement[bool]:
        """The scope predicate for a site_id ``column`` (as ``Filters.site_clause``)."""
        if self.sites == "all":
            return true()
        if self.sites == "none":
            return false()
        return column.in_(bindparam("scope_site_ids", expanding=True))

    def mentor_clause(self, column: ColumnElement[int]) -> ColumnElement[bool]:
        """The mentor choice for a mentor_id ``column`` (as ``Filters.mentor_clause``)."""
        if not self.mentors_chosen:
            return true()
        return column.in_(bindparam("chosen_mentor_ids", expanding=True))


def bound_filters(filters: Filters) -> tuple[BoundFilters, dict[str, Any]]:
    """The shape of ``filters`` and the parameter values to run its statements with."""
    sites = filters.effective_site_ids
    shape: SiteShape = "all" if sites is None else "some" if sites else "none"
    bound = BoundFilters(shape, filters.mentors_chosen)
    values: dict[str, Any] = {"period_start": filters.start, "period_end": filters.end}
    if shape == "some":
        values["scope_site_ids"] = sorted(sites or ())
    if bound.mentors_chosen:
        values["chosen_mentor_ids"] = sorted(filters.mentor_ids or ())
    return bound, values


_built: OrderedDict[Hashable, Executable] = OrderedDict()
_lock = threading.Lock()


def built_once(key: Hashable, build: Callable[[], S]) -> S:
    """The statement ``build()`` returns, built on the first call with ``key`` and kept.

    ``key`` must name everything the statement's shape depends on (the query's name, the
    ``BoundFilters`` and any split of the period); ``build`` must put every value in as a bound
    parameter. Least recently used statements are dropped past ``MAX_STATEMENTS``.
    """
    with _lock:
        statement = _built.get(key)
        if statement is not None:
            _built.move_to_end(key)
            return statement  # type: ignore[return-value]
    statement = build()  # outside the lock: two threads may both build; either result serves
    with _lock:
        _built[key] = statement
        while len(_built) > MAX_STATEMENTS:
            _built.popitem(last=False)
    return statement


def forget_built_statements() -> None:
    """Drop every kept statement (tests, and after a schema change in a running process)."""
    with _lock:
        _built.clear()
