"""Peer Mentoring Dashboard: ``create_app()`` is the only place that makes the Dash object."""

from __future__ import annotations

import dash
from dash import Dash
from flask import Flask
from sqlalchemy import Engine

from dashboard.settings import PROJECT_ROOT, Settings, load_settings

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> Dash:
    """Build the whole app: pages, callbacks, sign-in, security headers, error handling.

    ``settings`` defaults to the environment; ``engine`` defaults to one made from it (tests
    pass their own). The database must already exist and be migrated (see dashboard.bootstrap).
    """
    # Imported here so that `import dashboard` stays cheap for the CLI.
    from werkzeug.middleware.proxy_fix import ProxyFix

    from dashboard import auth, errors, request_validation, security
    from dashboard.context import AppContext
    from dashboard.page_registry import register_pages
    from dashboard.query_cache import QueryCache
    from data.db import make_engine

    settings = settings or load_settings()
    engine = engine or make_engine(settings.effective_database_url)
    ctx = AppContext(
        settings=settings,
        engine=engine,
        cache=QueryCache(
            settings.cache_seconds,
            redis_url=settings.redis_url,
            signing_key=settings.secret_key or auth.instance_secret_key(settings.instance_path),
        ),
    )

    server = Flask("dashboard", instance_path=str(settings.instance_path.resolve()))
    if settings.trusted_proxies:
        # The client's address and scheme from the proxies' X-Forwarded-* headers, trusting
        # exactly as many hops as there are proxies (a client cannot add a hop of its own).
        hops = settings.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    # page_registry is global in Dash: a second app (tests build one per test) starts clean.
    dash.page_registry.clear()
    app = Dash(
        "dashboard",
        server=server,
        use_pages=True,
        pages_folder="",
        assets_folder=str(PROJECT_ROOT / "assets"),
        title="Peer Mentoring Dashboard",
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
    )
    # Screen readers pick their voice from <html lang>: Dash's default page has none.
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    register_pages(app, ctx, auth.guard_layout)
    auth.init_app(app, ctx)
    errors.init_app(app, ctx)
    request_validation.init_app(app)
    security.init_app(app, ctx)  # last: CSP hashes need every callback registered
    server.extensions["peer_mentoring"] = ctx
    return app
