"""Serving entry points freeze what start-up built, out of the garbage collector's walks."""

from __future__ import annotations

import gc
from types import SimpleNamespace

import pytest

import app as app_module
import dashboard
import dashboard.heap
import dashboard.wsgi as wsgi
from dashboard.heap import freeze_startup_objects


def test_freezing_takes_live_objects_out_of_the_collectors_walks() -> None:
    gc.unfreeze()
    try:
        kept = [[i] for i in range(5000)]  # lists: objects the collector walks
        walked_before = len(gc.get_objects())
        frozen = freeze_startup_objects()
        assert frozen >= len(kept)
        # Other threads of the test process (servers of earlier browser tests) may free a
        # few frozen objects meanwhile: the count can only have fallen, and by little.
        assert frozen - 1000 <= gc.get_freeze_count() <= frozen
        assert len(gc.get_objects()) <= walked_before - len(kept)
        fresh = [[0]]  # made after the freeze: walked (and collected) as before
        assert any(obj is fresh for obj in gc.get_objects())
    finally:
        gc.unfreeze()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record what the entry points build and freeze, in order, without building an app."""
    made: list[str] = []

    def create_app(**_kwargs: object) -> SimpleNamespace:
        made.append("app")
        return SimpleNamespace(server="wsgi-app")

    def freeze() -> int:
        made.append("freeze")
        return 1

    monkeypatch.setattr(dashboard, "create_app", create_app)
    monkeypatch.setattr(dashboard.heap, "freeze_startup_objects", freeze)
    monkeypatch.setattr(app_module, "create_app", create_app)
    monkeypatch.setattr(app_module, "freeze_startup_objects", freeze)
    monkeypatch.setattr(
        app_module, "prepare_database", lambda _s: SimpleNamespace(engine=None, new_accounts=[])
    )
    return made


def test_a_gunicorn_worker_freezes_once_it_has_built_its_app(calls: list[str]) -> None:
    assert wsgi._server.__wrapped__() == "wsgi-app"
    assert calls == ["app", "freeze"]


def test_gunicorn_app_server_freezes_once_it_has_built_its_app(calls: list[str]) -> None:
    assert app_module._wsgi_server.__wrapped__() == "wsgi-app"
    assert calls == ["app", "freeze"]
