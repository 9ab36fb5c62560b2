"""SQLite and PostgreSQL give identical frames for every query on the same data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, text

from data import queries as q
from data.db import make_engine
from data.filters import AccessScope, Filters
from data.migrate import upgrade
from data.schema import Base
from tests.data import queries_fixture as fx
from tests.data.test_queries_summaries import PERIODS, _load_random_program

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs TEST_DATABASE_URL")

SCOPES = [
    AccessScope("admin", all_sites=True, see_identities=True),
    AccessScope("supervisor", frozenset({fx.RIVERSIDE}), see_identities=False),
]


def _both(tmp_path: Path) -> tuple[Engine, Engine]:
    lite = make_engine(f"sqlite:///{tmp_path / 'same.sqlite3'}")
    assert TEST_DATABASE_URL
    pg = make_engine(TEST_DATABASE_URL)
    with pg.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    for engine in (lite, pg):
        upgrade(engine)
    return lite, pg


@pytest.fixture(params=["hand-made", "random"])
def same_data(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Engine, Engine]]:
    lite, pg = _both(tmp_path)
    for engine in (lite, pg):
        if request.param == "hand-made":
            fx.load(engine)
        else:
            _load_random_program(engine)
    yield lite, pg
    lite.dispose()
    pg.dispose()


@pytest.mark.parametrize("name", sorted(q.FILTER_QUERIES))
def test_sqlite_and_postgresql_agree(same_data: tuple[Engine, Engine], name: str) -> None:
    lite, pg = same_data
    fn = q.FILTER_QUERIES[name]
    for scope in SCOPES:
        for start, end in [(fx.START, fx.END), *PERIODS]:
            filters = Filters(start, end, scope)
            pd.testing.assert_frame_equal(fn(lite, filters), fn(pg, filters), check_exact=False)


def test_sites_for_scope_agrees(same_data: tuple[Engine, Engine]) -> None:
    lite, pg = same_data
    for scope in SCOPES:
        pd.testing.assert_frame_equal(q.sites_for_scope(lite, scope), q.sites_for_scope(pg, scope))


def test_backends_agree_on_the_small_demo_data(tmp_path: Path) -> None:
    from data.demo import generate

    today = fx.D(2026, 6, 30)
    lite, pg = _both(tmp_path)
    try:
        for engine in (lite, pg):
            generate(engine, scale="small", seed=5, progress=False, today=today)
        first_site = int(q.sites_for_scope(lite, SCOPES[0]).site_id.min())
        scopes = [SCOPES[0], AccessScope("supervisor", frozenset({first_site}))]
        for scope in scopes:
            for start in (fx.D(2025, 7, 1), fx.D(2024, 1, 1), fx.D(2026, 2, 14)):
                filters = Filters(start, today - pd.Timedelta(days=3).to_pytimedelta(), scope)
                for name, fn in q.FILTER_QUERIES.items():
                    got_lite, got_pg = fn(lite, filters), fn(pg, filters)
                    pd.testing.assert_frame_equal(got_lite, got_pg, check_exact=False, obj=name)
    finally:
        lite.dispose()
        pg.dispose()
