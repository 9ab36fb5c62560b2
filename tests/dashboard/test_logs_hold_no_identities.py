"""Logs never contain a mentee's name or code, whatever a signed-in user does or breaks."""

from __future__ import annotations

import logging
import re

import pytest
from dash import Dash
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from tests.fixtures_app import ClientFor
from tests.support import callback_body, callback_keys, mentee_identities, same_origin_headers


def _logged_text(caplog: pytest.LogCaptureFixture) -> str:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    return "\n".join(handler.format(record) for record in caplog.records)


def _walk_every_page_and_callback(app: Dash, client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/caseloads", "/notes", "/admin/audit", "/no-such-page"):
        client.get(path)
    for key in callback_keys(app):
        values = {"_pages_location.pathname": "/caseloads", "_pages_location.search": ""}
        body = callback_body(app, key, values)
        client.post("/_dash-update-component", json=body, headers=same_origin_headers())


def test_normal_use_logs_no_mentee_identity(
    demo_app: Dash, demo_engine: Engine, client_for: ClientFor, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _walk_every_page_and_callback(demo_app, client_for("supervisor"))
    text = _logged_text(caplog)
    assert "view_mentee_page" in text  # the walk did reach the mentee-level page
    leaked = [i for i in mentee_identities(demo_engine) if re.search(re.escape(i), text)]
    assert leaked == []


def test_a_failing_query_logs_no_mentee_identity(
    demo_app: Dash,
    demo_engine: Engine,
    client_for: ClientFor,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = sorted(mentee_identities(demo_engine))[0]
    client = client_for("supervisor")

    def failing_query(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        # What a database error about a statement with a mentee's name as a parameter looks like.
        raise OperationalError("SELECT * FROM mentees WHERE display_name = ?", (name,), None)

    monkeypatch.setattr("dashboard.query_cache.QueryCache.run", failing_query)
    caplog.set_level(logging.DEBUG)
    _walk_every_page_and_callback(demo_app, client)
    text = _logged_text(caplog)
    assert "unexpected error ref=" in text  # the failure was logged, with its reference
    assert name not in text
