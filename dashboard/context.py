"""The services one app instance shares with its callbacks: settings, engine, query cache.

Callback modules receive an ``AppContext`` in ``register(app, ctx)``; they never import a
global app. ``ctx.scope(page)`` answers who is asking (from the server-side session, never
from browser input) and refuses a page the user's role may not open; ``ctx.query`` runs a
query-layer function through the cache, keyed by the filters, the scope and the data version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine

from dashboard.auth.principal import scope_for_page
from dashboard.query_cache import QueryCache
from dashboard.settings import Settings
from data.filters import AccessScope, Filters

T = TypeVar("T")


@dataclass
class AppContext:
    """Per-app services handed to every callback module's ``register``."""

    settings: Settings
    engine: Engine
    cache: QueryCache = field(default_factory=QueryCache)

    def scope(self, page: str) -> AccessScope:
        """The signed-in user's access scope, after checking their role may use ``page``.

        Raises ``dashboard.auth.PageForbidden`` otherwise. Reads the server-side session only.
        """
        return scope_for_page(page)

    def query(self, fn: Callable[..., T], filters: Filters, **kwargs: Any) -> T:
        """Run query-layer function ``fn(engine, filters, **kwargs)`` through the cache."""
        return self.cache.run(self.engine, fn, filters, **kwargs)
