"""Server-side sessions: a copied cookie is refused after sign-out, the absolute lifetime, a
password reset, disabling and an admin ending the session, on a page and on a callback."""

from __future__ import annotations

import argparse
import contextlib
import io
import os

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from dashboard import auth
from dashboard.cli import add_task
from dashboard.cli import users as users_cli
from dashboard.settings import Settings
from data.db import session_scope
from data.schema import AuditEvent, UserSession
from data.services.sessions import DatabaseSessionStore, RedisSessionStore, hash_session_id
from data.services.users import disable_user, end_sessions, reset_password, user_sessions
from tests.fixtures_app import ClientFor
from tests.support import callback_body, same_origin_headers

COOKIE = "pmd_session"
CASELOADS = "..caseloads-alert.children...caseloads-waiting-note.children.."


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    return cookie.value


def _replay(app: Dash, value: str) -> FlaskClient:
    """A fresh browser that carries a copy of someone's session cookie."""
    thief = app.server.test_client()
    thief.set_cookie(COOKIE, value)
    return thief


def _callback_key(app: Dash) -> str:
    app.server.test_client().get("/login")
    return next(s["output"] for s in app._callback_list if s["output"].startswith("..caseloads"))


def _assert_refused(app: Dash, client: FlaskClient, reason: str | None = None) -> None:
    page = client.get("/caseloads")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login")
    if reason:
        assert f"reason={reason}" in page.headers["Location"]
    answer = client.post(
        "/_dash-update-component",
        json=callback_body(app, _callback_key(app)),
        headers=same_origin_headers(),
    )
    assert answer.status_code == 401
    assert answer.get_json()["login"] == "/login"


def _assert_open(app: Dash, client: FlaskClient) -> None:
    assert client.get("/caseloads").status_code == 200
    answer = client.post(
        "/_dash-update-component",
        json=callback_body(app, _callback_key(app)),
        headers=same_origin_headers(),
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]


def test_a_cookie_copied_before_sign_out_is_refused(small_app: Dash, small_client_for) -> None:  # type: ignore[no-untyped-def]
    client = small_client_for("supervisor")
    saved = _cookie(client)
    _assert_open(small_app, _replay(small_app, saved))
    assert client.post("/logout", headers=same_origin_headers()).status_code == 302
    _assert_refused(small_app, _replay(small_app, saved), "ended")


def test_the_store_keeps_only_a_hash_of_the_session_id(
    small_client_for: ClientFor, small_engine: Engine
) -> None:
    client = small_client_for("supervisor")
    with client.session_transaction() as flask_session:
        raw_id = flask_session[auth.SESSION_ID_KEY]
    with session_scope(small_engine) as db:
        stored = list(db.scalars(select(UserSession.id_hash)))
    assert stored == [hash_session_id(raw_id)]
    assert raw_id not in stored


def test_requests_do_not_rewrite_the_cookie(small_client_for: ClientFor) -> None:
    client = small_client_for("supervisor")
    for _ in range(3):
        response = client.get("/_dash-layout")
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers


def test_the_absolute_lifetime_ends_an_active_session(
    small_app: Dash,
    small_client_for: ClientFor,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    start = auth.clock.now()
    monkeypatch.setattr(auth.clock, "now", lambda: start)
    client = small_client_for("viewer")
    saved = _cookie(client)
    lifetime = settings.session_lifetime_hours * 3600
    step = settings.idle_timeout_minutes * 60 / 2
    at = start
    while at + step < start + lifetime:  # busy all day: never idle
        at += step
        monkeypatch.setattr(auth.clock, "now", lambda at=at: at)
        assert client.get("/_dash-layout").status_code == 200
    monkeypatch.setattr(auth.clock, "now", lambda: start + lifetime + 1)
    response = client.get("/")
    assert "reason=expired" in response.headers["Location"]
    monkeypatch.setattr(auth.clock, "now", lambda: start + 60)  # even back in time: it is gone
    _assert_refused(small_app, _replay(small_app, saved))


def test_a_password_reset_ends_the_session_everywhere(
    small_app: Dash, small_client_for: ClientFor, small_engine: Engine
) -> None:
    client = small_client_for("supervisor")
    saved = _cookie(client)
    reset_password(small_engine, "supervisor", actor="admin")
    with session_scope(small_engine) as db:
        assert list(db.scalars(select(UserSession))) == []
    _assert_refused(small_app, _replay(small_app, saved))


def test_disabling_a_user_deletes_their_sessions(
    small_app: Dash, small_client_for: ClientFor, small_engine: Engine
) -> None:
    client = small_client_for("viewer")
    saved = _cookie(client)
    disable_user(small_engine, "viewer", actor="admin")
    with session_scope(small_engine) as db:
        assert list(db.scalars(select(UserSession))) == []
    _assert_refused(small_app, _replay(small_app, saved))


def test_an_admin_lists_and_ends_a_users_sessions(
    small_app: Dash, small_client_for: ClientFor, small_engine: Engine
) -> None:
    laptop = small_client_for("supervisor")
    phone = small_client_for("supervisor")
    store = small_app.server.extensions[auth.EXTENSION_KEY].store
    listed = user_sessions(small_engine, store, "supervisor", auth.clock.now())
    assert len(listed) == 2
    assert listed[0].ip_address == "127.0.0.1"
    # End one of them by the short id the list shows: the other stays open.
    ended = end_sessions(small_engine, store, "supervisor", "admin", [listed[0].short_id])
    assert ended == 1
    still_open = [laptop.get("/_dash-layout").status_code, phone.get("/_dash-layout").status_code]
    assert sorted(still_open) == [200, 401]
    assert end_sessions(small_engine, store, "supervisor", "admin") == 1
    assert laptop.get("/_dash-layout").status_code == 401
    assert phone.get("/_dash-layout").status_code == 401
    with session_scope(small_engine) as db:
        events = list(db.scalars(select(AuditEvent.event).where(AuditEvent.target == "supervisor")))
    assert events.count("session_ended") == 2


def _cli(argv: list[str], settings: Settings) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    add_task(parser.add_subparsers(dest="command"), "users")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = users_cli.run(parser.parse_args(argv), settings)
    return code, out.getvalue()


def test_the_cli_lists_and_ends_sessions(
    small_client_for: ClientFor, small_engine: Engine, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    client = small_client_for("supervisor")
    settings = Settings(
        database_url=small_engine.url.render_as_string(hide_password=False),
        instance_path=tmp_path,
    )
    code, out = _cli(["users", "sessions", "supervisor"], settings)
    assert code == 0 and "127.0.0.1" in out
    short_id = out.splitlines()[1].split()[0]
    code, out = _cli(["users", "end-sessions", "supervisor", "--session", short_id], settings)
    assert code == 0 and "ended 1 session" in out
    assert client.get("/_dash-layout").status_code == 401
    code, out = _cli(["users", "sessions", "supervisor"], settings)
    assert "(no open sessions)" in out
    code, _ = _cli(["users", "sessions", "nobody"], settings)
    assert code == 1


# --- the stores themselves, database and Redis ------------------------------------------

REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/12")


def _redis_store():  # type: ignore[no-untyped-def]
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_TEST_URL}")
    prefix = f"pmd-test:{os.getpid()}:{id(client)}:"
    store = RedisSessionStore(client, idle_seconds=600, lifetime_seconds=3600, prefix=prefix)
    return store, client, prefix


@pytest.fixture(params=["database", "redis"])
def store(request: pytest.FixtureRequest, any_engine: Engine):  # type: ignore[no-untyped-def]
    """Each store: the database one on every configured backend, Redis once."""
    if request.param == "database":
        yield DatabaseSessionStore(any_engine, idle_seconds=600, lifetime_seconds=3600)
        return
    if any_engine.dialect.name != "sqlite":
        pytest.skip("the Redis store does not depend on the database backend")
    redis_store, client, prefix = _redis_store()
    yield redis_store
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)


def _user_ids(engine: Engine) -> tuple[int, int]:
    from data.schema import User

    with session_scope(engine) as db:
        ids = list(db.scalars(select(User.id).order_by(User.id)))
    return ids[0], ids[1]


def test_a_store_opens_checks_and_ends_sessions(store, any_engine: Engine) -> None:  # type: ignore[no-untyped-def]
    ensure_users(any_engine)
    first, second = _user_ids(any_engine)
    at = 1_900_000_000.0
    raw = store.create(first, 0, at, "10.0.0.1", "Chromium\x00 test")
    other = store.create(first, 0, at + 1, "10.0.0.2", "Firefox")
    theirs = store.create(second, 0, at, "10.0.0.3", "Safari")
    record = store.get(raw)
    assert record is not None and record.user_id == first
    assert record.user_agent == "Chromium test" and record.id_hash == hash_session_id(raw)
    assert record.ended_why(at + 599, store.idle_seconds) is None
    assert record.ended_why(at + 601, store.idle_seconds) == "idle"
    assert record.ended_why(at + 3600, store.idle_seconds) == "expired"
    store.touch(record, at + 500)
    touched = store.get(raw)
    assert touched is not None and touched.last_seen_at == at + 500
    assert touched.expires_at == record.expires_at  # use never extends the absolute lifetime
    assert [r.ip_address for r in store.list_for_user(first, at + 2)] == ["10.0.0.1", "10.0.0.2"]
    store.delete(raw)
    assert store.get(raw) is None
    spare = store.create(first, 0, at + 2, "10.0.0.4", "Edge")
    assert store.delete_hashes(first, [hash_session_id(spare)[:12], "not-hex"]) == 1
    assert store.get(spare) is None
    assert store.delete_for_user(first) == 1
    assert store.get(other) is None
    assert store.get(theirs) is not None  # another user's session is untouched
    assert store.get("not-a-session") is None


def ensure_users(engine: Engine) -> None:
    """The small database has its demo users from the app fixture; make sure of two."""
    from data.services.users import add_user, list_users

    if len(list_users(engine)) < 2:
        add_user(engine, "first-user", "admin", password="first-user-password-1")
        add_user(engine, "second-user", "admin", password="second-user-password-1")
