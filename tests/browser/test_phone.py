"""Every page as each role uses it: on two phones (390x844 and 412x915) and on a desktop.

One browser per role signs in and opens every page the role may open (``dashboard.pages``):
navbar pages one after another through the navbar's menu, as a thumb would, the others by
address. Each page is loaded on the first phone, loaded again on the second, then looked at on
a desktop as it is (three loads a page would show nothing more and cost a minute a role).

On each phone: a clean console, nothing that makes the page scroll sideways, the closed navbar
at most 80 px tall, every button, menu link and toggler at least 44 px tall, charts re-laid
for the width (assets/small-screen-charts.js: no label cut off at the edge, no x tick labels on
top of each other, no drag-to-zoom that would catch a finger scrolling the page; on the
Overview a swipe over the chart scrolls the page), charts that come to rest, nothing fetched
from another site (a CDN), the menu opening with the toggler (aria-expanded) onto the role's
page links, and no serious or critical axe-core violation. On the desktop: the console and
axe-core again (the refusal, sign-in and error pages: ``tests/browser/test_accessibility.py``).

Meeting mode is a 1920x1080 stage scaled to fit, with the navbar hidden under it: there only
the console, the sideways scroll and axe are checked.

The viewport is set through the DevTools protocol, as ``tests/browser/test_meeting.py`` does,
as a phone's (``mobile``: the page's meta viewport applies; scroll bars float over the page):
``set_window_size`` sizes the window, not the page, so 390x844 gives headless Chromium a page
of 390x701 with a desktop scroll bar taking 15 px of its width.
"""

from __future__ import annotations

import contextlib
import functools
import json
from typing import Any

import pytest
from dash.testing import errors
from dash.testing.wait import until
from selenium.webdriver.common.by import By
from sqlalchemy import Engine

from dashboard.pages import PAGES, PageSpec, pages_for_role, role_may_open
from layouts.ids import ShellIds
from tests.browser.test_accessibility import (
    RUN_AXE,
    axe_source,
    blocking_violations,
    concrete_path,
)
from tests.conftest import TEST_ADMIN_PASSWORD, TEST_DEMO_USER_PASSWORD
from tests.fixtures_app import DEMO_USERNAMES
from tests.support import browser_login, elements_now

pytestmark = pytest.mark.browser

PHONES = [(390, 844), (412, 915)]
DESKTOP = (1280, 800)
ROLES = ("admin", "supervisor", "meeting_viewer")
NAVBAR_MAX_PX = 80
TOUCH_MIN_PX = 44
TOGGLER = f"#{ShellIds.NAV_TOGGLER}"
COLLAPSE = f"#{ShellIds.NAV_COLLAPSE}"
LOADING = "[data-dash-is-loading='true']"
SWIPE_STEPS = 10
SWIPE_STEP_PX = 20
AXE_SOURCE = functools.cache(axe_source)

# What the page fetched from anywhere but the app itself (a CDN would fail offline).
FOREIGN_JS = """
return performance.getEntriesByType('resource').map(e => e.name)
  .filter(url => !url.startsWith(location.origin + '/') && !url.startsWith('data:'));
"""
NAVBAR_JS = "return document.querySelector('.app-navbar').getBoundingClientRect().height"
SIDEWAYS_JS = """
const html = document.documentElement;
return [html.scrollWidth, html.clientWidth, window.innerWidth];
"""
# Everything a finger taps, as drawn now: [description, height] of each one under 44 px.
# Tables' own controls (AG Grid) and plotly's bar are not counted; meeting mode is a stage.
SMALL_TARGETS_JS = """
const small = [];
const taps = 'button, .btn, .nav-link, .navbar-toggler, .page-link, [role=button], ' +
  '.dash-dropdown, .dash-datepicker-input-wrapper';
for (const el of document.querySelectorAll(taps)) {
  if (el.closest('.ag-root-wrapper, .modebar, .meeting-deck')) continue;
  const box = el.getBoundingClientRect();
  if (!box.width || !box.height || getComputedStyle(el).visibility !== 'visible') continue;
  if (box.height < arguments[0] - 0.5) {
    small.push([el.tagName + '#' + el.id + ' "' + el.textContent.trim().slice(0, 30) + '"',
                Math.round(box.height)]);
  }
}
return small;
"""
# Each chart outside meeting mode, as a phone shows it: what is wrong with it.
CHART_PROBLEMS_JS = """
const problems = [];
for (const graph of document.querySelectorAll('.dash-graph')) {
  if (graph.closest('.meeting-deck')) continue;
  const name = graph.id || 'a graph';
  const gd = graph.querySelector('.js-plotly-plot');
  if (!gd || !gd._fullLayout || gd.classList.contains('dash-graph--pending')) {
    problems.push(name + ': not drawn yet');
    continue;
  }
  const frame = gd.getBoundingClientRect();
  if (gd._fullLayout.dragmode !== false) {
    problems.push(name + ': drag mode ' + gd._fullLayout.dragmode);
  }
  const texts = gd.querySelectorAll('.xtick text, .ytick text, .gtitle, .g-xtitle text, ' +
    '.g-ytitle text, .legendtext, .cbaxis text');
  for (const text of texts) {
    const box = text.getBoundingClientRect();
    if (!box.width) continue;
    if (box.left < frame.left - 1 || box.right > frame.right + 1 ||
        box.top < frame.top - 1 || box.bottom > frame.bottom + 1) {
      problems.push(name + ': "' + text.textContent.slice(0, 40) + '" cut off (at ' +
        [box.left, box.top, box.right, box.bottom].map(Math.round) + ' in a frame at ' +
        [frame.left, frame.top, frame.right, frame.bottom].map(Math.round) + ')');
    }
  }
  for (const axis of gd.querySelectorAll('.xaxislayer-above')) {
    const boxes = Array.from(axis.querySelectorAll('.xtick text'))
      .map(t => t.getBoundingClientRect()).filter(b => b.width)
      .sort((a, b) => a.left - b.left);
    for (let i = 1; i < boxes.length; i += 1) {
      const [a, b] = [boxes[i - 1], boxes[i]];
      if (b.left < a.right - 1 && b.top < a.bottom - 1 && a.top < b.bottom - 1) {
        problems.push(name + ': x tick labels on top of each other');
        break;
      }
    }
  }
}
return problems;
"""

# The time of the charts' last redraw from now on (a chart that keeps re-laying itself would
# eat the phone's battery and hold up every tap).
WATCH_REDRAWS_JS = """
for (const gd of document.querySelectorAll('.js-plotly-plot')) {
  if (!gd.phoneTestWatched && gd.on) {
    gd.phoneTestWatched = true;
    gd.on('plotly_afterplot', () => { window.phoneTestLastRedraw = performance.now(); });
  }
}
"""
QUIET_JS = "return performance.now() - (window.phoneTestLastRedraw || 0) > arguments[0];"
QUIET_MS = 500


def _phone(duo: Any, width: int, height: int) -> None:
    """A phone's viewport of ``width`` x ``height`` CSS pixels."""
    _viewport(duo, width, height, mobile=True)


def _viewport(duo: Any, width: int, height: int, mobile: bool) -> None:
    """A viewport of ``width`` x ``height`` CSS pixels, a phone's when ``mobile``."""
    duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )
    # A phone's scroll bars float over the page and take none of its width.
    duo.driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": mobile})


def _sign_in(duo: Any, role: str) -> None:
    """Sign in as the demo user of ``role``, the previous user's session dropped."""
    duo.driver.delete_all_cookies()
    username = DEMO_USERNAMES[role]
    password = TEST_ADMIN_PASSWORD if role == "admin" else TEST_DEMO_USER_PASSWORD
    browser_login(duo, username, password)


def _wait(duo: Any, condition: Any, what: str, timeout: float = 20) -> None:
    until(condition, timeout=timeout, msg=f"gave up waiting for {what} at {duo.driver.current_url}")


def _settled(duo: Any, page: PageSpec) -> None:
    """Wait for the page's heading and for Dash to finish its callbacks."""
    duo.wait_for_text_to_equal("h1", page.title, timeout=20)
    _wait(duo, lambda: not elements_now(duo.driver, LOADING), "Dash to settle")


def _chart_problems(duo: Any) -> list[str]:
    """What is wrong with the charts, once they have had the time to be re-laid."""
    problems: list[str] = []

    def fitted() -> bool:
        problems[:] = duo.driver.execute_script(CHART_PROBLEMS_JS)
        return not problems

    with contextlib.suppress(errors.TestingTimeoutError):
        until(fitted, timeout=10)
    return problems


def _charts_rest(duo: Any, where: str) -> None:
    """Wait until no chart has been redrawn for QUIET_MS: charts that re-lay themselves
    over and over never come to rest."""
    driver = duo.driver
    driver.execute_script(WATCH_REDRAWS_JS)
    _wait(
        duo,
        lambda: driver.execute_script(QUIET_JS, QUIET_MS),
        f"the charts of {where} to come to rest",
        10,
    )


def _swipe_over_a_chart_scrolls(duo: Any, where: str) -> None:
    """A finger drawn down across a chart scrolls the page up (plotly's drag-to-zoom would
    take the touch for itself)."""
    driver = duo.driver
    plot = driver.find_element(By.CSS_SELECTOR, ".js-plotly-plot .nsewdrag")
    x, y = driver.execute_script(
        # Instantly: Bootstrap makes scrolling smooth, and the box would be measured mid-way.
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});"
        "const box = arguments[0].getBoundingClientRect();"
        "return [box.left + box.width / 2, box.top + box.height / 2];",
        plot,
    )
    before = driver.execute_script("return window.scrollY")
    touch = "Input.dispatchTouchEvent"
    driver.execute_cdp_cmd(touch, {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, SWIPE_STEPS + 1):
        point = {"x": x, "y": y + step * SWIPE_STEP_PX}
        driver.execute_cdp_cmd(touch, {"type": "touchMove", "touchPoints": [point]})
    driver.execute_cdp_cmd(touch, {"type": "touchEnd", "touchPoints": []})
    _wait(
        duo,
        lambda: driver.execute_script("return window.scrollY") < before - SWIPE_STEP_PX,
        f"a swipe over the chart on {where} to scroll the page",
        3,
    )


def _fits(duo: Any, width: int, where: str) -> None:
    """Nothing scrolls sideways, everything tapped is big enough, nothing came from another
    site, axe finds no blocker.

    A phone zooms out to show a page wider than itself, so the window (innerWidth) widens
    with the page: the page is measured against the phone's own ``width`` too.
    """
    driver = duo.driver
    scroll_width, client_width, inner_width = driver.execute_script(SIDEWAYS_JS)
    assert scroll_width <= min(width, inner_width, client_width), (
        f"{where} scrolls sideways: {scroll_width} px wide on a {width} px phone"
    )
    small = driver.execute_script(SMALL_TARGETS_JS, TOUCH_MIN_PX)
    assert small == [], f"{where}: too small to tap: {small}"
    assert driver.execute_script(FOREIGN_JS) == [], f"{where} loaded from elsewhere"
    _axe_clean(duo, where)


def _axe_clean(duo: Any, where: str) -> None:
    """axe-core finds no serious or critical violation on the page as it is drawn now."""
    driver = duo.driver
    if not driver.execute_script("return typeof axe !== 'undefined'"):
        driver.execute_script(AXE_SOURCE())
    violations = driver.execute_async_script(RUN_AXE)
    assert not isinstance(violations, dict), violations
    problems = blocking_violations(violations)
    assert problems == [], f"axe on {where}:\n" + "\n".join(problems)


def _menu_closed(duo: Any) -> bool:
    """True when the menu is closed, says so to a screen reader, and the navbar is short."""
    toggler = duo.driver.find_element(By.CSS_SELECTOR, TOGGLER)
    collapse = duo.driver.find_element(By.CSS_SELECTOR, COLLAPSE)
    return (
        toggler.get_attribute("aria-expanded") == "false"
        and not collapse.is_displayed()
        and duo.driver.execute_script(NAVBAR_JS) <= NAVBAR_MAX_PX
    )


def _open_menu(duo: Any, role: str, where: str) -> None:
    """Check the closed navbar, open its menu with the toggler, check what it offers."""
    driver = duo.driver
    _wait(duo, lambda: _menu_closed(duo), f"the navbar's menu to be closed on {where}", 5)
    height = driver.execute_script(NAVBAR_JS)
    assert height <= NAVBAR_MAX_PX, f"{where}: the closed navbar is {height} px tall"
    # Back to the top, where the navbar is (at once: Bootstrap scrolls smoothly, and a click
    # during the scroll would miss).
    driver.execute_script("window.scrollTo({top: 0, behavior: 'instant'});")
    toggler = driver.find_element(By.CSS_SELECTOR, TOGGLER)
    assert toggler.is_displayed()
    assert toggler.get_attribute("aria-label"), "the toggler has no accessible name"
    assert toggler.get_attribute("aria-controls") == ShellIds.NAV_COLLAPSE
    toggler.click()
    keys = [page.key for page in pages_for_role(role)]
    _wait(
        duo,
        lambda: (
            toggler.get_attribute("aria-expanded") == "true"
            and all(_nav_link(driver, key).is_displayed() for key in keys)
            and driver.find_element(By.ID, ShellIds.SIGN_OUT).is_displayed()
        ),
        f"the menu to open on {where} with the {role}'s page links",
        5,
    )
    small = driver.execute_script(SMALL_TARGETS_JS, TOUCH_MIN_PX)
    assert small == [], f"{where}, menu open: too small to tap: {small}"


def _nav_link(driver: Any, page_key: str) -> Any:
    """The navbar's link to ``page_key`` (Dash writes a dict id as sorted, compact JSON)."""
    dom_id = json.dumps(ShellIds.nav_link(page_key), sort_keys=True, separators=(",", ":"))
    return driver.find_element(By.XPATH, f"//*[@id='{dom_id}']")


def _check_phone(duo: Any, page: PageSpec, size: tuple[int, int], where: str) -> None:
    """The page, as loaded, on the phone of ``size``: charts re-laid and at rest, it fits, the
    closed navbar is short."""
    where = f"{where} at {size[0]}x{size[1]}"
    if page.key != "meeting":
        problems = _chart_problems(duo)
        assert problems == [], f"{where}: " + "; ".join(problems)
        _charts_rest(duo, where)
        _wait(duo, lambda: _menu_closed(duo), f"the navbar's menu to be closed on {where}", 5)
    _fits(duo, size[0], where)
    assert duo.get_logs() == [], where


def _check_desktop(duo: Any, page: PageSpec, where: str) -> None:
    """The page, as loaded, on a desktop: charts re-laid and at rest, axe clean."""
    where = f"{where} on a {DESKTOP[0]}x{DESKTOP[1]} desktop"
    _viewport(duo, *DESKTOP, mobile=False)
    if page.key != "meeting":
        _charts_rest(duo, where)
    _axe_clean(duo, where)
    assert duo.get_logs() == [], where


def _visit_every_page(duo: Any, engine: Engine, role: str) -> None:
    """Open each page ``role`` may open, navbar pages through the menu where there is one, and
    look at it on each phone and on a desktop."""
    pages = [p for p in PAGES if role_may_open(role, p.key)]
    previous: PageSpec | None = None
    for page in pages:
        path = concrete_path(page, engine)
        assert path is not None, f"no real id for {page.path} in the demo data"
        _phone(duo, *PHONES[0])
        menu = previous is not None and previous.in_navbar and previous.key != "meeting"
        where = f"{path} as {role}"
        if previous is not None and previous.key != "meeting":
            # The previous page's menu, on the first phone: closed, then opened with the toggler.
            _open_menu(duo, role, f"{previous.path} as {role}")
        if menu and page.in_navbar:
            _nav_link(duo.driver, page.key).click()
            _wait(
                duo,
                lambda path=path: duo.driver.current_url.split("?")[0].endswith(path),
                f"the menu's link to {page.title}",
            )
        else:
            duo.driver.get(duo.server_url + path)
        _settled(duo, page)
        assert duo.get_logs() == [], where
        for number, size in enumerate(PHONES):
            if number:
                # Loaded afresh: a phone does not change its width under an open page. (A
                # width changed under a re-laid chart can leave its box 0 px tall: noted in
                # docs/user-guide.md's phone section.)
                _phone(duo, *size)
                duo.driver.refresh()
                _settled(duo, page)
            _check_phone(duo, page, size, where)
            if page.key == "overview" and not number:
                _swipe_over_a_chart_scrolls(duo, where)
        _check_desktop(duo, page, where)
        previous = page
    _phone(duo, *PHONES[0])
    if previous is not None and previous.key != "meeting":
        _open_menu(duo, role, f"{previous.path} as {role}")
        duo.driver.find_element(By.CSS_SELECTOR, TOGGLER).click()
        _wait(duo, lambda: _menu_closed(duo), "the toggler to close the menu", 5)


# One test per role, each its own xdist group: the suite's workers share them out.
@pytest.mark.parametrize(
    "role", [pytest.param(role, marks=pytest.mark.xdist_group(f"pages-{role}")) for role in ROLES]
)
def test_every_page_fits_phones_and_a_desktop(dash_duo, demo_app, demo_engine, role) -> None:
    """Every page ``role`` may open, on each phone and on a desktop."""
    dash_duo.start_server(demo_app, navigate=False)
    _phone(dash_duo, *PHONES[0])
    dash_duo.driver.set_script_timeout(60)
    _sign_in(dash_duo, role)
    _visit_every_page(dash_duo, demo_engine, role)
    assert dash_duo.get_logs() == []


def test_the_phone_checks_see_what_they_should(dash_duo, demo_app) -> None:
    """The checks themselves work: a wide element, an open menu, a small button, and a chart
    as a desktop draws it (widening the window puts the figure's own layout back)."""
    dash_duo.start_server(demo_app, navigate=False)
    _phone(dash_duo, *PHONES[0])
    _sign_in(dash_duo, "admin")
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/")
    _settled(dash_duo, PAGES[0])
    _wait(dash_duo, lambda: elements_now(driver, ".js-plotly-plot g.trace"), "the chart")
    assert _chart_problems(dash_duo) == []
    assert _menu_closed(dash_duo)
    assert driver.execute_script(SMALL_TARGETS_JS, TOUCH_MIN_PX) == []

    driver.execute_script(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<div style=\"width: 600px; height: 1px\"></div>');"
    )
    scroll_width, _client, _inner = driver.execute_script(SIDEWAYS_JS)
    assert scroll_width > PHONES[0][0]

    driver.execute_script(f"document.querySelector('{COLLAPSE}').classList.add('show');")
    assert driver.execute_script(NAVBAR_JS) > NAVBAR_MAX_PX
    assert not _menu_closed(dash_duo)

    driver.execute_script(
        f"const reset = document.getElementById('{ShellIds.FILTER_RESET}');"
        "reset.style.minHeight = '20px'; reset.style.height = '20px';"
    )
    small = driver.execute_script(SMALL_TARGETS_JS, TOUCH_MIN_PX)
    assert [target for target, _height in small] == [
        f'BUTTON#{ShellIds.FILTER_RESET} "Reset filters"'
    ]

    _viewport(dash_duo, 1400, 1000, mobile=False)
    _wait(
        dash_duo,
        lambda: any("drag mode zoom" in p for p in driver.execute_script(CHART_PROBLEMS_JS)),
        "the chart to be drawn for a desktop again",
        10,
    )
