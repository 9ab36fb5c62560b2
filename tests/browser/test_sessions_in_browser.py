"""Sessions that really end, in Chromium: a cookie copied before sign-out opens nothing, a
session ended on the server takes the open page to the sign-in form, and an admin ends a
user's sessions on the Audit trail page."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.common.exceptions import StaleElementReferenceException
from sqlalchemy import Engine

from dashboard import auth
from data.services.users import end_sessions
from layouts.ids import AuditIds, ShellIds
from tests.conftest import TEST_ADMIN_PASSWORD, TEST_DEMO_USER_PASSWORD
from tests.fixtures_app import sign_in
from tests.support import browser_login

pytestmark = pytest.mark.browser
COOKIE = "pmd_session"


def test_a_cookie_copied_before_sign_out_opens_nothing(dash_duo, demo_app) -> None:  # type: ignore[no-untyped-def]
    dash_duo.start_server(demo_app, navigate=False)
    browser_login(dash_duo, "supervisor", TEST_DEMO_USER_PASSWORD)
    saved = dash_duo.driver.get_cookie(COOKIE)
    assert saved is not None
    dash_duo.find_element(f"#{ShellIds.SIGN_OUT}").click()
    dash_duo.wait_for_element("#login-username")
    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.add_cookie({"name": COOKIE, "value": saved["value"], "path": "/"})
    dash_duo.driver.get(dash_duo.server_url + "/caseloads")
    dash_duo.wait_for_element("#login-username")
    assert "/login" in dash_duo.driver.current_url
    assert "Your session has ended" in dash_duo.find_element("body").text
    assert dash_duo.get_logs() == []


def test_a_session_ended_on_the_server_takes_the_page_to_sign_in(
    dash_duo, demo_app, demo_engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    dash_duo.start_server(demo_app, navigate=False)
    browser_login(dash_duo, "viewer", TEST_DEMO_USER_PASSWORD)
    dash_duo.wait_for_page(dash_duo.server_url + "/")
    dash_duo.wait_for_element("h1")
    dash_duo._wait_for_callbacks()  # the page's own callbacks answered before the session ends
    with demo_app.server.app_context():
        store = demo_app.server.extensions[auth.EXTENSION_KEY].store
    assert end_sessions(demo_engine, store, "viewer", actor="admin") >= 1

    # The next callback (choosing another page in the navbar) is refused: sign-in page. A
    # callback of the page still under way when the session ended gets there first: also fine.
    def click_last_page_link() -> bool:
        if dash_duo.find_elements("#login-username"):
            return True
        links = dash_duo.find_elements(".app-navbar .nav-link")
        if len(links) < 2:
            return False
        try:
            links[-1].click()
        except StaleElementReferenceException:  # the navbar was being redrawn: try again
            return False
        return True

    until(click_last_page_link, timeout=10)
    dash_duo.wait_for_element("#login-username", timeout=15)
    assert "reason=ended" in dash_duo.driver.current_url
    # Chromium logs the refused request itself (a 401 on the network); nothing else.
    logs = [e for e in dash_duo.get_logs() if "status of 401" not in e["message"]]
    assert logs == []


def test_an_admin_ends_a_users_sessions_on_the_audit_page(dash_duo, demo_app) -> None:  # type: ignore[no-untyped-def]
    elsewhere = demo_app.server.test_client()
    assert sign_in(elsewhere, "supervisor", TEST_DEMO_USER_PASSWORD) == 302
    dash_duo.start_server(demo_app, navigate=False)
    dash_duo.driver.set_window_size(1400, 2200)  # the section is below the trail's fold
    browser_login(dash_duo, "admin", TEST_ADMIN_PASSWORD)
    dash_duo.wait_for_page(dash_duo.server_url + "/admin/audit")
    dash_duo.wait_for_text_to_equal(f"#{AuditIds.SESSIONS_HEADING}", "Open sessions")
    user_picker = dash_duo.find_element(f"#{AuditIds.SESSIONS_USER}")
    # The trail above may be long: bring the picker into view before a real click.
    dash_duo.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", user_picker
    )
    user_picker.click()

    def supervisor_option():  # type: ignore[no-untyped-def]
        options = dash_duo.find_elements(".dash-dropdown-options .dash-dropdown-option")
        return next((o for o in options if o.text == "supervisor"), None)

    option = until(supervisor_option, timeout=10)
    dash_duo.driver.execute_script("arguments[0].click();", option)
    until(
        lambda: dash_duo.find_elements(f"#{AuditIds.SESSIONS_CHOSEN} input[type=checkbox]"),
        timeout=10,
    )
    button = dash_duo.find_element(f"#{AuditIds.SESSIONS_END_ALL}")
    # A script click: the page's sticky parts may cover the button in a 1000-pixel window.
    dash_duo.driver.execute_script("arguments[0].click();", button)
    dash_duo.wait_for_contains_text(f"#{AuditIds.SESSIONS_STATUS}", "Ended", timeout=10)
    dash_duo.wait_for_text_to_equal(f"#{AuditIds.SESSIONS_LIST}", "No open sessions.")
    assert elsewhere.get("/_dash-layout").status_code == 401
    assert dash_duo.get_logs() == []
