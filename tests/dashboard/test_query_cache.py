"""The query cache never serves one scope's answer to another, nor a stale answer after a write."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine

from dashboard.query_cache import QueryCache
from data import versioning
from data.filters import AccessScope, Filters

DAY = dt.date(2026, 1, 1)


def _counting_query():  # type: ignore[no-untyped-def]
    calls: list[tuple[object, ...]] = []

    def answer(engine: Engine, filters: Filters) -> pd.DataFrame:
        calls.append(filters.cache_key)
        return pd.DataFrame({"sites": [sorted(filters.effective_site_ids or [])]})

    return answer, calls


def test_same_question_same_scope_is_answered_once(engine: Engine) -> None:
    query, calls = _counting_query()
    cache = QueryCache(seconds=60)
    filters = Filters(DAY, DAY, AccessScope(role="supervisor", site_ids=frozenset({1})))
    first = cache.run(engine, query, filters)
    second = cache.run(engine, query, filters)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first, second)


def test_another_scope_is_never_served_from_the_cache(engine: Engine) -> None:
    query, calls = _counting_query()
    cache = QueryCache(seconds=60)
    site_a = Filters(DAY, DAY, AccessScope(role="supervisor", site_ids=frozenset({1})))
    site_b = Filters(DAY, DAY, AccessScope(role="supervisor", site_ids=frozenset({2})))
    assert cache.run(engine, query, site_a)["sites"][0] == [1]
    assert cache.run(engine, query, site_b)["sites"][0] == [2]
    assert len(calls) == 2


def test_a_write_bumps_the_version_and_refreshes_the_answer(engine: Engine) -> None:
    query, calls = _counting_query()
    cache = QueryCache(seconds=60)
    filters = Filters(DAY, DAY, AccessScope(role="admin", all_sites=True))
    cache.run(engine, query, filters)
    with engine.begin() as conn:
        versioning.bump(conn)
    cache.run(engine, query, filters)
    assert len(calls) == 2
    assert versioning.current_version(engine) == 1


def test_zero_seconds_turns_the_cache_off(engine: Engine) -> None:
    query, calls = _counting_query()
    cache = QueryCache(seconds=0)
    filters = Filters(DAY, DAY, AccessScope(role="admin", all_sites=True))
    cache.run(engine, query, filters)
    cache.run(engine, query, filters)
    assert len(calls) == 2
