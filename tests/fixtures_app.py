"""App-level fixtures: apps with the demo accounts, and signed-in test clients per role.

``demo_app`` runs on the shared small demo database (read-only for program data; the demo
accounts are added once, idempotently). ``small_app`` runs on its own empty database with two
hand-made sites, for tests that change users (lockouts, password resets).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, delete

from dashboard import create_app
from dashboard.settings import Settings
from data.db import session_scope
from data.schema import SignInThrottle, Site
from data.services.users import ensure_demo_users

# Demo username of each role (see data.services.users.ensure_demo_users).
DEMO_USERNAMES = {"admin": "admin", "supervisor": "supervisor", "meeting_viewer": "viewer"}
CSRF_PATTERN = re.compile(r'name="csrf_token" value="([^"]+)"')

ClientFor = Callable[[str], FlaskClient]


def demo_password(settings: Settings, username: str) -> str:
    """The password the demo account ``username`` got from the test settings."""
    secret = settings.admin_password if username == "admin" else settings.demo_user_password
    assert secret
    return secret


def login_token(client: FlaskClient) -> str:
    """The CSRF token of the login form, as a browser would read it from the page."""
    page = client.get("/login").get_data(as_text=True)
    match = CSRF_PATTERN.search(page)
    assert match, "the login page has no CSRF token"
    return match.group(1)


def sign_in(client: FlaskClient, username: str, password: str) -> int:
    """Post the login form as a browser would; returns the response's status code."""
    token = login_token(client)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
    )
    return response.status_code


def _signed_in_clients(app: Dash, settings: Settings) -> ClientFor:
    def client_for(role: str) -> FlaskClient:
        username = DEMO_USERNAMES.get(role, role)  # a role, or a demo username
        client = app.server.test_client()
        status = sign_in(client, username, demo_password(settings, username))
        assert status == 302, f"sign-in as {username} failed with {status}"
        return client

    return client_for


@pytest.fixture
def demo_app(demo_engine: Engine, settings: Settings) -> Dash:
    """A fresh app over the shared small demo database, with the demo accounts.

    Sign-in back-off lives in the database: one test's failed sign-ins must not hold the
    demo accounts for the tests after it, so each app starts with none recorded.
    """
    ensure_demo_users(demo_engine, settings)
    with session_scope(demo_engine) as session:
        session.execute(delete(SignInThrottle))
    return create_app(settings=settings, engine=demo_engine)


@pytest.fixture
def client_for(demo_app: Dash, settings: Settings) -> ClientFor:
    """``client_for(role)``: a Flask test client signed in as the demo user of ``role``."""
    return _signed_in_clients(demo_app, settings)


@pytest.fixture
def small_engine(engine: Engine) -> Engine:
    """An empty migrated database with two sites (ids 1 and 2) and the demo accounts."""
    with session_scope(engine) as session:
        session.add_all([Site(id=1, code="A", name="Site A"), Site(id=2, code="B", name="Site B")])
    return engine


@pytest.fixture
def small_app(small_engine: Engine, settings: Settings) -> Dash:
    """An app on ``small_engine`` (its users may be changed freely by the test)."""
    ensure_demo_users(small_engine, settings)
    return create_app(settings=settings, engine=small_engine)


@pytest.fixture
def small_client_for(small_app: Dash, settings: Settings) -> ClientFor:
    """``small_client_for(role)``: a signed-in client of ``small_app``."""
    return _signed_in_clients(small_app, settings)
