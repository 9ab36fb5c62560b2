"""Default deny, the role x page matrix, site scope and meeting viewers."""

from __future__ import annotations

import re

import pytest
from dash import Dash
from flask_login import login_user
from sqlalchemy import Engine, select

from dashboard import auth
from dashboard.auth import PageForbidden
from dashboard.pages import PAGES
from dashboard.security import is_dev_only
from data.db import session_scope
from data.schema import AuditEvent, Site
from data.services.users import list_users
from tests.fixtures_app import DEMO_USERNAMES, ClientFor
from tests.support import callback_body, callback_keys, mentee_identities, same_origin_headers

DASH_ENDPOINTS = [
    ("GET", "/_dash-layout"),
    ("GET", "/_dash-dependencies"),
    ("POST", "/_dash-update-component"),
    ("GET", "/"),
    ("GET", "/caseloads"),
    ("GET", "/admin/audit"),
    ("GET", "/no-such-page"),
]
PUBLIC_ENDPOINTS = {
    "login",
    "logout",
    "_dash_assets.static",
    "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>",
    "/_favicon.ico",
}
# What each role may open, written out by hand so a change to dashboard.pages shows up here.
EXPECTED = {
    "admin": {
        "overview",
        "attention",
        "caseloads",
        "workload",
        "outcomes",
        "notes",
        "meeting",
        "audit",
        "data_import",
        "mentee",
        "mentor",
    },
    "supervisor": {
        "overview",
        "attention",
        "caseloads",
        "workload",
        "outcomes",
        "notes",
        "meeting",
        "mentee",
        "mentor",
    },
    "meeting_viewer": {"overview", "workload", "outcomes", "meeting"},
}


def _refused_anonymous(response) -> bool:  # type: ignore[no-untyped-def]
    if response.status_code == 401:
        return True
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def _concrete(rule: str) -> str:
    return re.sub(r"<[^>]+>", "x", rule)


def test_every_route_refuses_the_anonymous(small_app: Dash) -> None:
    client = small_app.server.test_client()
    checked = 0
    for rule in small_app.server.url_map.iter_rules():
        url = _concrete(rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, headers=same_origin_headers())
            if rule.endpoint == "logout":  # public: a confirmation page, or back to sign-in
                assert response.status_code == 200 or response.headers["Location"].startswith(
                    "/login"
                )
            elif rule.endpoint in PUBLIC_ENDPOINTS:
                assert not _refused_anonymous(response), (method, url)
            elif is_dev_only(rule.endpoint):  # hot reload & co: not there without debug
                assert response.status_code == 404, (method, url)
                checked += 1
            else:
                assert _refused_anonymous(response), (method, url, response.status_code)
                checked += 1
    assert checked >= 6  # pages, the three Dash endpoints, reload hash, Flask static...


@pytest.mark.parametrize(("method", "path"), DASH_ENDPOINTS)
def test_dash_endpoints_refuse_the_anonymous(small_app: Dash, method: str, path: str) -> None:
    client = small_app.server.test_client()
    response = client.open(path, method=method, json={}, headers=same_origin_headers())
    assert _refused_anonymous(response)
    if path.startswith("/_dash-"):
        assert response.status_code == 401
        assert response.get_json()["login"] == "/login"


def test_a_callback_without_a_session_gets_no_data(small_app: Dash) -> None:
    client = small_app.server.test_client()
    body = callback_body(small_app, callback_keys(small_app)[0])
    response = client.post("/_dash-update-component", json=body, headers=same_origin_headers())
    assert response.status_code == 401
    assert "Site A" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", sorted(EXPECTED))
@pytest.mark.parametrize("page", [p.key for p in PAGES])
def test_role_page_matrix(small_app: Dash, small_engine: Engine, role: str, page: str) -> None:
    info = next(u for u in list_users(small_engine) if u.username == DEMO_USERNAMES[role])
    allowed = page in EXPECTED[role]
    with small_app.server.test_request_context("/"):
        login_user(auth.SignedInUser(info))
        shown = auth.guard_layout(page, lambda **_: "the page")()
        if allowed:
            assert shown == "the page"
            scope = auth.scope_for_page(page)
            assert scope.role == role
            assert scope.all_sites == (role == "admin")
            assert scope.see_identities == (role != "meeting_viewer")
            hides = small_app.server.extensions["peer_mentoring"].settings.small_cell_min
            assert scope.small_cell_min == (hides if role == "meeting_viewer" else 0)
        else:
            assert getattr(shown, "id", None) == "page-forbidden"
            with pytest.raises(PageForbidden):
                auth.scope_for_page(page)


def test_scope_without_a_signed_in_user_is_refused(small_app: Dash) -> None:
    with pytest.raises(PageForbidden):
        auth.scope_for_page("overview")  # no request at all
    with small_app.server.test_request_context("/"), pytest.raises(PageForbidden):
        auth.scope_for_page("overview")


def test_opening_a_mentee_page_is_audited(small_app: Dash, small_engine: Engine) -> None:
    info = next(u for u in list_users(small_engine) if u.username == "supervisor")
    with small_app.server.test_request_context("/caseloads"):
        login_user(auth.SignedInUser(info))
        auth.guard_layout("caseloads", lambda **_: "page")(sites="1")
        auth.guard_layout("overview", lambda **_: "page")()
    with session_scope(small_engine) as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.event == "view_mentee_page"))
        rows = [(e.username, e.target, e.detail) for e in events]
    assert rows == [("supervisor", "caseloads", "sites")]


def _first_and_other_site(engine: Engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        ids = list(session.scalars(select(Site.id).order_by(Site.id)))
    return ids[0], ids[-1]


def _overview_key(app: Dash) -> str:
    return next(k for k in callback_keys(app) if "overview-active-mentees" in k)


def test_supervisor_cannot_get_another_sites_numbers(
    demo_app: Dash, demo_engine: Engine, client_for: ClientFor
) -> None:
    own, other = _first_and_other_site(demo_engine)
    assert own != other
    key = _overview_key(demo_app)
    body = callback_body(demo_app, key, {"overview-query.data": {"sites": str(other)}})
    headers = same_origin_headers()

    admin = client_for("admin").post("/_dash-update-component", json=body, headers=headers)
    supervisor = client_for("supervisor")
    crafted = supervisor.post("/_dash-update-component", json=body, headers=headers)

    admin_answer = admin.get_json()["response"]
    assert admin_answer["overview-active-mentees"]["children"] not in (None, "", "—")
    text = crafted.get_data(as_text=True)
    assert "do not have access" in text
    answer = crafted.get_json()["response"]
    assert answer["overview-active-mentees"] != admin_answer["overview-active-mentees"]

    # The site dropdown offers the supervisor their own site only.
    sites_key = next(k for k in callback_keys(demo_app) if "shell-filter-sites.options" in k)
    options = supervisor.post(
        "/_dash-update-component", json=callback_body(demo_app, sites_key), headers=headers
    ).get_json()["response"]["shell-filter-sites"]["options"]
    assert [o["value"] for o in options] == [own]


def _assert_no_identity(text: str, identities: set[str]) -> None:
    leaked = sorted(i for i in identities if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))
    assert not leaked, f"{len(leaked)} mentee identities in a meeting viewer's response"


def test_meeting_viewer_gets_no_mentee_identity(
    demo_app: Dash, demo_engine: Engine, client_for: ClientFor
) -> None:
    identities = mentee_identities(demo_engine)
    viewer = client_for("meeting_viewer")
    headers = same_origin_headers()
    for path in ("/", "/caseloads", "/notes", "/_dash-layout", "/_dash-dependencies"):
        response = viewer.get(path)
        assert response.status_code == 200
        _assert_no_identity(response.get_data(as_text=True), identities)

    refused = 0
    for key in callback_keys(demo_app):
        values = {f"{s['id']}.{s['property']}": {} for s in callback_body(demo_app, key)["inputs"]}
        values["_pages_location.pathname"] = "/caseloads"
        values["_pages_location.search"] = ""
        values["shell-url.search"] = ""
        body = callback_body(demo_app, key, values)
        response = viewer.post("/_dash-update-component", json=body, headers=headers)
        assert response.status_code in (200, 204, 403), (key, response.status_code)
        text = response.get_data(as_text=True)
        _assert_no_identity(text, identities)
        if "caseloads" in key:
            # refused, or nothing at all (a chart-click navigation with no click answers no update)
            empty = '{"multi":true,"response":{}}'
            nothing = response.status_code == 204 or text.replace(" ", "") == empty
            assert response.status_code == 403 or "do not have access" in text or nothing, key
            refused += 1
        if key.startswith(".._pages_content"):
            assert "page-forbidden" in text  # the caseloads layout is refused
    assert refused >= 1


def test_pages_callback_refuses_audit_page_to_supervisor(
    demo_app: Dash, client_for: ClientFor
) -> None:
    key = next(k for k in callback_keys(demo_app) if k.startswith(".._pages_content"))
    body = callback_body(demo_app, key, {"_pages_location.pathname": "/admin/audit"})
    supervisor = client_for("supervisor")
    text = supervisor.post(
        "/_dash-update-component", json=body, headers=same_origin_headers()
    ).get_data(as_text=True)
    assert "page-forbidden" in text
    admin_text = (
        client_for("admin")
        .post("/_dash-update-component", json=body, headers=same_origin_headers())
        .get_data(as_text=True)
    )
    assert "audit-heading" in admin_text and "page-forbidden" not in admin_text


def test_only_a_role_with_rounded_counts_is_told_they_are_rounded(client_for: ClientFor) -> None:
    """The filter bar says so under the filters for meeting viewers, and for nobody else."""
    viewer = client_for("meeting_viewer").get("/_dash-layout").get_data(as_text=True)
    assert "shell-rounding-note" in viewer and "rounded to the nearest 5" in viewer
    for role in ("admin", "supervisor"):
        layout = client_for(role).get("/_dash-layout").get_data(as_text=True)
        assert "shell-rounding-note" not in layout and "rounded to the nearest" not in layout
