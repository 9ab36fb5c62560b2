"""The Audit trail page's "Open sessions": an admin lists and ends a user's sessions by callback;
nobody else may, and hostile values change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient

from tests.fixtures_app import ClientFor
from tests.support import callback_body, same_origin_headers

OUTPUT = (
    "..audit-sessions-chosen.options...audit-sessions-chosen.value..."
    "audit-sessions-list.children...audit-sessions-status.children.."
)


def _post(
    app: Dash, client: FlaskClient, username: Any, trigger: str = "", chosen: Any = None
) -> tuple[int, dict[str, Any]]:
    client.get("/login")
    body = callback_body(
        app,
        OUTPUT,
        {"audit-sessions-user.value": username, "audit-sessions-chosen.value": chosen or []},
    )
    if trigger:
        body["changedPropIds"] = [f"{trigger}.n_clicks"]
        for item in body["inputs"]:
            if item["id"] == trigger:
                item["value"] = 1
    response = client.post("/_dash-update-component", json=body, headers=same_origin_headers())
    payload = response.get_json() or {}
    return response.status_code, payload.get("response", payload)


def _options(answer: dict[str, Any]) -> list[dict[str, str]]:
    return answer["audit-sessions-chosen"]["options"]


def _status_text(answer: dict[str, Any]) -> str:
    return str(answer["audit-sessions-status"]["children"])


def test_an_admin_lists_and_ends_one_or_all_sessions(
    small_app: Dash, small_client_for: ClientFor
) -> None:
    admin = small_client_for("admin")
    laptop, phone = small_client_for("supervisor"), small_client_for("supervisor")
    status, answer = _post(small_app, admin, "supervisor")
    assert status == 200
    options = _options(answer)
    assert len(options) == 2 and all("127.0.0.1" in o["label"] for o in options)
    first = options[0]["value"]
    status, answer = _post(small_app, admin, "supervisor", "audit-sessions-end-chosen", [first])
    assert status == 200 and "Ended 1 session(s)" in _status_text(answer)
    assert [o["value"] for o in _options(answer)] == [options[1]["value"]]
    still = [laptop.get("/_dash-layout").status_code, phone.get("/_dash-layout").status_code]
    assert sorted(still) == [200, 401]
    status, answer = _post(small_app, admin, "supervisor", "audit-sessions-end-all")
    assert "Ended 1 session(s)" in _status_text(answer)
    assert _options(answer) == []
    assert answer["audit-sessions-list"]["children"] == "No open sessions."
    assert laptop.get("/_dash-layout").status_code == 401
    assert phone.get("/_dash-layout").status_code == 401
    assert admin.get("/_dash-layout").status_code == 200  # the admin's own session stays


def test_only_an_admin_may_see_or_end_sessions(
    small_app: Dash, small_client_for: ClientFor
) -> None:
    victim = small_client_for("viewer")
    supervisor = small_client_for("supervisor")
    status, answer = _post(small_app, supervisor, "viewer", "audit-sessions-end-all")
    assert status in (200, 403)
    if status == 200:
        assert _options(answer) == []
    assert victim.get("/_dash-layout").status_code == 200


@pytest.mark.parametrize(
    ("username", "chosen"),
    [
        (["supervisor"], None),
        ({"$ne": ""}, None),
        ("x" * 500, None),
        ("no-such-user", None),
        ("supervisor", [{"a": 1}, 5, "../../etc", "ABCDEF012345"]),
        ("supervisor", "0123456789ab"),
    ],
)
def test_hostile_values_change_nothing(
    small_app: Dash, small_client_for: ClientFor, username: Any, chosen: Any
) -> None:
    admin = small_client_for("admin")
    supervisor = small_client_for("supervisor")
    status, _answer = _post(small_app, admin, username, "audit-sessions-end-chosen", chosen)
    assert status in (200, 400)
    assert supervisor.get("/_dash-layout").status_code == 200
