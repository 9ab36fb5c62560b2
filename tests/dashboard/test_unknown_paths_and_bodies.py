"""Unknown component paths are 404 with one log line, any malformed callback body is 400,
development endpoints are off unless debug, and no response names the server software."""

from __future__ import annotations

import logging
import threading
import urllib.error
import urllib.request

import pytest
from dash import Dash
from sqlalchemy import Engine
from werkzeug.serving import make_server

from dashboard import create_app
from dashboard.security import BannerlessRequestHandler
from dashboard.settings import Settings
from tests.fixtures_app import ClientFor
from tests.support import callback_body, callback_keys, same_origin_headers

UNKNOWN_PATHS = [
    "/_dash-component-suites/dash/x.js",
    "/_dash-component-suites/dash/__init__.py",
    "/_dash-component-suites/dash/%2e%2e/%2e%2e/etc/passwd",
    "/_dash-component-suites/dash/..%2f..%2fdashboard%2fsettings.py",
    "/_dash-component-suites/no_such_package/x.js",
    "/_dash-component-suites/dash/dcc/dash_core_components.v0_0_0m1.py",
]


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("path", UNKNOWN_PATHS)
def test_unknown_component_paths_are_404_with_one_log_line(
    small_client_for: ClientFor,
    small_app: Dash,
    caplog: pytest.LogCaptureFixture,
    path: str,
    signed_in: bool,
) -> None:
    client = small_client_for("supervisor") if signed_in else small_app.server.test_client()
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)
    ours = [r for r in caplog.records if r.name.startswith(("dashboard", "dash", "flask"))]
    assert len(ours) <= 1, [r.getMessage()[:200] for r in ours]
    assert all(r.exc_info is None and len(r.getMessage()) < 300 for r in ours)


DEEP = 100_000
MALFORMED_BODIES = {
    "nested-lists": "[" * DEEP,
    "nested-lists-closed": "[" * DEEP + "]" * DEEP,
    "nested-objects": '{"a":' * DEEP + "1" + "}" * DEEP,
    "deep-inputs": '{"output":"x.children","outputs":{},"inputs":' + "[" * DEEP,
    "not-json": "output=x.children",
    "truncated": '{"output": "overview-alert.children", "inputs": [',
    "empty": "",
    "number": "5",
}


@pytest.mark.parametrize("name", sorted(MALFORMED_BODIES))
def test_any_malformed_callback_body_is_400(
    small_client_for: ClientFor, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    client = small_client_for("admin")
    with caplog.at_level(logging.ERROR):
        response = client.post(
            "/_dash-update-component",
            data=MALFORMED_BODIES[name],
            content_type="application/json",
            headers=same_origin_headers(),
        )
    assert response.status_code == 400, response.get_data(as_text=True)[:200]
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_reload_hash_is_off_unless_debug(
    small_client_for: ClientFor, small_engine: Engine, settings: Settings
) -> None:
    client = small_client_for("admin")
    assert client.get("/_reload-hash").status_code == 404
    assert small_client_for("admin").get("/_dash-layout").status_code == 200
    debug_app = create_app(
        settings=settings.model_copy(update={"debug": True}), engine=small_engine
    )
    debug_client = debug_app.server.test_client()
    assert debug_client.get("/_reload-hash").status_code != 404  # on (behind sign-in) in debug


def test_the_development_server_sends_no_server_banner(small_app: Dash) -> None:
    server = make_server("127.0.0.1", 0, small_app.server, request_handler=BannerlessRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        with urllib.request.urlopen(f"{url}/login") as response:  # noqa: S310 - local test
            assert response.status == 200
            assert response.headers.get("Server") is None
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{url}/_dash-component-suites/dash/x.js")  # noqa: S310
        assert missing.value.code == 404
        assert missing.value.headers.get("Server") is None
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_a_path_with_control_characters_is_logged_escaped(
    small_client_for: ClientFor, caplog: pytest.LogCaptureFixture
) -> None:
    client = small_client_for("admin")
    with caplog.at_level(logging.DEBUG):
        response = client.get("/_dash-component-suites/dash/x%1b[31m%0dFORGED LINE.js")
    assert response.status_code == 404
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("dashboard"))
    assert "\\x1b[31m\\rFORGED LINE" in logged
    assert "\x1b" not in logged and "\r" not in logged


@pytest.mark.parametrize("pathname", [None, 5, ["/"]])
def test_the_page_router_is_refused_an_address_that_is_not_text(
    small_client_for: ClientFor, small_app: Dash, pathname: object
) -> None:
    body = callback_body(
        small_app,
        next(key for key in callback_keys(small_app) if key.startswith(".._pages_content")),
        {"_pages_location.pathname": pathname, "_pages_location.search": ""},
    )
    response = small_client_for("admin").post(
        "/_dash-update-component", json=body, headers=same_origin_headers()
    )
    assert response.status_code == 400


def test_head_of_the_sign_in_page_is_answered_like_get(small_app: Dash) -> None:
    client = small_app.server.test_client()
    assert client.head("/login").status_code == 200
    assert client.get("/login").status_code == 200
