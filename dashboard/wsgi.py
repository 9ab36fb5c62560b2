"""The production entry point: ``bin/serve`` runs gunicorn with ``gunicorn.conf.py``.

The gunicorn master calls ``check_before_serving`` once, before any worker starts: it checks
the database (and Redis when ``REDIS_URL`` is set), prepares the embedded demo database when
``DATABASE_URL`` is unset, and makes sure the instance secret key exists so that every worker
signs cookies with the same key. Anything wrong raises ``ServeRefused`` with one line, and the
master exits 2 without starting a worker (no restart loop).

Workers import ``server`` (``dashboard.wsgi:server``) and build the app without touching the
database: the master has checked it, and a database that goes away later is a per-request
error the app already reports, not a reason for workers to die and be restarted forever.
"""

from __future__ import annotations

import functools
from typing import Any

from dashboard.settings import Settings, load_settings
from data.db import DatabaseUnavailable


class ServeRefused(RuntimeError):
    """The dashboard must not start: the message is one line a person can act on."""


def _check_redis(url: str) -> None:
    try:
        import redis  # the optional [redis] extra: only with REDIS_URL set
    except ImportError:
        raise ServeRefused(
            "REDIS_URL is set but the redis package is missing: install the [redis] extra"
        ) from None
    from redis.exceptions import RedisError

    client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
    try:
        client.ping()
    except RedisError as exc:
        where = url.split("@")[-1]
        raise ServeRefused(f"cannot reach Redis at {where}: {exc}") from None
    finally:
        client.close()


def check_before_serving(settings: Settings | None = None) -> list[tuple[str, str, str | None]]:
    """Check everything the workers need, once; return demo accounts created on first run.

    Raises ServeRefused (one line) when the database or Redis cannot be reached, or the schema
    is older than the code.
    """
    # Imported when called: the gunicorn master imports this module and loads only what
    # its checks need, never the app.
    from dashboard.auth import instance_secret_key
    from dashboard.bootstrap import prepare_database

    settings = settings or load_settings()
    try:
        prepared = prepare_database(settings)
    except DatabaseUnavailable as exc:
        raise ServeRefused(str(exc)) from None
    prepared.engine.dispose()
    if settings.redis_url:
        _check_redis(settings.redis_url)
    if not settings.secret_key:
        instance_secret_key(settings.instance_path)
    return prepared.new_accounts


@functools.cache
def _server() -> Any:
    # Imported in the worker only: the master never builds the app.
    from dashboard import create_app
    from dashboard.heap import freeze_startup_objects

    server = create_app(settings=load_settings()).server
    freeze_startup_objects()
    return server


def __getattr__(name: str) -> Any:
    # Built on first access, in each gunicorn worker (not at import, not in the master).
    if name == "server":
        return _server()
    raise AttributeError(name)
