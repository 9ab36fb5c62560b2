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


def both_backends(tmp_path: Path) -> tuple[Engine, Engine]:
    """The same empty, migrated schema on SQLite (in ``tmp_path``) and on PostgreSQL."""
    lite = make_engine(f"sqlite:///{tmp_path / 'same.sqlite3'}")
    assert TEST_DATABASE_URL
    pg = make_engine(TEST_DATABASE_URL)
    with pg.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    for engine in (lite, pg):
        upgrade(engine)
    return lite, pg


# Built once per data set for the module (its tests only read): rebuilding both databases for
# each of the ~90 queries took about 1.7 s a test. The module runs whole on one worker
# (tests/conftest.py), so nothing else resets this worker's PostgreSQL database meanwhile;
# the demo-data comparison, which does, is tests/data/test_queries_backends_demo.py.
@pytest.fixture(scope="module", params=["hand-made", "random"])
def same_data(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Engine, Engine]]:
    lite, pg = both_backends(tmp_path_factory.mktemp("same-data"))
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
