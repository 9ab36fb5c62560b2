"""A cache for query-layer results, keyed by query, filters, access scope and data version.

The data version is bumped by every write (``data.versioning.bump``), so an edited note or an
import is visible at once; the access scope is part of every key, so one user's result is never
served to another. Local: an in-process LRU with a time limit. With REDIS_URL: Redis, shared by
every gunicorn worker.
"""

from __future__ import annotations

import pickle  # noqa: S403 - only our own DataFrames, written by this process or its siblings
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine

from data.filters import Filters
from data.versioning import current_version

T = TypeVar("T")


class QueryCache:
    """Memoises query results; ``seconds=0`` turns caching off."""

    def __init__(self, seconds: int = 300, max_entries: int = 512, redis_url: str | None = None):
        self.seconds = seconds
        self.max_entries = max_entries
        self._local: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._redis = None
        if redis_url and seconds > 0:
            import redis  # optional extra [redis]

            self._redis = redis.Redis.from_url(redis_url)

    def key(self, fn: Callable[..., Any], filters: Filters, version: int, kwargs: dict) -> str:
        """The cache key: function, filters (scope included), arguments and data version."""
        parts = (fn.__module__, fn.__qualname__, filters.cache_key, sorted(kwargs.items()), version)
        return "pmd:q:" + repr(parts)

    def run(self, engine: Engine, fn: Callable[..., T], filters: Filters, **kwargs: Any) -> T:
        """Return ``fn(engine, filters, **kwargs)``, from the cache when fresh."""
        if self.seconds <= 0:
            return fn(engine, filters, **kwargs)
        key = self.key(fn, filters, current_version(engine), kwargs)
        hit, value = self._get(key)
        if hit:
            return value
        value = fn(engine, filters, **kwargs)
        self._put(key, value)
        return value

    def _get(self, key: str) -> tuple[bool, Any]:
        if self._redis is not None:
            raw = self._redis.get(key)
            return (True, pickle.loads(raw)) if raw is not None else (False, None)  # noqa: S301
        with self._lock:
            entry = self._local.get(key)
            if entry is None or entry[0] < time.monotonic():
                return False, None
            self._local.move_to_end(key)
            return True, entry[1]

    def _put(self, key: str, value: Any) -> None:
        if self._redis is not None:
            self._redis.setex(key, self.seconds, pickle.dumps(value))
            return
        with self._lock:
            self._local[key] = (time.monotonic() + self.seconds, value)
            self._local.move_to_end(key)
            while len(self._local) > self.max_entries:
                self._local.popitem(last=False)
