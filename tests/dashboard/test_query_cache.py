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


def test_redis_entries_are_signed_and_forged_ones_ignored(engine: Engine) -> None:
    import pytest

    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    query, calls = _counting_query()
    cache = QueryCache(seconds=60, redis_url=url, signing_key="test-signing-key")
    filters = Filters(DAY, DAY, AccessScope(role="supervisor", site_ids=frozenset({9})))
    cache._redis.flushdb()
    cache.run(engine, query, filters)
    cache.run(engine, query, filters)
    assert len(calls) == 1  # the second answer came from Redis

    key = cache.key(query, filters, versioning.current_version(engine), {})
    cache._redis.set(key, b"x" * 32 + b"forged pickle bytes")
    cache.run(engine, query, filters)
    assert len(calls) == 2  # the forged entry was ignored, the query ran again
    cache._redis.flushdb()


def test_a_redis_cache_without_a_signing_key_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError, match="secret key"):
        QueryCache(seconds=60, redis_url="redis://127.0.0.1:6379/15")
