"""A cache for query-layer results, keyed by query, filters, access scope and data version.

The data version is bumped by every write (``data.versioning.bump``), so an edited note or an
import is visible at once; the access scope is part of every key, so one user's result is never
served to another. Local: an in-process LRU with a time limit. With REDIS_URL: Redis, shared by
every gunicorn worker; entries there are pickles signed with HMAC-SHA256 under the app's secret
key, and an entry whose signature does not match is ignored, so whoever can write to Redis
cannot make a worker unpickle their bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import pickle  # nosec B403
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

    def __init__(
        self,
        seconds: int = 300,
        max_entries: int = 512,
        redis_url: str | None = None,
        signing_key: str = "",
    ):
        self.seconds = seconds
        self._signing_key = signing_key.encode()
        self.max_entries = max_entries
        self._local: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._redis = None
        if redis_url and seconds > 0:
            if not signing_key:
                raise ValueError("a Redis query cache needs the app's secret key to sign entries")
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
            return self._unsign(self._redis.get(key))
        with self._lock:
            entry = self._local.get(key)
            if entry is None or entry[0] < time.monotonic():
                return False, None
            self._local.move_to_end(key)
            return True, entry[1]

    def _put(self, key: str, value: Any) -> None:
        if self._redis is not None:
            payload = pickle.dumps(value)
            self._redis.set(key, self._signature(payload) + payload, ex=self.seconds)
            return
        with self._lock:
            self._local[key] = (time.monotonic() + self.seconds, value)
            self._local.move_to_end(key)
            while len(self._local) > self.max_entries:
                self._local.popitem(last=False)

    def _signature(self, payload: bytes) -> bytes:
        return hmac.new(self._signing_key, payload, hashlib.sha256).digest()

    def _unsign(self, raw: bytes | None) -> tuple[bool, Any]:
        if raw is None or len(raw) < 32:
            return False, None
        signature, payload = raw[:32], raw[32:]
        if not hmac.compare_digest(signature, self._signature(payload)):
            return False, None
        # The signature was checked above: only bytes this app wrote are unpickled.
        return True, pickle.loads(payload)  # noqa: S301  # nosec B301
