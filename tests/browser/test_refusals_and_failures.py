"""What a person sees when a session ends or a callback fails while a page is open."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.by import By

from data.services.users import reset_password
from layouts.ids import OverviewIds, ShellIds
from tests.conftest import TEST_ADMIN_PASSWORD
from tests.support import browser_login

pytestmark = pytest.mark.browser


def test_an_ended_session_takes_the_open_page_to_sign_in(dash_duo, demo_app, demo_engine):
    dash_duo.start_server(demo_app, navigate=False)
    browser_login(dash_duo, "admin", TEST_ADMIN_PASSWORD)
    dash_duo.wait_for_element(f"#{OverviewIds.ACTIVE_MENTEES}")

    # An administrator resets this user's password elsewhere: their other sessions end.
    reset_password(demo_engine, "admin", TEST_ADMIN_PASSWORD, actor="test")
    dash_duo.find_element(f"#{ShellIds.FILTER_RESET}").click()

    until(lambda: "/login" in dash_duo.driver.current_url, timeout=10)
    message = dash_duo.wait_for_element("#login-message")
    assert "session has ended" in message.text
    assert dash_duo.driver.find_elements(By.ID, "login-username")
    # The refused request itself is the one console entry; nothing else went wrong.
    logs = dash_duo.get_logs()
    assert [entry["source"] for entry in logs] in ([], ["network"]), logs
    assert all("401" in entry["message"] for entry in logs)


def test_a_failing_callback_shows_its_reference_on_the_page(
    dash_duo, demo_app, monkeypatch: pytest.MonkeyPatch
):
    def failing_query(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the database went away")

    monkeypatch.setattr("dashboard.query_cache.QueryCache.run", failing_query)
    dash_duo.start_server(demo_app, navigate=False)
    browser_login(dash_duo, "admin", TEST_ADMIN_PASSWORD)

    banner = dash_duo.wait_for_element("#app-callback-error")
    until(lambda: "reference" in banner.text, timeout=10)
    assert "Something went wrong" in banner.text
    assert "database went away" not in banner.text  # the cause stays in the server log
    logs = dash_duo.get_logs()
    assert logs and all("500" in entry["message"] for entry in logs if entry["source"] == "network")


def test_signing_out_from_the_navbar_ends_the_session(dash_duo, demo_app):
    dash_duo.start_server(demo_app, navigate=False)
    browser_login(dash_duo, "admin", TEST_ADMIN_PASSWORD)
    dash_duo.find_element(f"#{ShellIds.SIGN_OUT}").click()

    message = dash_duo.wait_for_element("#login-message")
    assert "signed out" in message.text
    dash_duo.driver.get(dash_duo.server_url + "/caseloads")  # the session is really gone
    dash_duo.wait_for_element("#login-username")
    assert dash_duo.get_logs() == []
