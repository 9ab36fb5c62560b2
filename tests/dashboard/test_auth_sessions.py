"""Sign-in, lockout, idle timeout, password reset and sign-out."""

from __future__ import annotations

import pytest
from dash import Dash
from sqlalchemy import Engine, select

from dashboard import auth
from dashboard.settings import Settings
from data.db import session_scope
from data.schema import AuditEvent
from data.services.users import disable_user, reset_password
from tests.fixtures_app import ClientFor, demo_password, login_token, sign_in
from tests.support import same_origin_headers


def _events(engine: Engine) -> list[str]:
    with session_scope(engine) as session:
        return list(session.scalars(select(AuditEvent.event).order_by(AuditEvent.id)))


def test_sign_in_needs_the_form_token(small_app: Dash, settings: Settings) -> None:
    client = small_app.server.test_client()
    response = client.post(
        "/login", data={"username": "admin", "password": settings.admin_password or ""}
    )
    assert response.status_code == 400
    assert client.get("/_dash-layout").status_code == 401


def test_sign_in_and_out(small_app: Dash, small_engine: Engine, settings: Settings) -> None:
    client = small_app.server.test_client()
    assert sign_in(client, "admin", demo_password(settings, "admin")) == 302
    assert client.get("/_dash-layout").status_code == 200
    confirm = client.get("/logout")  # a GET only asks: a link elsewhere cannot sign you out
    assert confirm.status_code == 200
    assert 'id="logout-form"' in confirm.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 200
    forged = client.post("/logout", headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403
    assert client.get("/_dash-layout").status_code == 200
    assert client.post("/logout", headers=same_origin_headers()).status_code == 302
    assert client.get("/_dash-layout").status_code == 401
    assert _events(small_engine)[-2:] == ["sign_in", "sign_out"]


def test_session_cookie_flags(small_app: Dash, settings: Settings) -> None:
    client = small_app.server.test_client()
    token = login_token(client)
    response = client.post(
        "/login",
        data={"username": "admin", "password": settings.admin_password, "csrf_token": token},
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_repeated_failures_hold_the_pair_not_the_account(
    small_app: Dash, small_engine: Engine, settings: Settings
) -> None:
    client = small_app.server.test_client()
    for _ in range(settings.login_max_failures):
        assert sign_in(client, "supervisor", "not-the-password") == 401
    # This address now waits: even the right password is refused here, with the same answer.
    assert sign_in(client, "supervisor", demo_password(settings, "supervisor")) == 401
    assert client.get("/_dash-layout").status_code == 401
    assert "lockout" in _events(small_engine)
    # The owner, at another address, is not held by what this address did.
    other = small_app.server.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    assert sign_in(other, "supervisor", demo_password(settings, "supervisor")) == 302


def test_back_off_ends_after_its_minutes(
    small_app: Dash, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = small_app.server.test_client()
    start = auth.clock.now()
    monkeypatch.setattr(auth.clock, "now", lambda: start)
    for _ in range(settings.login_max_failures):
        sign_in(client, "viewer", "not-the-password")
    assert sign_in(client, "viewer", demo_password(settings, "viewer")) == 401
    monkeypatch.setattr(auth.clock, "now", lambda: start + settings.lockout_minutes * 60 + 1)
    assert sign_in(client, "viewer", demo_password(settings, "viewer")) == 302


def test_unknown_username_is_refused_like_a_wrong_password(small_app: Dash) -> None:
    client = small_app.server.test_client()
    assert sign_in(client, "nobody-here", "whatever-password") == 401
    page = client.get("/login").get_data(as_text=True)
    assert "nobody-here" not in page


def test_idle_timeout_signs_out(
    small_app: Dash,
    small_client_for: ClientFor,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    start = auth.clock.now()
    monkeypatch.setattr(auth.clock, "now", lambda: start)
    client = small_client_for("supervisor")
    monkeypatch.setattr(auth.clock, "now", lambda: start + 60)
    assert client.get("/_dash-layout").status_code == 200  # activity keeps the session
    idle = settings.idle_timeout_minutes * 60
    monkeypatch.setattr(auth.clock, "now", lambda: start + 60 + idle - 1)
    assert client.get("/_dash-layout").status_code == 200
    monkeypatch.setattr(auth.clock, "now", lambda: start + 60 + 2 * idle)
    response = client.get("/caseloads")
    assert response.status_code == 302
    assert "reason=idle" in response.headers["Location"]
    monkeypatch.setattr(auth.clock, "now", lambda: start)  # even back in time: the session is gone
    assert client.get("/_dash-layout").status_code == 401


def test_password_reset_ends_other_sessions(
    small_client_for: ClientFor, small_engine: Engine, small_app: Dash
) -> None:
    laptop = small_client_for("supervisor")
    assert laptop.get("/_dash-layout").status_code == 200
    new_password = reset_password(small_engine, "supervisor", actor="admin")
    assert laptop.get("/_dash-layout").status_code == 401
    fresh = small_app.server.test_client()
    assert sign_in(fresh, "supervisor", new_password) == 302
    assert fresh.get("/_dash-layout").status_code == 200


def test_disabled_user_is_signed_out(small_client_for: ClientFor, small_engine: Engine) -> None:
    client = small_client_for("viewer")
    disable_user(small_engine, "viewer", actor="admin")
    assert client.get("/_dash-layout").status_code == 401


def test_sign_in_goes_only_to_local_pages(small_app: Dash, settings: Settings) -> None:
    client = small_app.server.test_client()
    token = login_token(client)
    response = client.post(
        "/login",
        data={
            "username": "admin",
            "password": settings.admin_password,
            "csrf_token": token,
            "next": "//evil.example/steal",
        },
    )
    assert response.headers["Location"] == "/"
