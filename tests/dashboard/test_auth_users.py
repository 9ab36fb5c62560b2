"""User management, the users CLI, the audit trail queries and the Audit trail page."""

from __future__ import annotations

import argparse
import datetime as dt
import io

import pytest
from dash import Dash
from sqlalchemy import Engine, select

from dashboard.cli import add_task
from dashboard.cli import users as users_cli
from dashboard.settings import Settings
from data.db import session_scope
from data.filters import AccessScope, Filters
from data.queries.audit import AuditForbidden, audit_event_count, audit_events
from data.schema import User
from data.services.audit import record
from data.services.passwords import hash_password, verify
from data.services.users import UserError, add_user, ensure_demo_users, list_users
from tests.fixtures_app import ClientFor
from tests.support import callback_body, callback_keys, same_origin_headers


def test_passwords_are_argon2id_and_verify() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert verify(stored, "correct horse battery")
    assert not verify(stored, "wrong horse battery")
    assert not verify(None, "anything at all")


def test_ensure_demo_users_is_idempotent(small_engine: Engine, settings: Settings) -> None:
    created = ensure_demo_users(small_engine, settings)
    assert [(u, r) for u, r, _ in created] == [
        ("admin", "admin"),
        ("supervisor", "supervisor"),
        ("viewer", "meeting_viewer"),
    ]
    assert all(password is None for _, _, password in created)  # from the settings
    assert ensure_demo_users(small_engine, settings) == []
    by_name = {u.username: u for u in list_users(small_engine)}
    assert by_name["supervisor"].site_ids == (1,)
    assert by_name["viewer"].site_ids == (1,)


def test_generated_demo_passwords_are_returned(small_engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    created = ensure_demo_users(small_engine, Settings(instance_path=tmp_path))
    assert all(password and len(password) >= 16 for _, _, password in created)


def test_add_user_refuses_bad_requests(small_engine: Engine) -> None:
    with pytest.raises(UserError):
        add_user(small_engine, "x", "supervisor", [1])
    with pytest.raises(UserError):
        add_user(small_engine, "sam", "supervisor", [])
    with pytest.raises(UserError):
        add_user(small_engine, "sam", "supervisor", [99])
    with pytest.raises(UserError):
        add_user(small_engine, "sam", "supervisor", [1], password="short")


def _run_cli(argv: list[str], settings: Settings, stdin: str = "") -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    add_task(parser.add_subparsers(dest="command"), "users")
    args = parser.parse_args(argv)
    import contextlib
    import sys

    out = io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out):
            code = users_cli.run(args, settings)
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue()


def test_users_cli(small_engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(
        database_url=small_engine.url.render_as_string(hide_password=False),
        instance_path=tmp_path,
    )
    code, out = _run_cli(["users", "add", "sam", "--role", "supervisor", "--site", "2"], settings)
    assert code == 0 and "password (shown once)" in out
    code, out = _run_cli(
        ["users", "add", "kim", "--role", "admin", "--password-stdin"],
        settings,
        stdin="kims-long-password\n",
    )
    assert code == 0 and "kims-long-password" not in out
    code, out = _run_cli(["users", "list"], settings)
    assert "sam" in out and "kim" in out
    assert out.splitlines()[0].rstrip().endswith("held until")
    with session_scope(small_engine) as session:
        held = session.scalars(select(User).where(User.username == "kim")).one()
        held.locked_until = dt.datetime(2031, 5, 6, 7, 8)
    code, out = _run_cli(["users", "list"], settings)
    kim = next(line for line in out.splitlines() if line.startswith("kim "))
    assert kim.endswith("2031-05-06 07:08 UTC")
    assert next(line for line in out.splitlines() if line.startswith("sam ")).endswith(" -")
    code, _ = _run_cli(["users", "disable", "sam"], settings)
    assert code == 0
    code, out = _run_cli(["users", "reset-password", "kim"], settings)
    assert code == 0 and "password (shown once)" in out
    code, _ = _run_cli(["users", "disable", "nobody"], settings)
    assert code == 1
    by_name = {u.username: u for u in list_users(small_engine)}
    assert not by_name["sam"].is_active and by_name["sam"].site_ids == (2,)


def _filters(role: str) -> Filters:
    scope = AccessScope(role=role, all_sites=role == "admin", site_ids=frozenset({1}))
    return Filters.parse(scope)


def test_audit_queries_are_for_admins_only(small_engine: Engine) -> None:
    for i in range(7):
        record(small_engine, "sign_in", f"user{i % 2}", None, "", "", "127.0.0.1")
    record(small_engine, "export", "user0", None, "caseloads", "12 rows")
    with pytest.raises(ValueError):
        record(small_engine, "made_up_event", "user0")
    admin = _filters("admin")
    assert audit_event_count(small_engine, admin) == 8
    assert audit_event_count(small_engine, admin, event="sign_in", username="user1") == 3
    page = audit_events(small_engine, admin, limit=5, offset=5)
    assert len(page) == 3
    assert list(audit_events(small_engine, admin, limit=1)["event"]) == ["export"]
    with pytest.raises(AuditForbidden):
        audit_events(small_engine, _filters("supervisor"))


def test_audit_page_pages_and_refuses(
    small_app: Dash, small_engine: Engine, small_client_for: ClientFor
) -> None:
    for _ in range(60):
        record(small_engine, "sign_in_failed", "", None, "", "unknown username")
    admin = small_client_for("admin")
    key = next(k for k in callback_keys(small_app) if "audit-grid.rowData" in k)
    body = callback_body(
        small_app,
        key,
        {"audit-event.value": "sign_in_failed", "audit-pager.active_page": 2},
    )
    body["changedPropIds"] = ["audit-pager.active_page"]
    answer = admin.post(
        "/_dash-update-component", json=body, headers=same_origin_headers()
    ).get_json()["response"]
    assert len(answer["audit-grid"]["rowData"]) == 10
    assert answer["audit-pager"] == {"max_value": 2, "active_page": 2}
    supervisor = small_client_for("supervisor")
    refused = supervisor.post("/_dash-update-component", json=body, headers=same_origin_headers())
    assert "sign_in_failed" not in refused.get_data(as_text=True)
    assert "do not have access" in refused.get_data(as_text=True)
