"""The access scope holds for every query: an admin choosing a site sees what its supervisor
sees, a scope without sites sees nothing, identities hide. (That a site-A scope never sees
site B: tests/data/test_queries_scope_leaks.py.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import Engine, event

from data import queries as q
from data.filters import AccessScope, Filters
from tests.conftest import BACKENDS, _fresh_engine
from tests.data import queries_fixture as fx

IDENTITY_QUERIES = ["waiting_list", "mentees_without_recent_contact"]
# Lists of exceptions that the hand-made program does not hold (no mentor left with an open
# match, no crisis rise); their scope is tested with added rows in
# tests/data/test_queries_workload_caseloads_mentors.py.
EMPTY_ON_THE_FIXTURE = {"crisis_rise_by_mentor", "mentees_needing_new_mentor"}


# The hand-made program, built once per backend for the module: its tests only read it.
# (The test that deletes a site's rows is tests/data/test_queries_scope_leaks.py.)
@pytest.fixture(scope="module", params=BACKENDS)
def program(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    engine = _fresh_engine(request.param, tmp_path_factory.mktemp("scope"))
    fx.load(engine)
    yield engine
    engine.dispose()


def _periods() -> list[Filters]:
    scope = AccessScope("supervisor", frozenset({fx.RIVERSIDE}), see_identities=True)
    whole = Filters(fx.D(2024, 1, 1), fx.END, scope)
    return [fx.riverside(see_identities=True), whole]


@pytest.mark.parametrize("name", sorted(q.FILTER_QUERIES))
def test_admin_choosing_a_site_matches_that_sites_supervisor(program: Engine, name: str) -> None:
    fn = q.FILTER_QUERIES[name]
    chosen = fx.admin(site_ids=(fx.RIVERSIDE,))
    pd.testing.assert_frame_equal(fn(program, chosen), fn(program, fx.riverside(True)))


@pytest.mark.parametrize("name", sorted(q.FILTER_QUERIES))
def test_scope_without_sites_sees_nothing(program: Engine, name: str) -> None:
    nobody = Filters(fx.START, fx.END, AccessScope("supervisor", see_identities=True))
    df = q.FILTER_QUERIES[name](program, nobody)
    numeric = df.select_dtypes("number")
    assert df.empty or (numeric.fillna(0) == 0).all().all()


@pytest.mark.parametrize("name", IDENTITY_QUERIES)
def test_identities_are_not_even_selected_without_permission(program: Engine, name: str) -> None:
    statements: list[str] = []

    def capture(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(program, "before_cursor_execute", capture)
    try:
        df = q.FILTER_QUERIES[name](program, fx.riverside(see_identities=False))
    finally:
        event.remove(program, "before_cursor_execute", capture)
    assert not df.empty
    assert df.mentee_code.isna().all() and df.mentee_name.isna().all()
    sql = " ".join(statements).lower()
    assert "mentees.display_name" not in sql and "mentees.code" not in sql


@pytest.mark.parametrize("name", IDENTITY_QUERIES)
def test_identities_shown_with_permission(program: Engine, name: str) -> None:
    df = q.FILTER_QUERIES[name](program, fx.riverside(see_identities=True))
    assert df.mentee_code.str.startswith("RS-").all()
    assert df.mentee_name.notna().all()


def test_sites_for_scope_offers_only_allowed_sites(program: Engine) -> None:
    hilltop = AccessScope("supervisor", frozenset({fx.HILLTOP}))
    assert q.sites_for_scope(program, hilltop).site_id.tolist() == [fx.HILLTOP]


def test_sites_for_scope_refuses_a_missing_scope(program: Engine) -> None:
    from data.filters import ScopeMissing

    with pytest.raises(ScopeMissing):
        q.sites_for_scope(program, None)  # type: ignore[arg-type]
