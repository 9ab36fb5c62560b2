"""The attention list in the browser: open it, follow an item, snooze one, see it come back.

Runs on the hand-made program of ``tests/data/attention_fixture.py`` (as seen on its DAY, by
the URL's end date) with the demo supervisor of Riverside.
"""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.by import By
from sqlalchemy import Engine, insert

from dashboard import create_app
from dashboard.settings import Settings
from data import schema as s
from data.services.users import ensure_demo_users
from layouts.ids import AttentionIds as ids
from layouts.ids import OverviewIds
from tests.conftest import TEST_DEMO_USER_PASSWORD
from tests.data import attention_fixture as fx
from tests.support import browser_login, elements_now

pytestmark = pytest.mark.browser
QUERY = "?start=2026-01-01&end=2026-06-15"
OVER_CAPACITY = "over_capacity|mentor:5"


@pytest.fixture
def attention_app(engine: Engine, settings: Settings):  # type: ignore[no-untyped-def]
    fx.load(engine)
    ensure_demo_users(engine, settings)
    return create_app(settings=settings, engine=engine)


def _item(key: str) -> str:
    return f".attention-item[data-item='{key}']"


def _mark(dash_duo, key: str) -> str | None:  # type: ignore[no-untyped-def]
    """The item's data-mark, read in one step in the browser: the list is redrawn after each
    mark, and a Selenium element found just before can be gone by the time it is read."""
    return dash_duo.driver.execute_script(
        "const el = document.querySelector(arguments[0]); return el ? el.dataset.mark : null;",
        _item(key),
    )


def _click(dash_duo, element) -> None:  # type: ignore[no-untyped-def]
    """Click ``element`` wherever it is on the (long) page, as a keyboard user would."""
    dash_duo.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element
    )
    dash_duo.driver.execute_script("arguments[0].click()", element)


def _button(dash_duo, key: str, action: str):  # type: ignore[no-untyped-def]
    item = dash_duo.find_element(_item(key))
    for button in item.find_elements(By.TAG_NAME, "button"):
        if button.get_attribute("id") and f'"action":"{action}"' in button.get_attribute("id"):
            return button
    raise AssertionError(f"no {action} button on {key}")


def test_open_follow_snooze_and_see_it_return(dash_duo, attention_app, engine):  # type: ignore[no-untyped-def]
    dash_duo.start_server(attention_app, navigate=False)
    browser_login(dash_duo, "supervisor", TEST_DEMO_USER_PASSWORD)

    # The Overview shows the counts for staff and links to the list.
    dash_duo.wait_for_page(dash_duo.server_url + "/" + QUERY)
    dash_duo.wait_for_contains_text(f"#{ids.OVERVIEW_CARD}", "items need attention")
    dash_duo.wait_for_contains_text(f"#{ids.OVERVIEW_CARD}", "Over capacity: 1")
    nav = [a.text for a in dash_duo.find_elements(".app-navbar .nav-link")]
    assert "Needs attention" in nav
    dash_duo.find_element(f"#{ids.OVERVIEW_CARD}-link").click()
    dash_duo.wait_for_text_to_equal("h1", "Needs attention", timeout=30)

    # Every expected item is listed, wins come first, and each says what and since when.
    for kind, key in fx.EXPECTED:
        dash_duo.wait_for_element(_item(f"{kind}|{key}"))
    wins = dash_duo.find_element(f"#{ids.WINS}")
    assert wins.location["y"] < dash_duo.find_element(f"#{ids.LIST}").location["y"]
    item = dash_duo.find_element(_item(OVER_CAPACITY))
    assert "Eve Stone" in item.text and "2 mentees for a capacity of 1" in item.text
    assert "Since 10 Feb 2026" in item.text

    # Follow an item to the page where one acts on it; the period and its site come along.
    free = dash_duo.find_element(_item("free_place|site:1"))
    assert "3 mentees waiting while 1 place is free (Ben Okafor 1)" in free.text
    assert "Since 1 Apr 2026" in free.text
    _click(dash_duo, free.find_element(By.TAG_NAME, "a"))
    dash_duo.wait_for_text_to_equal("h1", "Caseloads", timeout=30)
    assert "sites=1" in dash_duo.driver.current_url
    assert "end=2026-06-15" in dash_duo.driver.current_url
    dash_duo.driver.back()
    dash_duo.wait_for_text_to_equal("h1", "Needs attention", timeout=30)

    # Snooze it for two weeks with a reason: it leaves the list.
    dash_duo.wait_for_element(_item(OVER_CAPACITY))
    _click(dash_duo, _button(dash_duo, OVER_CAPACITY, "snooze"))
    dash_duo.wait_for_contains_text(f"#{ids.SNOOZE_WHAT}", "Eve Stone")
    dash_duo.find_element(f"#{ids.SNOOZE_REASON}").send_keys("A new mentor starts next week")
    dash_duo.find_element(f"#{ids.SNOOZE_SAVE}").click()
    dash_duo.wait_for_contains_text(f"#{ids.MESSAGE}", "Snoozed until")
    until(lambda: not elements_now(dash_duo.driver, _item(OVER_CAPACITY)), 10)
    dash_duo.wait_for_element(_item("no_contact|match:1"))

    # Shown with snoozed items, it says who snoozed it and why.
    _click(dash_duo, dash_duo.find_element(f"#{ids.SHOW_SNOOZED}"))
    dash_duo.wait_for_element(_item(OVER_CAPACITY))
    until(lambda: _mark(dash_duo, OVER_CAPACITY) == "snoozed", 10)
    dash_duo.wait_for_contains_text(_item(OVER_CAPACITY), "Snoozed by supervisor")
    dash_duo.wait_for_contains_text(_item(OVER_CAPACITY), "A new mentor starts next week")

    # Its cause changes (Eve takes a third mentee): the item returns, unmarked.
    with engine.begin() as conn:
        conn.execute(insert(s.Match), [fx._match(70, 1, 5, 11, fx.D(2026, 6, 12))])
    dash_duo.wait_for_page(dash_duo.server_url + "/attention" + QUERY)
    dash_duo.wait_for_element(_item(OVER_CAPACITY))
    until(lambda: _mark(dash_duo, OVER_CAPACITY) == "open", 10)
    dash_duo.wait_for_contains_text(_item(OVER_CAPACITY), "3 mentees for a capacity of 1")

    # Mark another seen: it stays, saying who saw it.
    _click(dash_duo, _button(dash_duo, "no_contact|match:1", "seen"))
    until(lambda: _mark(dash_duo, "no_contact|match:1") == "seen", 10)
    dash_duo.wait_for_contains_text(_item("no_contact|match:1"), "Seen by supervisor")
    # The supervisor's own weekly email: no address on file yet, so the switch is off.
    dash_duo.wait_for_contains_text(f"#{ids.DIGEST_NOTE}", "No email address is on file")
    assert dash_duo.get_logs() == []


def test_a_meeting_viewer_never_sees_the_list(dash_duo, attention_app):  # type: ignore[no-untyped-def]
    dash_duo.start_server(attention_app, navigate=False)
    browser_login(dash_duo, "viewer", TEST_DEMO_USER_PASSWORD)
    dash_duo.wait_for_page(dash_duo.server_url + "/" + QUERY)
    dash_duo.wait_for_element(f"#{OverviewIds.ACTIVE_MENTEES}")
    nav = [a.text for a in dash_duo.find_elements(".app-navbar .nav-link")]
    assert "Needs attention" not in nav
    dash_duo.wait_for_text_to_equal(f"#{OverviewIds.ACTIVE_MENTORS}", "3")
    assert dash_duo.find_element(f"#{ids.OVERVIEW_CARD}").text == ""
    dash_duo.wait_for_page(dash_duo.server_url + "/attention" + QUERY)
    dash_duo.wait_for_element("#page-forbidden")
    assert not elements_now(dash_duo.driver, ".attention-item")
    assert dash_duo.get_logs() == []
