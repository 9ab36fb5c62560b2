"""Each role, in the browser: the navbar offers its pages only, and every other page is refused.

Every page a supervisor or a meeting viewer may not open is opened with the console watched,
and refused; every page a meeting viewer may open is opened too, and never shows a mentee's
name or code. (The pages a role may open are each loaded and checked on two phones and a
desktop by ``tests/browser/test_phone.py``.)
"""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By

from dashboard.pages import PAGES, pages_for_role, role_may_open
from tests.conftest import TEST_DEMO_USER_PASSWORD
from tests.support import browser_login, elements_now, mentee_identities

pytestmark = pytest.mark.browser
ROLE_USERS = {"supervisor": "supervisor", "meeting_viewer": "viewer"}


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_a_role_sees_its_pages_and_is_refused_the_rest(dash_duo, demo_app, demo_engine, role):
    dash_duo.start_server(demo_app, navigate=False)
    browser_login(dash_duo, ROLE_USERS[role], TEST_DEMO_USER_PASSWORD)

    nav_labels = [a.text for a in dash_duo.find_elements(".app-navbar .nav-link")]
    assert nav_labels == [page.title for page in pages_for_role(role)]

    identities = mentee_identities(demo_engine)
    for page in PAGES:
        allowed = role_may_open(role, page.key)
        if allowed and role != "meeting_viewer":
            continue  # loaded and checked by tests/browser/test_phone.py's walk
        dash_duo.wait_for_page(dash_duo.server_url + page.path)
        if allowed:
            dash_duo.wait_for_text_to_equal("h1", page.title)
        else:
            dash_duo.wait_for_element("#page-forbidden")
            assert not elements_now(dash_duo.driver, ".js-plotly-plot, .ag-root")
        if role == "meeting_viewer":
            text = dash_duo.driver.find_element(By.TAG_NAME, "body").text
            shown = [
                i for i in identities if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)
            ]
            assert shown == [], page.path
        assert dash_duo.get_logs() == [], page.path
