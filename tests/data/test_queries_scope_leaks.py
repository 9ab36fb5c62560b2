"""A site-A scope never sees site B, for every query.

Generic: a Riverside scope over the whole program must give exactly what it gives once every
Hilltop row is deleted. Any Hilltop row leaking into any figure breaks it. (Each test deletes
rows, so each has its own database.)
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from data import queries as q
from tests.data import queries_fixture as fx
from tests.data.test_queries_scope import EMPTY_ON_THE_FIXTURE, _periods


@pytest.fixture
def program(any_engine: Engine) -> Engine:
    fx.load(any_engine)
    return any_engine


@pytest.mark.parametrize("name", sorted(q.FILTER_QUERIES))
def test_site_scope_never_returns_another_sites_rows(program: Engine, name: str) -> None:
    fn = q.FILTER_QUERIES[name]
    before = [fn(program, f) for f in _periods()]
    if name not in EMPTY_ON_THE_FIXTURE:
        assert any(not df.empty for df in before), "the fixture should give this query something"
    fx.delete_hilltop(program)
    after = [fn(program, f) for f in _periods()]
    for got, expected in zip(before, after, strict=True):
        pd.testing.assert_frame_equal(got, expected)
