"""Sign-in that reveals nothing: identical refusals for unknown users, wrong passwords and held
accounts; throttling per (username, address) pair and per username; every refusal audited."""

from __future__ import annotations

import re

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from dashboard import auth
from dashboard.settings import Settings
from data.db import session_scope
from data.schema import AuditEvent, SignInThrottle
from data.services.throttle import ADDRESS_KEY
from data.services.users import reset_password, unlock_user
from tests.fixtures_app import demo_password, login_token

TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')


def _client(app: Dash, address: str) -> FlaskClient:
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _post(client: FlaskClient, username: str, password: str) -> tuple[int, str]:
    token = login_token(client)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
    )
    return response.status_code, TOKEN.sub("", response.get_data(as_text=True))


def _refusals(engine: Engine) -> list[tuple[str, str, str]]:
    with session_scope(engine) as db:
        rows = db.execute(
            select(AuditEvent.username, AuditEvent.detail, AuditEvent.ip_address)
            .where(AuditEvent.event == "sign_in_failed")
            .order_by(AuditEvent.id)
        ).all()
    return [tuple(r) for r in rows]


def test_known_and_unknown_usernames_get_the_same_answers(
    small_app: Dash, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    verifications: list[bool] = []
    real_verify = auth.login.verify

    def counting_verify(stored: str | None, password: str) -> bool:
        verifications.append(stored is not None)
        return real_verify(stored, password)

    monkeypatch.setattr(auth.login, "verify", counting_verify)
    attempts = settings.login_max_failures + 3  # well into the back-off
    known = [_post(_client(small_app, "10.0.0.1"), "admin", "wrong") for _ in range(attempts)]
    unknown = [_post(_client(small_app, "10.0.0.2"), "no-such-user", "x") for _ in range(attempts)]
    assert [status for status, _ in known] == [401] * attempts
    assert known == unknown  # same status and the same page, byte for byte
    # One password verification per attempt whatever the case: the same work, the same time.
    assert len(verifications) == 2 * attempts
    # Held now: the right password gets exactly the same answer as a wrong one.
    right = _post(_client(small_app, "10.0.0.1"), "admin", demo_password(settings, "admin"))
    assert right == known[0]
    assert "locked" not in known[-1][1]


def test_the_owner_signs_in_from_a_new_address_while_an_attacker_waits(
    small_app: Dash, small_engine: Engine, settings: Settings
) -> None:
    attacker = _client(small_app, "203.0.113.9")
    for _ in range(settings.login_max_failures + 2):
        assert _post(attacker, "admin", "guess")[0] == 401
    owner = _client(small_app, "192.0.2.10")
    assert _post(owner, "admin", demo_password(settings, "admin"))[0] == 302
    assert owner.get("/_dash-layout").status_code == 200
    details = [d for _, d, ip in _refusals(small_engine) if ip == "203.0.113.9"]
    assert details.count("wrong password") == settings.login_max_failures
    assert "throttled: address" in details


def test_the_account_ceiling_holds_until_an_admin_lifts_it(
    small_engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard import create_app
    from data.services.users import ensure_demo_users

    strict = settings.model_copy(update={"login_account_ceiling": 4})
    ensure_demo_users(small_engine, strict)
    app = create_app(settings=strict, engine=small_engine)
    for i in range(4):  # a spread-out attack: one guess per address
        assert _post(_client(app, f"198.51.100.{i}"), "supervisor", "guess")[0] == 401
    right = demo_password(settings, "supervisor")
    owner = _client(app, "192.0.2.77")
    assert _post(owner, "supervisor", right)[0] == 401
    assert ("supervisor", "throttled: account", "192.0.2.77") in _refusals(small_engine)
    unknown = [_post(_client(app, f"198.51.100.{i}"), "nobody", "guess")[0] for i in range(5)]
    assert unknown == [401] * 5  # an unknown username reaches its ceiling the same way
    assert unlock_user(small_engine, "supervisor", actor="admin") >= 1
    assert _post(owner, "supervisor", right)[0] == 302


def test_a_password_reset_lifts_the_holds(small_app: Dash, settings: Settings) -> None:
    client = _client(small_app, "10.9.9.9")
    for _ in range(settings.login_max_failures):
        _post(client, "viewer", "guess")
    new_password = reset_password(
        small_app.server.extensions[auth.EXTENSION_KEY].ctx.engine, "viewer"
    )
    assert _post(client, "viewer", new_password)[0] == 302


def test_too_many_failures_from_one_address_are_429_and_audited(
    small_app: Dash, small_engine: Engine, settings: Settings
) -> None:
    ceiling = small_app.server.extensions[auth.EXTENSION_KEY].throttle.policy.address_ceiling
    client = _client(small_app, "10.7.7.7")
    statuses = [_post(client, f"user{i}", "guess")[0] for i in range(ceiling + 1)]
    assert statuses[-1] == 429 and set(statuses[:-1]) == {401}
    refusals = _refusals(small_engine)
    assert len(refusals) == len(statuses)  # every refusal is in the audit trail, 429 included
    assert refusals[-1] == ("", "address limit", "10.7.7.7")


def test_a_success_forgets_the_counters(
    small_app: Dash, small_engine: Engine, settings: Settings
) -> None:
    client = _client(small_app, "10.4.4.4")
    for _ in range(settings.login_max_failures - 1):
        _post(client, "admin", "guess")
    with session_scope(small_engine) as db:
        keys = set(db.scalars(select(SignInThrottle.account_key))) - {ADDRESS_KEY}
    assert len(keys) == 1 and "admin" not in next(iter(keys))  # nothing typed kept in clear
    assert _post(client, "admin", demo_password(settings, "admin"))[0] == 302
    with session_scope(small_engine) as db:
        left = [(r.account_key, r.address) for r in db.scalars(select(SignInThrottle))]
    # The username's counters are gone; the address's own counter stays (one good password
    # must not reset the count of guesses made from that address at other usernames).
    assert left == [(ADDRESS_KEY, "10.4.4.4")]


def test_the_throttle_counts_on_every_backend(any_engine: Engine) -> None:
    from data.services.throttle import ACCOUNT_HOLD_HOURS, SignInThrottler, ThrottlePolicy, lift

    policy = ThrottlePolicy(pair_max_failures=2, pair_max_backoff_seconds=300, account_ceiling=4)
    throttle = SignInThrottler(any_engine, policy)
    at = 1_900_000_000.0
    assert throttle.failure("Sam ", "10.0.0.1", at) == []
    assert throttle.held("sam", "10.0.0.1", at) is None
    assert throttle.failure("sam", "10.0.0.1", at + 1) == ["address"]  # the same username
    assert throttle.held("sam", "10.0.0.1", at + 2) == "address"
    assert throttle.held("sam", "10.0.0.2", at + 2) is None  # another address is free
    assert throttle.held("sam", "10.0.0.1", at + 62) is None  # the first back-off: 1 minute
    assert throttle.failure("sam", "10.0.0.1", at + 62) == ["address"]
    assert throttle.held("sam", "10.0.0.1", at + 62 + 119) == "address"  # then 2 minutes
    assert throttle.failure("sam", "10.0.0.3", at + 70) == ["account"]  # 4 in all: held
    assert throttle.held("sam", "10.0.0.9", at + 71) == "account"
    assert throttle.held("sam", "10.0.0.9", at + 71 + ACCOUNT_HOLD_HOURS * 3600) is None
    assert lift(any_engine, "SAM") == 3  # two (username, address) pairs and the username
    assert throttle.held("sam", "10.0.0.1", at + 72) is None


def _behind_proxy(app: Dash, client_address: str) -> FlaskClient:
    """A client whose requests reach the app through one reverse proxy on 127.0.0.1 (nginx's
    ``X-Forwarded-For $proxy_add_x_forwarded_for``), as docs/deployment.md sets it up."""
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = "127.0.0.1"
    client.environ_base["HTTP_X_FORWARDED_FOR"] = client_address
    return client


@pytest.fixture
def proxied_app(small_engine: Engine, settings: Settings) -> Dash:
    """An app behind one trusted proxy (TRUSTED_PROXIES=1)."""
    from dashboard import create_app
    from data.services.users import ensure_demo_users

    proxied = settings.model_copy(update={"trusted_proxies": 1})
    ensure_demo_users(small_engine, proxied)
    return create_app(settings=proxied, engine=small_engine)


def test_behind_a_proxy_one_clients_wrong_passwords_hold_only_that_client(
    proxied_app: Dash, small_engine: Engine, settings: Settings
) -> None:
    attacker = _behind_proxy(proxied_app, "203.0.113.9")
    owner = _behind_proxy(proxied_app, "198.51.100.4")
    for _ in range(settings.login_max_failures + 1):
        _post(attacker, "viewer", "guess")
    assert _post(attacker, "viewer", demo_password(settings, "viewer"))[0] == 401  # waits
    assert _post(owner, "viewer", demo_password(settings, "viewer"))[0] == 302
    assert {ip for _u, _d, ip in _refusals(small_engine)} == {"203.0.113.9"}


def test_behind_a_proxy_a_guessing_client_does_not_stop_the_others(
    proxied_app: Dash, small_engine: Engine, settings: Settings
) -> None:
    ceiling = proxied_app.server.extensions[auth.EXTENSION_KEY].throttle.policy.address_ceiling
    attacker = _behind_proxy(proxied_app, "203.0.113.9")
    statuses = [_post(attacker, f"user{i}", "guess")[0] for i in range(ceiling + 1)]
    assert statuses[-1] == 429
    colleague = _behind_proxy(proxied_app, "198.51.100.4")
    assert _post(colleague, "supervisor", demo_password(settings, "supervisor"))[0] == 302
    with session_scope(small_engine) as db:
        signed_in = (
            db.execute(select(AuditEvent.ip_address).where(AuditEvent.event == "sign_in"))
            .scalars()
            .all()
        )
    assert signed_in == ["198.51.100.4"]


def test_a_client_cannot_choose_its_address_through_the_header(
    proxied_app: Dash, small_engine: Engine
) -> None:
    """With one trusted hop only the address the proxy appended counts: a forged header that
    the proxy passes along ("1.2.3.4, <real>") does not move the client elsewhere."""
    client = _behind_proxy(proxied_app, "6.6.6.6, 203.0.113.9")
    _post(client, "nobody", "guess")
    assert _refusals(small_engine)[-1][2] == "203.0.113.9"


def test_without_trusted_proxies_the_header_is_ignored(
    small_app: Dash, small_engine: Engine
) -> None:
    _post(_behind_proxy(small_app, "203.0.113.9"), "nobody", "guess")
    assert _refusals(small_engine)[-1][2] == "127.0.0.1"


def test_the_address_limit_is_shared_by_every_worker(
    small_engine: Engine, settings: Settings
) -> None:
    """Two apps on one database stand for two gunicorn workers: failures counted by one hold
    the address in the other."""
    from dashboard import create_app
    from data.services.users import ensure_demo_users

    ensure_demo_users(small_engine, settings)
    workers = [create_app(settings=settings, engine=small_engine) for _ in range(2)]
    ceiling = workers[0].server.extensions[auth.EXTENSION_KEY].throttle.policy.address_ceiling
    for attempt in range(ceiling):
        _post(_client(workers[attempt % 2], "10.9.9.9"), f"user{attempt}", "guess")
    assert _post(_client(workers[0], "10.9.9.9"), "anyone", "guess")[0] == 429
    assert _post(_client(workers[1], "10.9.9.9"), "anyone", "guess")[0] == 429
    assert _post(_client(workers[1], "10.9.9.8"), "anyone", "guess")[0] == 401
