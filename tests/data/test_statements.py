"""Statements built once per shape (data/queries/plumbing/statements.py): every call answers
with its own period, sites and mentors, whichever call built the statement it runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import Engine, func, select

from data import clock
from data import schema as s
from data.filters import AccessScope, Filters
from data.queries import FILTER_QUERIES
from data.queries.plumbing import statements as statements
from data.queries.plumbing.statements import BoundFilters, bound_filters, built_once
from tests.conftest import BACKENDS

CACHED = ["workload_by_mentor", "contact_types_by_mentor", "headline_figures"]
# The names of every value a call binds: a kept statement must hold none of them.
CALL_VALUES = (
    "period_start",
    "period_end",
    "scope_site_ids",
    "chosen_mentor_ids",
    "month_first",
    "whole_before",
    "whole_last",
    "edge0_first",
    "edge0_last",
    "edge1_first",
    "edge1_last",
)


@pytest.fixture(params=BACKENDS)
def demo_db(request: pytest.FixtureRequest) -> Engine:
    name = "demo_engine" if request.param == "sqlite" else "demo_pg_engine"
    return request.getfixturevalue(name)


@pytest.fixture(autouse=True)
def _no_kept_statements() -> Iterator[None]:
    statements.forget_built_statements()
    yield
    statements.forget_built_statements()


def _sites_and_a_mentor(engine: Engine) -> tuple[list[int], int]:
    with engine.connect() as conn:
        sites = [int(i) for i in conn.scalars(select(s.Site.id).order_by(s.Site.id))]
        mentor = int(conn.scalar(select(func.min(s.Mentor.id)).where(s.Mentor.site_id == sites[0])))
    return sites, mentor


def _calls(engine: Engine) -> list[Filters]:
    """Filters that share shapes but differ in every value: two one-site supervisors, an
    admin, a meeting viewer, a scope with no site, a chosen mentor, three periods."""
    sites, mentor = _sites_and_a_mentor(engine)
    today = clock.today()
    periods = [
        (today.replace(day=1) - dt.timedelta(days=330), today),
        (dt.date(today.year - 2, 3, 15), dt.date(today.year - 1, 2, 10)),
        (today - dt.timedelta(days=20), today - dt.timedelta(days=5)),
    ]
    scopes = [
        AccessScope("supervisor", frozenset({sites[0]}), see_identities=True),
        AccessScope("supervisor", frozenset({sites[-1]}), see_identities=True),
        AccessScope("admin", all_sites=True, see_identities=True),
        AccessScope("meeting_viewer", frozenset(sites[:2]), small_cell_min=5),
        AccessScope("supervisor", frozenset()),
    ]
    calls = [Filters(start, end, scope=scope) for start, end in periods for scope in scopes]
    calls.append(Filters(*periods[0], scope=scopes[0], mentor_ids=(mentor,)))
    calls.append(Filters(*periods[1], scope=scopes[2], mentor_ids=(mentor,)))
    return calls


def _fresh(name: str, engine: Engine, filters: Filters) -> pd.DataFrame:
    statements.forget_built_statements()
    return FILTER_QUERIES[name](engine, filters)


@pytest.mark.parametrize("name", CACHED)
def test_kept_statements_answer_each_call_as_a_fresh_build_does(demo_db, name):
    calls = _calls(demo_db)
    expected = [_fresh(name, demo_db, f) for f in calls]
    statements.forget_built_statements()
    # Every call after the first of its shape runs a statement another call built.
    for _ in range(2):
        for filters, want in zip(calls, expected, strict=True):
            assert_frame_equal(FILTER_QUERIES[name](demo_db, filters), want)
    assert 0 < len(statements._built) < 2 * len(calls)  # shapes were shared


def test_two_supervisors_see_only_their_own_site_through_one_statement(demo_db):
    sites, _ = _sites_and_a_mentor(demo_db)
    today = clock.today()
    first, last = (
        Filters(today - dt.timedelta(days=365), today, scope=AccessScope("supervisor", {site}))
        for site in (sites[0], sites[-1])
    )
    workload = FILTER_QUERIES["workload_by_mentor"]
    mine, theirs = workload(demo_db, first), workload(demo_db, last)
    with demo_db.connect() as conn:
        names = {
            site: set(conn.scalars(select(s.Site.name).where(s.Site.id == site)))
            for site in (sites[0], sites[-1])
        }
    assert set(mine["site"]) == names[sites[0]]
    assert set(theirs["site"]) == names[sites[-1]]
    kept = [key for key in statements._built if key[0] == "workload_by_mentor"]
    assert len(kept) == 1  # the same statement answered both


@pytest.mark.parametrize("name", CACHED)
def test_a_kept_statement_holds_no_value_of_the_call_that_built_it(demo_db, name):
    for filters in _calls(demo_db):
        FILTER_QUERIES[name](demo_db, filters)
    named = 0
    for statement in statements._built.values():
        compiled = statement.compile(demo_db)
        held = {key: compiled.params[key] for key in CALL_VALUES if key in compiled.params}
        assert all(value is None for value in held.values()), held
        named += len(held)  # (a no-site scope's statement is just "false": it names none)
    assert named > 0


def test_bound_filters_name_the_shape_and_carry_the_values():
    scope = AccessScope("supervisor", frozenset({3, 1}))
    start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
    bound, values = bound_filters(Filters(start, end, scope=scope, mentor_ids=(9, 4)))
    assert bound == BoundFilters("some", mentors_chosen=True)
    assert values == {
        "period_start": start,
        "period_end": end,
        "scope_site_ids": [1, 3],
        "chosen_mentor_ids": [4, 9],
    }
    admin = AccessScope("admin", all_sites=True)
    assert bound_filters(Filters(start, end, scope=admin))[0] == BoundFilters("all", False)
    nowhere = AccessScope("supervisor", frozenset())
    assert bound_filters(Filters(start, end, scope=nowhere))[0] == BoundFilters("none", False)


def test_no_site_scope_is_false_and_every_site_is_true():
    column = s.Contact.site_id
    assert str(BoundFilters("none", False).site_clause(column)) == "false"
    assert str(BoundFilters("all", False).site_clause(column)) == "true"
    assert "scope_site_ids" in str(BoundFilters("some", False).site_clause(column))
    assert str(BoundFilters("all", False).mentor_clause(s.Contact.mentor_id)) == "true"


def test_built_once_builds_a_shape_once_and_keeps_a_bounded_number(monkeypatch):
    monkeypatch.setattr(statements, "MAX_STATEMENTS", 3)
    builds: list[int] = []

    def build(n: int):  # type: ignore[no-untyped-def]
        builds.append(n)
        return select(s.Site.id).where(s.Site.id == n)

    first = built_once(("q", 1), lambda: build(1))
    assert built_once(("q", 1), lambda: build(1)) is first
    assert builds == [1]
    for n in range(2, 6):
        built_once(("q", n), lambda n=n: build(n))
    assert len(statements._built) == 3
    assert ("q", 1) not in statements._built  # the least recently used went first
