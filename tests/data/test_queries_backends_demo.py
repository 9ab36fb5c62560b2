"""SQLite and PostgreSQL give identical frames for every query on the small demo data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data import queries as q
from data.filters import AccessScope, Filters
from tests.data import queries_fixture as fx
from tests.data.test_queries_backends import SCOPES, TEST_DATABASE_URL, both_backends

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs TEST_DATABASE_URL")


def test_backends_agree_on_the_small_demo_data(tmp_path: Path) -> None:
    from data.demo import generate

    today = fx.D(2026, 6, 30)
    lite, pg = both_backends(tmp_path)
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
