"""Dash background callbacks (long imports with a progress bar): which manager runs them.

Embedded default: Dash's ``DiskcacheManager`` runs each job in a child process of the web
server and keeps its progress in a diskcache folder under the instance path. With
``REDIS_URL``: Dash's ``CeleryManager`` on a Celery app whose broker and result backend are that
Redis; jobs then run on Celery workers started with

    celery -A dashboard.worker worker --loglevel=INFO --concurrency=1

(same code, same settings and instance folder as the web server: the worker builds the app to
learn its background callbacks).
"""

from __future__ import annotations

from typing import Any

from dashboard.settings import Settings

_CELERY_APPS: dict[str, Any] = {}
JOB_EXPIRY_SECONDS = 3600


def celery_app_for(settings: Settings) -> Any:
    """The one Celery app of this process for ``settings.redis_url`` (made on first use)."""
    from celery import Celery  # the optional [redis] extra: only with REDIS_URL set

    url = settings.redis_url
    if not url:
        raise ValueError("Celery needs REDIS_URL")
    if url not in _CELERY_APPS:
        app = Celery("dashboard", broker=url, backend=url)
        app.conf.update(
            result_expires=JOB_EXPIRY_SECONDS,
            task_track_started=True,
            worker_hijack_root_logger=False,
            broker_connection_retry_on_startup=True,
        )
        _CELERY_APPS[url] = app
    return _CELERY_APPS[url]


def background_manager(settings: Settings) -> Any:
    """The manager for background callbacks: Celery on Redis when configured, else diskcache."""
    # Dash's managers load Celery or diskcache, whichever is configured, when first touched.
    from dash import CeleryManager, DiskcacheManager

    if settings.redis_url:
        return CeleryManager(celery_app_for(settings), expire=JOB_EXPIRY_SECONDS)
    import diskcache  # only without Redis: the embedded default's job store

    folder = settings.instance_path / "background-jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return DiskcacheManager(diskcache.Cache(str(folder)), expire=JOB_EXPIRY_SECONDS)
