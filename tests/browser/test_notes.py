"""What a supervisor does on the Consultation notes page, in Chromium.

Each test runs the app on its own database (the hand-made program of tests/data plus three
meetings written through the service), signed in as the demo supervisor of Riverside.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from dash.testing.wait import until
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sqlalchemy import Engine, select, update

from callbacks.notes.mentor_notes import NOTES_AREA
from dashboard import create_app
from dashboard.pages import PAGES_BY_KEY
from dashboard.settings import Settings
from data.db import make_engine
from data.migrate import upgrade
from data.schema import ConsultationNote, NoteRevision
from data.services.users import ensure_demo_users
from layouts.ids import NotesIds as ids
from tests.browser.conftest import pytest_setup_options
from tests.conftest import TEST_DEMO_USER_PASSWORD
from tests.data.notes_fixture import load_meetings
from tests.support import NAVBAR_SELECTOR, browser_login, elements_now

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", tempfile.gettempdir()))


@pytest.fixture
def notes_db(tmp_path: Path) -> tuple[Engine, dict[str, int]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'notes.sqlite3'}")
    upgrade(engine)
    meetings = load_meetings(engine)
    yield engine, meetings
    engine.dispose()


@pytest.fixture
def notes_app(notes_db, settings: Settings):  # type: ignore[no-untyped-def]
    engine, _ = notes_db
    ensure_demo_users(engine, settings)
    return create_app(settings=settings, engine=engine)


def _open(dash_duo, app, path: str) -> None:  # type: ignore[no-untyped-def]
    dash_duo.start_server(app, navigate=False)
    browser_login(dash_duo, "supervisor", TEST_DEMO_USER_PASSWORD)
    dash_duo.wait_for_page(dash_duo.server_url + path)
    dash_duo.wait_for_contains_text("h1", "Consultation notes")


def _meeting_path(meeting_id: int) -> str:
    return f"/notes?meeting={meeting_id}"


def _note_id(engine: Engine, text_start: str) -> int:
    with engine.connect() as conn:
        return conn.execute(
            select(ConsultationNote.id).where(ConsultationNote.text.like(f"{text_start}%"))
        ).scalar_one()


def _button(driver, label: str):  # type: ignore[no-untyped-def]
    return driver.find_element(By.XPATH, f"//button[@aria-label='{label}']")


def _replace_text(element, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select all and type over it (``clear()`` bypasses React, which then keeps the old text)."""
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    element.send_keys(text)


def _type(dash_duo, text: str) -> None:  # type: ignore[no-untyped-def]
    _replace_text(dash_duo.find_element(f"#{ids.TEXT}"), text)


def _click(driver, element) -> None:  # type: ignore[no-untyped-def]
    """Scroll ``element`` to the middle of the window (clear of the sticky navbar) at once
    (Bootstrap makes scrolling smooth, so a click right after a smooth scroll misses), click."""
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
    )
    element.click()


def _press(dash_duo, element_id: str) -> None:  # type: ignore[no-untyped-def]
    _click(dash_duo.driver, dash_duo.find_element(f"#{element_id}"))


def _text_now(dash_duo, css: str) -> str:  # type: ignore[no-untyped-def]
    """The element's text, or '' while the page is being drawn again (stale or missing)."""
    try:
        return dash_duo.find_element(css).text
    except (StaleElementReferenceException, NoSuchElementException):
        return ""


def _textarea_value(dash_duo) -> str:  # type: ignore[no-untyped-def]
    return dash_duo.find_element(f"#{ids.TEXT}").get_attribute("value")


def test_write_a_meeting_with_notes_reload_and_search(dash_duo, notes_app, notes_db):
    engine, _ = notes_db
    _open(dash_duo, notes_app, "/notes")
    # Start this month's meeting for Riverside (the supervisor's one site).
    dash_duo.wait_for_contains_text(f"#{ids.NEW_SITE}", "Riverside")
    _press(dash_duo, ids.NEW_CREATE)
    dash_duo.wait_for_contains_text(f"#{ids.MEETING_TITLE}", "Riverside", timeout=10)
    until(lambda: "meeting=" in dash_duo.driver.current_url, timeout=10)

    _type(dash_duo, "Bea walked with a mentee to the **food bank**; they now go alone.")
    _press(dash_duo, ids.SAVE)
    dash_duo.wait_for_contains_text(f"#{ids.SAVE_FEEDBACK}", "Note saved")
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_LIST}", "they now go alone")
    assert dash_duo.find_element(f"#{ids.NOTE_LIST} strong").text == "food bank"
    assert _textarea_value(dash_duo) == ""

    # A draft typed but not saved survives the reload; the saved note is still there.
    _type(dash_duo, "Half-written thought about the peer group")
    until(
        lambda: "Half-written" in (
            dash_duo.driver.execute_script(f"return localStorage.getItem('{ids.DRAFTS}')") or ""
        ),
        timeout=5,
    )  # fmt: skip
    dash_duo.driver.refresh()
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_LIST}", "they now go alone", timeout=10)
    until(lambda: _textarea_value(dash_duo) == "Half-written thought about the peer group", 10)
    dash_duo.wait_for_contains_text(f"#{ids.DRAFT_NOTICE}", "Restored")

    # Search finds it, with the word highlighted.
    search = dash_duo.find_element(f"#{ids.SEARCH_TEXT}")
    search.send_keys("food")
    _press(dash_duo, ids.SEARCH_BUTTON)
    dash_duo.wait_for_contains_text(f"#{ids.SEARCH_RESULTS}", "they now go alone")
    marks = dash_duo.find_elements(f"#{ids.SEARCH_RESULTS} mark")
    assert [m.text.lower() for m in marks] == ["food"]
    with engine.connect() as conn:
        assert (
            conn.execute(
                select(ConsultationNote.author).where(ConsultationNote.text.like("Bea walked%"))
            ).scalar_one()
            == "supervisor"
        )
    assert dash_duo.get_logs() == []


def _second_browser(dash_duo):  # type: ignore[no-untyped-def]
    options = pytest_setup_options()
    options.add_argument("--headless")
    driver = webdriver.Chrome(options=options)
    driver.get(dash_duo.server_url + "/login")
    until(lambda: driver.find_elements(By.ID, "login-username"), timeout=10)
    driver.find_element(By.ID, "login-username").send_keys("supervisor")
    driver.find_element(By.ID, "login-password").send_keys(TEST_DEMO_USER_PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    until(lambda: driver.find_elements(By.CSS_SELECTOR, NAVBAR_SELECTOR), timeout=10)
    return driver


def test_editing_one_note_in_two_sessions_loses_no_text(dash_duo, notes_app, notes_db):
    engine, meetings = notes_db
    note_id = _note_id(engine, "Alex supported a mentee")
    edit_label = f"Edit accomplishment {note_id}"
    _open(dash_duo, notes_app, _meeting_path(meetings["february"]))
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_LIST}", "open a bank account")
    _click(dash_duo.driver, _button(dash_duo.driver, edit_label))
    until(lambda: _textarea_value(dash_duo).startswith("Alex supported"), timeout=10)
    mine = "Alex supported a mentee to open a bank account, then to budget for rent."
    _type(dash_duo, mine)

    other = _second_browser(dash_duo)
    try:
        other.get(dash_duo.server_url + _meeting_path(meetings["february"]))
        until(lambda: other.find_elements(By.XPATH, f"//button[@aria-label='{edit_label}']"), 15)
        _click(other, _button(other, edit_label))
        area = other.find_element(By.ID, ids.TEXT)
        until(lambda: area.get_attribute("value").startswith("Alex supported"), timeout=10)
        _replace_text(area, "Alex and a mentee opened a bank account together.")
        _click(other, other.find_element(By.ID, ids.SAVE))
        until(lambda: "version 2" in other.find_element(By.ID, ids.SAVE_FEEDBACK).text, 10)
    finally:
        other.quit()

    _press(dash_duo, ids.SAVE)
    dash_duo.wait_for_contains_text(f"#{ids.SAVE_FEEDBACK}", "someone else saved this note first")
    conflict = dash_duo.find_element(".notes-conflict")
    assert "Alex and a mentee opened a bank account together." in conflict.text
    assert mine in conflict.text
    assert _textarea_value(dash_duo) == mine  # the typed text stays in the form

    _press(dash_duo, ids.CONFLICT_CONTINUE)
    dash_duo.wait_for_contains_text(f"#{ids.SAVE_FEEDBACK}", "version 3")
    _press(dash_duo, ids.SAVE)
    dash_duo.wait_for_contains_text(f"#{ids.SAVE_FEEDBACK}", "Saved as version 3")
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_LIST}", "budget for rent")
    with engine.connect() as conn:
        texts = conn.execute(
            select(NoteRevision.text)
            .where(NoteRevision.note_id == note_id)
            .order_by(NoteRevision.version)
        ).scalars()
        assert list(texts) == [
            "Alex supported a mentee to open a bank account.",
            "Alex and a mentee opened a bank account together.",
            mine,
        ]
    _click(dash_duo.driver, _button(dash_duo.driver, f"History of accomplishment {note_id}"))
    dash_duo.wait_for_contains_text(f"#{ids.HISTORY}", "Version 3")
    assert "opened a bank account together" in dash_duo.find_element(f"#{ids.HISTORY}").text
    assert dash_duo.get_logs() == []


def test_delete_and_undo(dash_duo, notes_app, notes_db):
    engine, meetings = notes_db
    note_id = _note_id(engine, "A mentee said the weekly visits")
    _open(dash_duo, notes_app, _meeting_path(meetings["february"]))
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_LIST}", "weekly visits")
    _click(dash_duo.driver, _button(dash_duo.driver, f"Delete positive impact {note_id}"))
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_STATUS}", "Positive impact deleted")
    until(lambda: "weekly visits" not in _text_now(dash_duo, f"#{ids.NOTE_LIST}"), 10)
    _press(dash_duo, ids.UNDO)
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_STATUS}", "Note restored")
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_LIST}", "weekly visits")
    with engine.connect() as conn:
        deleted_at = conn.execute(
            select(ConsultationNote.deleted_at).where(ConsultationNote.id == note_id)
        ).scalar_one()
    assert deleted_at is None
    assert dash_duo.get_logs() == []


def test_clear_a_note_for_the_room_after_reading_it_as_the_room_would(
    dash_duo, notes_app, notes_db
):
    engine, meetings = notes_db
    note_id = _note_id(engine, "Alex supported a mentee")
    with engine.begin() as conn:  # a mentee's name and code typed into the note
        conn.execute(
            update(ConsultationNote)
            .where(ConsultationNote.id == note_id)
            .values(text="Alex supported Synthetic Person 2 (RS 2) to open a bank account.")
        )
    _open(dash_duo, notes_app, _meeting_path(meetings["february"]))
    dash_duo.wait_for_contains_text(f"#notes-note-{note_id}", "not cleared for the room")
    _click(
        dash_duo.driver,
        _button(dash_duo.driver, f"Clear accomplishment {note_id} for the room, or withdraw it"),
    )
    dash_duo.wait_for_contains_text(f"#{ids.CLEARING}", "How the room would read this")
    struck = dash_duo.find_elements(f"#{ids.CLEARING} del")
    assert [d.text for d in struck] == ["Synthetic Person 2", "RS 2"]
    assert "2 mentee identities replaced" in dash_duo.find_element(f"#{ids.CLEARING}").text
    _press(dash_duo, ids.CLEAR_CONFIRM)
    dash_duo.wait_for_contains_text(f"#{ids.CLEARING}", "Cleared: meeting mode shows this note")
    dash_duo.wait_for_contains_text(f"#notes-note-{note_id}", "cleared for the room")
    with engine.connect() as conn:
        cleared = conn.execute(
            select(ConsultationNote.cleared_version, ConsultationNote.version).where(
                ConsultationNote.id == note_id
            )
        ).one()
    assert cleared[0] == cleared[1]
    assert dash_duo.get_logs() == []


def test_accept_a_suggested_line(dash_duo, notes_app, notes_db):
    engine, meetings = notes_db
    _open(dash_duo, notes_app, _meeting_path(meetings["february"]))
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_LIST}", "bank account")
    _press(dash_duo, ids.SUGGEST)
    dash_duo.wait_for_contains_text(f"#{ids.SUGGEST_FEEDBACK}", "drafted for February 2026")
    first = dash_duo.find_element(".suggestion-row input")
    assert first.get_attribute("value") == "Alex Mentor's mentees reached 1 milestone."
    first.send_keys(" Travelling alone to work now.")
    _click(dash_duo.driver, _button(dash_duo.driver, "Accept suggested line 1"))
    dash_duo.wait_for_contains_text(f"#{ids.SUGGEST_FEEDBACK}", "Added")
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_LIST}", "Travelling alone to work now.")
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_LIST}", "from the suggested agenda")
    with engine.connect() as conn:
        origin, mentor = conn.execute(
            select(ConsultationNote.origin, ConsultationNote.mentor_id).where(
                ConsultationNote.text.like("%Travelling alone%")
            )
        ).one()
    assert (origin, mentor) == ("suggested", 1)
    rows = dash_duo.find_elements(".suggestion-row")
    assert all("reached 1 milestone" not in r.get_attribute("innerHTML") for r in rows)
    assert dash_duo.get_logs() == []


def test_script_and_onerror_in_a_note_render_as_text(dash_duo, notes_app, notes_db):
    _, meetings = notes_db
    hostile = (
        "<script>window.pwned = 1</script> and "
        '<img src=x onerror="window.pwned = 2"> and [link](javascript:window.pwned=3)'
    )
    _open(dash_duo, notes_app, _meeting_path(meetings["march"]))
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_LIST}", "housing office")
    _type(dash_duo, hostile)
    _press(dash_duo, ids.SAVE)
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_LIST}", "<script>window.pwned = 1</script>")
    note_list = dash_duo.find_element(f"#{ids.NOTE_LIST}")
    assert '<img src=x onerror="window.pwned = 2">' in note_list.text
    assert elements_now(dash_duo.driver, "script", within=note_list) == []
    assert elements_now(dash_duo.driver, "img", within=note_list) == []
    assert all(
        not (a.get_attribute("href") or "").startswith("javascript")
        for a in elements_now(dash_duo.driver, "a", within=note_list)
    )
    assert dash_duo.driver.execute_script("return window.pwned === undefined")
    assert json.loads(dash_duo.driver.execute_script("return JSON.stringify(1)")) == 1
    assert dash_duo.get_logs() == []


def test_an_open_meeting_has_no_serious_accessibility_violation(dash_duo, notes_app, notes_db):
    from tests.browser.test_accessibility import RUN_AXE, axe_source, blocking_violations

    engine, meetings = notes_db
    note_id = _note_id(engine, "Alex supported a mentee")
    _open(dash_duo, notes_app, _meeting_path(meetings["february"]))
    dash_duo.wait_for_contains_text(f"#{ids.NOTE_LIST}", "bank account")
    _press(dash_duo, ids.SUGGEST)
    dash_duo.wait_for_element(".suggestion-row")
    _click(dash_duo.driver, _button(dash_duo.driver, f"History of accomplishment {note_id}"))
    dash_duo.wait_for_contains_text(f"#{ids.HISTORY}", "Version 1")
    dash_duo.driver.set_script_timeout(60)
    dash_duo.driver.execute_script(axe_source())
    violations = dash_duo.driver.execute_async_script(RUN_AXE)
    assert blocking_violations(violations) == []
    assert dash_duo.get_logs() == []


@pytest.mark.skipif("mentor" not in PAGES_BY_KEY, reason="the mentor page is not registered yet")
def test_the_mentor_page_shows_the_notes_about_that_mentor(dash_duo, notes_app, notes_db):
    dash_duo.start_server(notes_app, navigate=False)
    browser_login(dash_duo, "supervisor", TEST_DEMO_USER_PASSWORD)
    dash_duo.wait_for_page(dash_duo.server_url + "/mentors/1?start=2026-01-01&end=2026-06-30")
    dash_duo.wait_for_contains_text(f"#{NOTES_AREA}", "open a bank account", timeout=15)
    text = dash_duo.find_element(f"#{NOTES_AREA}").text
    assert text.index("Accomplishments") < text.index("Action items")
    assert "Bea" not in text  # only the notes about this mentor
    assert dash_duo.get_logs() == []


def test_choosing_a_month_puts_it_in_the_url_and_narrows_the_list(dash_duo, notes_app):
    _open(dash_duo, notes_app, "/notes")
    dash_duo.wait_for_contains_text(f"#{ids.MEETING_LIST}", "March 2026 · Riverside", 20)
    dash_duo.select_dcc_dropdown(f"#{ids.MONTH}", value="February 2026")
    until(lambda: "month=2026-02" in dash_duo.driver.current_url, timeout=20)

    def only_february() -> bool:
        shown = _text_now(dash_duo, f"#{ids.MEETING_LIST}")
        return "February 2026 · Riverside" in shown and "March 2026" not in shown

    until(only_february, 20)
    dash_duo.driver.refresh()
    dash_duo.wait_for_contains_text(f"#{ids.MONTH}", "February 2026", timeout=20)
    assert dash_duo.get_logs() == []
