"""Meeting mode in Chromium: walk every slide with the keyboard at 1920x1080 and 1280x720,
no scrollbar or overflow, nothing under 24 px at 1920x1080 (chart SVG text included), no
mentee identity on any slide for any role, no serious or critical axe-core violation on any
slide (not only the first, which tests/browser/test_accessibility.py checks), a clean
console; the pack opens offline."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from data import clock
from tests.browser.test_accessibility import RUN_AXE, axe_source, blocking_violations
from tests.conftest import TEST_ADMIN_PASSWORD, TEST_DEMO_USER_PASSWORD
from tests.fixtures_app import DEMO_USERNAMES
from tests.support import browser_login, elements_now, mentee_identities

pytestmark = pytest.mark.browser
LAST_MONTH = f"{clock.today().replace(day=1) - dt.timedelta(days=1):%Y-%m}"
ROOM_MIN_PX = 24

# Everything visible on the screen now (toolbar and current slide): the smallest rendered font
# of any element that draws text (HTML text nodes, form controls, SVG <text>), times the
# stage's scale, with the offending texts.
SMALLEST_FONT_JS = """
const deck = document.getElementById('meeting-deck');
const scale = parseFloat(deck.getAttribute('data-scale') || '1');
const roots = [document.getElementById('meeting-toolbar'),
               deck.querySelector('.meeting-slide.is-current')];
let smallest = 1000; const small = [];
for (const root of roots) {
  for (const el of root.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible' || style.display === 'none') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const control = ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(el.tagName);
    const ownText = Array.from(el.childNodes).some(
      n => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
    if (!control && !ownText) continue;
    const size = parseFloat(style.fontSize) * scale;
    if (size < smallest) smallest = size;
    if (size < arguments[0]) small.push(el.tagName + ': ' + (el.textContent || '').slice(0, 40));
  }
}
return [smallest, small];
"""
LAYOUT_JS = """
const html = document.documentElement;
const slide = document.querySelector('#meeting-deck .meeting-slide.is-current');
const box = slide.getBoundingClientRect();
const outside = Array.from(slide.querySelectorAll('*')).filter(el => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility === 'visible' &&
    (r.bottom > box.bottom + 1 || r.right > box.right + 1);
}).map(el => el.tagName + '.' + el.className + ': ' + (el.textContent || '').slice(0, 30));
// Boxes that clip their content (cards, tiles, note columns) must not be cutting any off.
for (const boxed of slide.querySelectorAll('.meeting-card, .meeting-tile, .meeting-column')) {
  if (boxed.scrollHeight > boxed.clientHeight + 1) {
    outside.push('clipped ' + boxed.className + ': ' + (boxed.textContent || '').slice(0, 30));
  }
}
return {
  page: [html.scrollWidth, html.scrollHeight, window.innerWidth, window.innerHeight],
  scrolls: slide.scrollHeight > slide.clientHeight + 1 || slide.scrollWidth > slide.clientWidth + 1,
  outside: outside,
};
"""


def _viewport(dash_duo, width: int, height: int) -> None:
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def _open_deck(dash_duo, demo_app, role: str, charts: int = 2) -> int:
    """Sign in as ``role``, open last month's deck and wait until every slide is filled."""
    dash_duo.start_server(demo_app, navigate=False)
    username = DEMO_USERNAMES[role]
    password = TEST_ADMIN_PASSWORD if role == "admin" else TEST_DEMO_USER_PASSWORD
    browser_login(dash_duo, username, password)
    dash_duo.wait_for_page(f"{dash_duo.server_url}/meeting?month={LAST_MONTH}")
    dash_duo.wait_for_text_to_equal("h1", "Meeting mode")
    driver = dash_duo.driver
    dash_duo._wait_for_callbacks()

    def filled(_driver) -> bool:  # type: ignore[no-untyped-def]
        deck = driver.find_element(By.ID, "meeting-deck")
        count = driver.execute_script(
            "return document.querySelectorAll('#meeting-deck .meeting-slide').length"
        )
        drawn = elements_now(driver, "#meeting-deck .js-plotly-plot g.trace")
        mentors = elements_now(driver, ".meeting-cards, #meeting-slide-mentors-1 p")
        return (
            deck.get_attribute("data-slides") == str(count)
            and len(drawn) >= charts
            and bool(mentors)
            and driver.find_element(By.ID, "meeting-month-label").text != ""
        )

    dash_duo.wait_for_element("#meeting-counter")
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(filled)
    return int(driver.find_element(By.ID, "meeting-deck").get_attribute("data-slides"))


def _press(dash_duo, key: str) -> None:
    dash_duo.find_element("body").send_keys(key)


def _at_slide(dash_duo, number: int, total: int) -> None:
    dash_duo.wait_for_text_to_equal("#meeting-counter", f"Slide {number} of {total}")


def _check_layout(dash_duo, where: str) -> None:
    found = dash_duo.driver.execute_script(LAYOUT_JS)
    width, height, inner_width, inner_height = found["page"]
    assert width <= inner_width and height <= inner_height, (where, found["page"])
    assert not found["scrolls"], where
    assert found["outside"] == [], where


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=["1920x1080", "1280x720"])
def test_walk_every_slide_with_the_keyboard(dash_duo, demo_app, demo_engine, size):
    _viewport(dash_duo, *size)
    total = _open_deck(dash_duo, demo_app, "admin")
    assert total >= 7
    identities = mentee_identities(demo_engine)
    _at_slide(dash_duo, 1, total)
    for number in range(1, total + 1):
        _at_slide(dash_duo, number, total)
        _check_layout(dash_duo, f"slide {number} at {size}")
        text = dash_duo.driver.find_element(By.CSS_SELECTOR, ".meeting-slide.is-current").text
        assert text.strip(), number
        shown = [i for i in identities if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
        assert shown == [], number
        if size == (1920, 1080):
            smallest, small = dash_duo.driver.execute_script(SMALLEST_FONT_JS, ROOM_MIN_PX)
            assert small == [] and smallest >= ROOM_MIN_PX, (number, smallest, small)
        # Clickers send Page Down, people press the arrow or space: use each in turn.
        _press(dash_duo, [Keys.ARROW_RIGHT, Keys.PAGE_DOWN, Keys.SPACE][number % 3])
    _at_slide(dash_duo, total, total)  # stops at the last slide
    _press(dash_duo, Keys.PAGE_UP)
    _at_slide(dash_duo, total - 1, total)
    _press(dash_duo, Keys.ARROW_LEFT)
    _at_slide(dash_duo, total - 2, total)
    _press(dash_duo, Keys.HOME)
    _at_slide(dash_duo, 1, total)
    _press(dash_duo, Keys.END)
    _at_slide(dash_duo, total, total)
    dash_duo.find_element("#meeting-prev").click()
    _at_slide(dash_duo, total - 1, total)
    dash_duo.find_element("#meeting-next").click()
    _at_slide(dash_duo, total, total)
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("role", ["supervisor", "meeting_viewer"])
def test_no_slide_shows_a_mentee_for_other_roles(dash_duo, demo_app, demo_engine, role):
    _viewport(dash_duo, 1920, 1080)
    total = _open_deck(dash_duo, demo_app, role)
    identities = mentee_identities(demo_engine)
    driver = dash_duo.driver
    driver.execute_script(axe_source())  # the bundled axe-core, injected: nothing downloaded
    driver.set_script_timeout(60)
    for number in range(1, total + 1):
        _at_slide(dash_duo, number, total)
        text = driver.find_element(By.CSS_SELECTOR, ".meeting-slide.is-current").text
        shown = [i for i in identities if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
        assert shown == [], (role, number)
        violations = driver.execute_async_script(RUN_AXE)
        assert blocking_violations(violations) == [], (role, number)
        _press(dash_duo, Keys.ARROW_RIGHT)
    # The shell under the deck is out of reach: nothing invisible takes the keyboard focus.
    assert not driver.find_element(By.CSS_SELECTOR, ".app-navbar").is_displayed()
    form_hidden = dash_duo.driver.find_element(By.ID, "meeting-capture-form").get_attribute(
        "hidden"
    )
    assert bool(form_hidden) == (role == "meeting_viewer")
    assert dash_duo.get_logs() == []


def test_typing_a_note_does_not_turn_the_slide_and_saves(dash_duo, small_app):
    # Its own empty database: the shared demo data stays read-only.
    _viewport(dash_duo, 1280, 720)
    total = _open_deck(dash_duo, small_app, "supervisor", charts=0)
    # Auto-advance: the menu offers 20 s and more; a one-second choice shows it moving on.
    dash_duo.driver.execute_script(
        "const menu = document.getElementById('meeting-auto-advance');"
        "menu.add(new Option('1 s', '1')); menu.value = '1';"
        "menu.dispatchEvent(new Event('change', {bubbles: true}));"
    )
    # At least two slides on (a busy machine may look only after a later one): it moves.
    counter = re.compile(rf"Slide (\d+) of {total}")

    def slide_number() -> int:
        found = counter.fullmatch(dash_duo.find_element("#meeting-counter").text)
        return int(found.group(1)) if found else 0

    until(lambda: slide_number() >= 3, timeout=15, msg="auto-advance to move two slides on")
    dash_duo.driver.execute_script(
        "const menu = document.getElementById('meeting-auto-advance'); menu.value = '0';"
        "menu.dispatchEvent(new Event('change', {bubbles: true}));"
    )
    dash_duo.find_element("#meeting-full-screen").click()  # no console error either way
    _press(dash_duo, Keys.END)
    _at_slide(dash_duo, total, total)
    dash_duo.wait_for_element("#meeting-capture-form:not([hidden])")
    box = dash_duo.find_element("#meeting-capture-text")
    box.send_keys("Our peer group planned its spring walk together.")
    assert dash_duo.find_element("#meeting-counter").text == f"Slide {total} of {total}"
    dash_duo.find_element("#meeting-capture-save").click()
    dash_duo.wait_for_text_to_equal("#meeting-capture-status", "Saved. Thank you!")
    dash_duo.wait_for_contains_text(
        "#meeting-capture-list", "Our peer group planned its spring walk together."
    )
    assert dash_duo.find_element("#meeting-capture-text").get_attribute("value") == ""
    assert dash_duo.get_logs() == []


def _crowded_month(engine) -> None:  # type: ignore[no-untyped-def]
    """The most a slide can be asked to hold: 60 mentors, long notes, many open actions."""
    from sqlalchemy import insert

    from data import schema as s
    from data.summaries import rebuild_all

    long = (
        "A mentee who had not left the house since spring came to the walking group twice, "
        "then asked their mentor to help them plan the bus journey to the library, and went "
        "alone the week after, which the whole team wanted to celebrate together today."
    )
    month = clock.today().replace(day=1) - dt.timedelta(days=1)
    month = month.replace(day=1)
    earlier = (month - dt.timedelta(days=1)).replace(day=1)
    with engine.begin() as conn:
        conn.execute(
            insert(s.Mentor),
            [
                dict(id=i, site_id=1, display_name=f"Mentor Withaverylongname {i:02d}",
                     start_date=dt.date(2020, 1, 1), status="active", capacity=4)
                for i in range(1, 61)
            ],
        )  # fmt: skip
        conn.execute(
            insert(s.ConsultationMeeting),
            [
                {"id": 1, "site_id": 1, "month": earlier, "held_on": earlier},
                {"id": 2, "site_id": 1, "month": month, "held_on": month},
            ],
        )
        notes = [
            dict(meeting_id=1, site_id=1, mentor_id=i, kind="action_item", text=long,
                 author="Sam Supervisor", status="open", owner="mentor", is_done=False)
            for i in range(1, 11)
        ] + [
            dict(meeting_id=2, site_id=1, mentor_id=i, kind=kind, text=long,
                 author="Sam Supervisor", status=None, owner=None, is_done=False)
            for i in range(1, 11)
            for kind in ("accomplishment", "positive_impact", "challenge")
        ]  # fmt: skip
        for note in notes:
            note["shown_in_room"] = note["kind"] == "challenge"  # marked: a slide of its own
            note.update(version=1, cleared_version=1, cleared_by="Sam Supervisor")  # cleared
        conn.execute(insert(s.ConsultationNote), notes)
        # Six mentors with the most a card can say: contacts rising on last month, a group.
        conn.execute(
            insert(s.Mentee),
            [
                dict(id=i, site_id=1, code=f"MT-{i:04d}", display_name=f"Synthetic Person {i}",
                     referral_date=dt.date(2020, 1, 1), status="matched")
                for i in range(1, 7)
            ],
        )  # fmt: skip
        conn.execute(
            insert(s.Match),
            [
                dict(id=i, site_id=1, mentor_id=i, mentee_id=i, start_date=dt.date(2020, 2, 1))
                for i in range(1, 7)
            ],
        )
        contacts = []
        for i in range(1, 7):
            for first, count in ((month, 9), (earlier, 6)):
                for day in range(1, count + 1):
                    when = first.replace(day=day)
                    contacts.append(
                        dict(match_id=i, site_id=1, mentor_id=i, mentee_id=i,
                             occurred_at=dt.datetime.combine(when, dt.time(10)),
                             contact_date=when, minutes=60, mode="phone",
                             contact_type="emotional_support", after_hours=False)
                    )  # fmt: skip
        conn.execute(insert(s.Contact), contacts)
        conn.execute(
            insert(s.PeerGroup), [{"id": 1, "site_id": 1, "name": "Walk", "topic": "Walk"}]
        )
        conn.execute(
            insert(s.GroupSession),
            [{"id": 1, "group_id": 1, "site_id": 1, "session_date": month, "topic": "Walk"}],
        )
        conn.execute(
            insert(s.GroupFacilitator), [{"session_id": 1, "mentor_id": i} for i in range(1, 7)]
        )
        rebuild_all(conn)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=["1920x1080", "1280x720"])
def test_a_crowded_month_still_fits_every_slide(dash_duo, small_app, small_engine, size):
    _crowded_month(small_engine)
    _viewport(dash_duo, *size)
    total = _open_deck(dash_duo, small_app, "admin", charts=0)
    assert total >= 7 + 8  # eight slides of mentors, then a note to choose one site
    assert dash_duo.driver.find_elements(By.ID, "meeting-slide-challenges")
    for number in range(1, total + 1):
        _at_slide(dash_duo, number, total)
        _check_layout(dash_duo, f"slide {number} at {size}")
        if size == (1920, 1080):
            smallest, small = dash_duo.driver.execute_script(SMALLEST_FONT_JS, ROOM_MIN_PX)
            assert small == [], (number, smallest, small)
        _press(dash_duo, Keys.PAGE_DOWN)
    assert dash_duo.get_logs() == []


def test_the_pack_opens_with_the_network_off(dash_duo, demo_app, client_for, tmp_path: Path):
    document = client_for("admin").get(f"/meeting/pack.html?month={LAST_MONTH}").data
    pack = tmp_path / "meeting-pack.html"
    pack.write_bytes(document)
    graphs = document.count(b"Plotly.newPlot")
    driver = dash_duo.driver
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
    )
    driver.get(pack.as_uri())
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot g.trace")) >= graphs
    )
    assert graphs == 3
    slides = driver.find_elements(By.CSS_SELECTOR, ".pack-slide")
    assert len(slides) >= 7
    assert "at a glance" in slides[0].text
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_the_deck_opens_on_the_month_to_review_and_another_month_is_a_choice(dash_duo, demo_app):
    """No month in the address: last month's deck (never the month just begun). Choosing
    this month in the toolbar loads its deck, compared with the same days of earlier months."""
    _viewport(dash_duo, 1920, 1080)
    dash_duo.start_server(demo_app, navigate=False)
    browser_login(dash_duo, DEMO_USERNAMES["meeting_viewer"], TEST_DEMO_USER_PASSWORD)
    dash_duo.wait_for_page(f"{dash_duo.server_url}/meeting")
    review = dt.date.fromisoformat(LAST_MONTH + "-01")
    dash_duo.wait_for_contains_text("#meeting-month-label", f"{review:%B %Y} ·")
    dash_duo.wait_for_contains_text("#meeting-slide-glance", f"{review:%B %Y} at a glance")
    this_month = clock.today()
    dash_duo.select_dcc_dropdown("#meeting-month-choice", value=f"{this_month:%B %Y} (so far)")
    dash_duo.wait_for_contains_text("#meeting-slide-glance", "so far at a glance", timeout=20)
    assert f"month={this_month:%Y-%m}" in dash_duo.driver.current_url
    dash_duo.wait_for_contains_text("#meeting-slide-glance", "the same days")
    assert dash_duo.get_logs() == []
