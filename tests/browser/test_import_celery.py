"""With REDIS_URL the import runs on a Celery worker: the test starts one against the local
Redis (database 2, this test's own) and drives the import page in the browser."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from dashboard import create_app
from dashboard.background import celery_app_for
from data.services.users import ensure_demo_users
from tests.browser.test_import_page import import_through_the_page

pytestmark = pytest.mark.browser
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


def _redis_or_skip() -> None:
    redis = pytest.importorskip("redis")
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    client.flushdb()  # this test's own database: no stale jobs from an earlier run


@pytest.fixture
def celery_settings(settings, small_engine):  # type: ignore[no-untyped-def]
    _redis_or_skip()
    return settings.model_copy(update={"redis_url": REDIS_URL})


@pytest.fixture
def celery_worker(celery_settings, small_engine) -> Iterator[subprocess.Popen]:  # type: ignore[no-untyped-def]
    """The documented worker command, with the app's environment, until the test ends."""
    env = {
        **os.environ,
        "DATABASE_URL": small_engine.url.render_as_string(hide_password=False),
        "REDIS_URL": REDIS_URL,
        "DASHBOARD_INSTANCE_PATH": str(celery_settings.instance_path),
        "SECRET_KEY": celery_settings.secret_key,
        "ADMIN_PASSWORD": celery_settings.admin_password,
        "DEMO_USER_PASSWORD": celery_settings.demo_user_password,
        "CACHE_SECONDS": "0",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "dashboard.worker",
            "worker",
            "--loglevel=WARNING",
            "--concurrency=1",
            "--pool=solo",
            "--without-mingle",
            "--without-gossip",
        ],
        env=env,
    )
    celery = celery_app_for(celery_settings)
    deadline = time.monotonic() + 120
    while not celery.control.ping(timeout=1.0):
        assert worker.poll() is None, "the Celery worker exited"
        assert time.monotonic() < deadline, "the Celery worker did not start"
    yield worker
    worker.terminate()
    worker.wait(timeout=30)


def test_import_runs_on_a_celery_worker(
    dash_duo, celery_settings, celery_worker, small_engine, tmp_path
):  # type: ignore[no-untyped-def]
    ensure_demo_users(small_engine, celery_settings)
    app = create_app(settings=celery_settings, engine=small_engine)
    import_through_the_page(dash_duo, app, small_engine, tmp_path)
    assert celery_worker.poll() is None
