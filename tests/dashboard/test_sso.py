"""Single sign-on through OpenID Connect, against a stub provider running in this process.

The dashboard runs in Flask's test client; the browser's visit to the provider is made with
``requests``; the dashboard itself fetches discovery, keys and the token over real HTTP.
"""

from __future__ import annotations

import datetime as dt
import socket
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from werkzeug.test import TestResponse

from dashboard import create_app
from dashboard.settings import Settings
from data.db import session_scope
from data.schema import AuditEvent, User
from data.services.users import add_user, disable_user, ensure_demo_users
from tests.dashboard.oidc_stub import CLIENT_ID, CLIENT_SECRET, StubProvider
from tests.fixtures_app import sign_in

SAM = "sam@example.org"  # a supervisor of site 1 whose username is their e-mail address
BUTTON = "Sign in with Example Health"


@pytest.fixture(scope="module")
def provider() -> Iterator[StubProvider]:
    stub = StubProvider()
    yield stub
    stub.close()


@pytest.fixture
def stub(provider: StubProvider, monkeypatch: pytest.MonkeyPatch) -> StubProvider:
    provider.reset()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")  # talk to the stub directly
    return provider


def _sso_settings(settings: Settings, issuer: str) -> Settings:
    return settings.model_copy(
        update={
            "oidc_issuer": issuer,
            "oidc_client_id": CLIENT_ID,
            "oidc_client_secret": CLIENT_SECRET,
            "oidc_button_label": BUTTON,
        }
    )


@pytest.fixture
def sso_app(small_engine: Engine, settings: Settings, stub: StubProvider) -> Dash:
    ensure_demo_users(small_engine, settings)
    add_user(small_engine, SAM, "supervisor", [1], password="sam-test-password-1")
    return create_app(settings=_sso_settings(settings, stub.url), engine=small_engine)


def _to_provider(client: FlaskClient, stub: StubProvider, next_url: str = "/") -> str:
    """Press the button: the dashboard's redirect, which must go to the stub's /authorize."""
    response = client.get(f"/login/oidc?{urlencode({'next': next_url})}")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(f"{stub.url}/authorize?")
    return location


def _back_from_provider(location: str) -> tuple[str, dict[str, str]]:
    """What the browser does at the provider: follow /authorize to the callback URL."""
    response = requests.get(location, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    back = urlsplit(response.headers["Location"])
    assert back.path == "/login/oidc/callback"
    return back.path, {k: v[0] for k, v in parse_qs(back.query).items()}


def _sso_sign_in(
    client: FlaskClient, stub: StubProvider, email: str, next_url: str = "/"
) -> TestResponse:
    stub.login_as = email
    path, params = _back_from_provider(_to_provider(client, stub, next_url))
    return client.get(f"{path}?{urlencode(params)}")


def _last_event(engine: Engine) -> AuditEvent:
    with session_scope(engine) as db:
        event = db.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
        db.expunge(event)
        return event


def _assert_refused(response: TestResponse, client: FlaskClient) -> None:
    assert response.status_code == 401
    assert "Sign-in failed" in response.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401


# --- configuration ----------------------------------------------------------------------


def test_no_sso_without_an_issuer(small_app: Dash) -> None:
    assert "login_oidc_callback" not in small_app.server.view_functions
    page = small_app.server.test_client().get("/login").get_data(as_text=True)
    assert "login-sso" not in page
    # Not a public route when SSO is off: the guard sends an anonymous visitor to /login.
    response = small_app.server.test_client().get("/login/oidc/callback")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_login_page_shows_the_button_and_nothing_is_fetched_early(
    sso_app: Dash, stub: StubProvider
) -> None:
    page = sso_app.server.test_client().get("/login").get_data(as_text=True)
    assert BUTTON in page and 'id="login-sso"' in page
    assert stub.hits == []  # discovery waits for the first press of the button


# --- signing in -------------------------------------------------------------------------


def test_existing_user_signs_in(sso_app: Dash, small_engine: Engine, stub: StubProvider) -> None:
    client = sso_app.server.test_client()
    response = _sso_sign_in(client, stub, SAM, next_url="/caseloads")
    assert response.status_code == 302
    assert response.headers["Location"] == "/caseloads"
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/caseloads").status_code == 200
    assert stub.hits == ["discovery", "authorize", "token", "jwks"]
    event = _last_event(small_engine)
    assert (event.event, event.username, event.detail) == ("sign_in", SAM, "sso")


def test_claim_is_matched_in_lower_case(sso_app: Dash, stub: StubProvider) -> None:
    client = sso_app.server.test_client()
    assert _sso_sign_in(client, stub, "Sam@Example.ORG").status_code == 302
    assert client.get("/_dash-layout").status_code == 200


def test_next_url_stays_local(sso_app: Dash, stub: StubProvider) -> None:
    client = sso_app.server.test_client()
    response = _sso_sign_in(client, stub, SAM, next_url="//evil.example/steal")
    assert response.headers["Location"] == "/"


def test_unknown_user_is_refused(sso_app: Dash, small_engine: Engine, stub: StubProvider) -> None:
    client = sso_app.server.test_client()
    _assert_refused(_sso_sign_in(client, stub, "nobody@example.org"), client)
    event = _last_event(small_engine)
    assert (event.event, event.detail) == ("sign_in_failed", "sso: unknown user")
    assert "nobody" not in event.username  # not a user: what the provider sent is not kept
    with session_scope(small_engine) as db:  # and no account was created
        assert db.scalars(select(User).where(User.username.like("nobody%"))).first() is None


def test_disabled_user_is_refused(sso_app: Dash, small_engine: Engine, stub: StubProvider) -> None:
    disable_user(small_engine, SAM, actor="admin")
    client = sso_app.server.test_client()
    _assert_refused(_sso_sign_in(client, stub, SAM), client)
    event = _last_event(small_engine)
    assert (event.event, event.username, event.detail) == (
        "sign_in_failed",
        SAM,
        "sso: unknown user",
    )


def test_locked_account_stays_locked(
    sso_app: Dash, small_engine: Engine, stub: StubProvider
) -> None:
    with session_scope(small_engine) as db:
        user = db.scalars(select(User).where(User.username == SAM)).one()
        user.locked_until = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=1)
    client = sso_app.server.test_client()
    _assert_refused(_sso_sign_in(client, stub, SAM), client)
    assert _last_event(small_engine).detail == "sso: locked account"


def test_unverified_email_is_refused(sso_app: Dash, stub: StubProvider) -> None:
    stub.overrides = {"email_verified": False}
    client = sso_app.server.test_client()
    _assert_refused(_sso_sign_in(client, stub, SAM), client)


def test_password_sign_in_still_works(sso_app: Dash) -> None:
    client = sso_app.server.test_client()
    assert sign_in(client, SAM, "sam-test-password-1") == 302


# --- a tampered or forged answer --------------------------------------------------------


def test_tampered_state_is_refused(sso_app: Dash, small_engine: Engine, stub: StubProvider) -> None:
    client = sso_app.server.test_client()
    stub.login_as = SAM
    path, params = _back_from_provider(_to_provider(client, stub))
    params["state"] = params["state"][:-2] + "xx"
    _assert_refused(client.get(f"{path}?{urlencode(params)}"), client)
    assert "token" not in stub.hits  # the code was never exchanged
    assert _last_event(small_engine).detail.startswith("sso: invalid response")


def test_state_from_another_browser_is_refused(sso_app: Dash, stub: StubProvider) -> None:
    """Login CSRF: a callback URL started in the attacker's browser fails in the victim's."""
    attacker = sso_app.server.test_client()
    stub.login_as = SAM
    path, params = _back_from_provider(_to_provider(attacker, stub))
    victim = sso_app.server.test_client()
    _assert_refused(victim.get(f"{path}?{urlencode(params)}"), victim)


def test_callback_cannot_be_replayed(sso_app: Dash, stub: StubProvider) -> None:
    client = sso_app.server.test_client()
    stub.login_as = SAM
    path, params = _back_from_provider(_to_provider(client, stub))
    assert client.get(f"{path}?{urlencode(params)}").status_code == 302
    client.post("/logout")
    _assert_refused(client.get(f"{path}?{urlencode(params)}"), client)


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"aud": "another-application"}, id="wrong-audience"),
        pytest.param(
            {"aud": "another-application", "azp": CLIENT_ID}, id="wrong-audience-with-azp"
        ),
        pytest.param({"nonce": "not-the-nonce-we-sent"}, id="wrong-nonce"),
        pytest.param({"iss": "http://127.0.0.1:9/elsewhere"}, id="wrong-issuer"),
        pytest.param(
            {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, id="expired"
        ),
    ],
)
def test_bad_id_token_is_refused(
    overrides: dict[str, object], sso_app: Dash, small_engine: Engine, stub: StubProvider
) -> None:
    stub.overrides = overrides
    client = sso_app.server.test_client()
    _assert_refused(_sso_sign_in(client, stub, SAM), client)
    event = _last_event(small_engine)
    assert event.event == "sign_in_failed" and event.detail.startswith("sso: invalid response")


def test_forged_signature_is_refused(sso_app: Dash, stub: StubProvider) -> None:
    stub.sign_with = stub.other_key
    client = sso_app.server.test_client()
    _assert_refused(_sso_sign_in(client, stub, SAM), client)


def test_provider_error_is_refused(sso_app: Dash, stub: StubProvider) -> None:
    client = sso_app.server.test_client()
    _to_provider(client, stub)
    _assert_refused(client.get("/login/oidc/callback?error=access_denied&state=x"), client)


def test_unreachable_provider_gives_a_message(small_engine: Engine, settings: Settings) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    app = create_app(
        settings=_sso_settings(settings, f"http://127.0.0.1:{closed_port}"), engine=small_engine
    )
    response = app.server.test_client().get("/login/oidc")
    assert response.status_code == 503
    assert "not available right now" in response.get_data(as_text=True)
