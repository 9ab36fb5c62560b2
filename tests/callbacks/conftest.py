"""Fixtures for calling callback functions directly: an AppContext with a chosen signed-in scope.

The real ``ctx.scope(page)`` reads the Flask session; these tests fix the scope instead, keeping
the role x page check of ``dashboard.pages`` so a refused page is still refused.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, select

from dashboard.auth import PageForbidden
from dashboard.context import AppContext
from dashboard.pages import role_may_open
from dashboard.query_cache import QueryCache
from dashboard.settings import Settings
from data.filters import AccessScope
from data.schema import Site
from tests.conftest import BACKENDS


@dataclass
class ScopedContext(AppContext):
    """An AppContext whose signed-in user is ``signed_in`` (None: nobody signed in)."""

    signed_in: AccessScope | None = None

    def scope(self, page: str) -> AccessScope:
        if self.signed_in is None or not role_may_open(self.signed_in.role, page):
            raise PageForbidden(page)
        return self.signed_in


ADMIN = AccessScope(role="admin", all_sites=True, see_identities=True, username="admin")


def make_ctx(engine: Engine, settings: Settings, scope: AccessScope | None) -> ScopedContext:
    """A context over ``engine`` with caching off and ``scope`` signed in."""
    return ScopedContext(settings=settings, engine=engine, cache=QueryCache(0), signed_in=scope)


def site_ids(engine: Engine) -> list[int]:
    """Every site id in the database, lowest first."""
    with engine.connect() as conn:
        return list(conn.scalars(select(Site.id).order_by(Site.id)))


@pytest.fixture(params=BACKENDS)
def demo_db(request: pytest.FixtureRequest) -> Engine:
    """The small demo data on each configured backend (PostgreSQL with TEST_DATABASE_URL)."""
    name = "demo_engine" if request.param == "sqlite" else "demo_pg_engine"
    return request.getfixturevalue(name)


@pytest.fixture
def admin_ctx(demo_db: Engine, settings: Settings) -> ScopedContext:
    """The demo data seen by an admin (all sites, identities)."""
    return make_ctx(demo_db, settings, ADMIN)


@pytest.fixture
def supervisor_ctx(demo_db: Engine, settings: Settings) -> ScopedContext:
    """The demo data seen by a supervisor of the first site only."""
    first = site_ids(demo_db)[0]
    scope = AccessScope(
        role="supervisor", site_ids=frozenset({first}), see_identities=True, username="sup"
    )
    return make_ctx(demo_db, settings, scope)


@pytest.fixture
def viewer_ctx(demo_db: Engine, settings: Settings) -> ScopedContext:
    """The demo data seen by a meeting viewer of the first site (aggregates only)."""
    first = site_ids(demo_db)[0]
    scope = AccessScope(role="meeting_viewer", site_ids=frozenset({first}), username="viewer")
    return make_ctx(demo_db, settings, scope)


@pytest.fixture
def anonymous_ctx(demo_db: Engine, settings: Settings) -> ScopedContext:
    """Nobody signed in."""
    return make_ctx(demo_db, settings, None)
