"""What a supervisor sees on Workload, Caseloads and a mentor's page, checked in Chromium
against figures counted here, independently, from the demo database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from sqlalchemy import func, select

from callbacks.filters import search_string
from data.schema import AuditEvent, Contact, Match, Mentor, Site
from layouts.ids import CaseloadsIds, MentorIds, ShellIds, WorkloadIds
from tests.conftest import TEST_ADMIN_PASSWORD, TEST_DEMO_USER_PASSWORD
from tests.support import browser_login

pytestmark = pytest.mark.browser
START, END = "2026-01-01", "2026-06-30"


def _day(value: str) -> dt.date:
    """A date from ISO text (PostgreSQL compares dates with dates, not text)."""
    return dt.date.fromisoformat(value)


def _open(dash_duo, app, path: str) -> None:  # type: ignore[no-untyped-def]
    dash_duo.start_server(app, navigate=False)
    browser_login(dash_duo, "admin", TEST_ADMIN_PASSWORD)
    dash_duo.wait_for_page(dash_duo.server_url + path)


def _contacts(engine, start: str, end: str, site_id: int | None = None, mentor_id=None) -> int:  # type: ignore[no-untyped-def]
    statement = select(func.count()).where(Contact.contact_date.between(_day(start), _day(end)))
    if site_id is not None:
        statement = statement.where(Contact.site_id == site_id)
    if mentor_id is not None:
        statement = statement.where(Contact.mentor_id == mentor_id)
    with engine.connect() as conn:
        return int(conn.scalar(statement))


def test_workload_shows_the_databases_contacts_and_follows_the_site(
    dash_duo, demo_app, demo_engine
):
    with demo_engine.connect() as conn:
        site = conn.execute(select(Site.id, Site.name).order_by(Site.id)).first()
    everyone = _contacts(demo_engine, START, END)
    _open(dash_duo, demo_app, "/workload" + search_string(START, END, None))
    dash_duo.wait_for_contains_text(f"#{WorkloadIds.HEATMAP_CAPTION}", f"{everyone:,} contacts")
    dash_duo.wait_for_element(f"#{WorkloadIds.SUPPORT_GRAPH} .bars")
    dash_duo.select_dcc_dropdown(f"#{ShellIds.FILTER_SITES}", value=site.name)
    until(lambda: f"sites={site.id}" in dash_duo.driver.current_url, timeout=10)
    mine = _contacts(demo_engine, START, END, site.id)
    dash_duo.wait_for_contains_text(f"#{WorkloadIds.HEATMAP_CAPTION}", f"{mine:,} contacts")
    assert dash_duo.get_logs() == []


def test_clicking_a_mentor_opens_their_page_with_the_filters(dash_duo, demo_app, demo_engine):
    _open(dash_duo, demo_app, "/workload" + search_string(START, END, None))
    graph = f"#{WorkloadIds.SUPPORT_GRAPH}"
    dash_duo.wait_for_contains_text(f"#{WorkloadIds.SUPPORT_CAPTION}", "practical")
    bar = dash_duo.wait_for_element(f"{graph} .bars .point path")
    # Plotly reads clicks from its drag layer: hover over the bar first, then click there.
    ActionChains(dash_duo.driver).move_to_element(bar).pause(0.3).click().perform()
    until(lambda: "/mentors/" in dash_duo.driver.current_url, timeout=10)
    url = dash_duo.driver.current_url
    assert f"start={START}" in url and f"end={END}" in url
    mentor_id = int(url.split("/mentors/")[1].split("?")[0])
    with demo_engine.connect() as conn:
        name = conn.scalar(select(Mentor.display_name).where(Mentor.id == mentor_id))
    dash_duo.wait_for_contains_text(f"#{MentorIds.PROFILE}", name)
    june = _contacts(demo_engine, "2026-06-01", END, mentor_id=mentor_id)
    dash_duo.wait_for_contains_text(f"#{MentorIds.CARD}", "Contacts")
    rows = dash_duo.find_elements(f"#{MentorIds.CARD} tbody tr")
    contacts_row = next(r for r in rows if r.text.startswith("Contacts "))
    assert contacts_row.text.split()[1] == f"{june:,}"
    period = _contacts(demo_engine, START, END, mentor_id=mentor_id)
    dash_duo.wait_for_contains_text(f"#{MentorIds.CONTACTS_CAPTION}", f"{period:,} contacts")
    with demo_engine.connect() as conn:
        opened = conn.scalar(
            select(func.count()).where(
                AuditEvent.event == "view_mentor_page",
                AuditEvent.target == f"mentor:{mentor_id}",
            )
        )
    assert opened >= 1
    assert dash_duo.get_logs() == []


def _silent(engine, days: int) -> int:  # type: ignore[no-untyped-def]
    end = dt.date.fromisoformat(END)
    with engine.connect() as conn:
        open_mentees = set(
            conn.scalars(
                select(Match.mentee_id).where(
                    Match.start_date <= end, (Match.end_date.is_(None)) | (Match.end_date >= end)
                )
            )
        )
        recent = set(
            conn.scalars(
                select(Contact.mentee_id).where(
                    Contact.contact_date > end - dt.timedelta(days=days),
                    Contact.contact_date <= end,
                )
            )
        )
    return len(open_mentees - recent)


def test_the_follow_up_list_follows_n_and_exports(dash_duo, demo_app, demo_engine):
    _open(dash_duo, demo_app, "/caseloads" + search_string(START, END, None))
    note = f"#{CaseloadsIds.FOLLOW_UP_NOTE}"
    dash_duo.wait_for_contains_text(note, "14 days")
    days = dash_duo.find_element(f"#{CaseloadsIds.DAYS}")
    days.send_keys(Keys.CONTROL, "a")
    days.send_keys("30", Keys.ENTER)
    until(lambda: "days=30" in dash_duo.driver.current_url, timeout=10)
    n = _silent(demo_engine, 30)
    expected = (
        "Every matched mentee has had a contact in the last 30 days."
        if n == 0
        else f"{n} matched mentee"
    )
    dash_duo.wait_for_contains_text(note, expected)
    button = dash_duo.find_element(f"#{CaseloadsIds.FOLLOW_UP_EXPORT_IDS.csv}")
    # Bootstrap scrolls smoothly: scroll at once, or the click lands while the page moves.
    dash_duo.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button
    )
    until(lambda: button.is_displayed() and button.is_enabled(), timeout=5)
    button.click()
    dash_duo.wait_for_contains_text(
        f"#{CaseloadsIds.FOLLOW_UP_EXPORT_IDS.status}", f"Exported {n:,} rows."
    )
    folder = Path(dash_duo.download_path)
    until(lambda: any(p.suffix == ".csv" for p in folder.iterdir()), timeout=10)
    exported = next(p for p in folder.iterdir() if p.suffix == ".csv")
    lines = exported.read_text(encoding="utf-8-sig").strip().splitlines()
    assert lines[0] == "Mentee code,Name,Mentor,Last contact,Days since"
    assert len(lines) == n + 1
    with demo_engine.connect() as conn:
        detail = conn.scalar(
            select(AuditEvent.detail)
            .where(AuditEvent.event == "export", AuditEvent.target == "caseloads:follow-up")
            .order_by(AuditEvent.id.desc())
            .limit(1)
        )
    assert detail.startswith(f"format=csv rows={n} ")
    assert dash_duo.get_logs() == []


def test_a_month_click_narrows_the_period(dash_duo, demo_app):
    _open(dash_duo, demo_app, "/workload" + search_string(START, END, None))
    dash_duo.wait_for_contains_text(f"#{WorkloadIds.MODES_CAPTION}", "Of ")
    bar = dash_duo.wait_for_element(f"#{WorkloadIds.MODES_GRAPH} .bars .point path")
    ActionChains(dash_duo.driver).move_to_element(bar).pause(0.3).click().perform()
    until(lambda: "start=2026-01-01&end=2026-01-31" in dash_duo.driver.current_url, timeout=10)
    dash_duo.wait_for_contains_text(f"#{WorkloadIds.MODES_CAPTION}", "Of ")
    assert dash_duo.get_logs() == []


def test_printing_a_mentor_page_prints_the_card_alone(dash_duo, demo_app, demo_engine):
    with demo_engine.connect() as conn:
        mentor_id = conn.scalar(select(Mentor.id).order_by(Mentor.id))
    _open(dash_duo, demo_app, f"/mentors/{mentor_id}" + search_string(START, END, None))
    dash_duo.wait_for_contains_text(f"#{MentorIds.CARD}", "Strengths and impact")
    dash_duo.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})

    def visibility(css: str) -> str:
        return dash_duo.driver.execute_script(
            "return getComputedStyle(document.querySelector(arguments[0])).visibility;", css
        )

    assert visibility(".app-navbar") == "hidden"
    assert visibility(f"#{MentorIds.CASELOAD_GRAPH}") == "hidden"
    assert visibility(".supervision-card") == "visible"
    assert visibility(f"#{MentorIds.CARD} table") == "visible"
    dash_duo.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert visibility(".app-navbar") == "visible"
    assert dash_duo.get_logs() == []


def test_a_viewer_reads_hidden_counts_in_words_in_the_table(dash_duo, demo_app):
    """Hidden cells are text ("fewer than 5") in number columns: the grid must show the words,
    not "Invalid Number" (AG Grid infers a column's type from its first row)."""
    dash_duo.start_server(demo_app, navigate=False)
    browser_login(dash_duo, "viewer", TEST_DEMO_USER_PASSWORD)
    dash_duo.wait_for_page(dash_duo.server_url + "/workload")
    dash_duo.wait_for_contains_text(f"#{WorkloadIds.TABLE_GRID}", "fewer than 5", timeout=20)
    text = dash_duo.find_element(f"#{WorkloadIds.TABLE_GRID}").text
    assert "Invalid Number" not in text
    assert dash_duo.get_logs() == []


def test_a_site_click_narrows_the_page_and_back_returns(
    dash_duo, demo_app, demo_engine, monkeypatch
):
    from callbacks import mentor_rows

    # Any mentor is too many for a row each: the charts draw a row per site.
    monkeypatch.setattr(mentor_rows, "MAX_MENTOR_ROWS", 0)
    everyone = _contacts(demo_engine, START, END)
    _open(dash_duo, demo_app, "/workload" + search_string(START, END, None))
    caption = f"#{WorkloadIds.HEATMAP_CAPTION}"
    dash_duo.wait_for_contains_text(caption, f"Contacts per site per week: {everyone:,} contacts")
    dash_duo.wait_for_contains_text(f"#{WorkloadIds.SUPPORT_CAPTION}", "Type of support per site")
    bar = dash_duo.wait_for_element(f"#{WorkloadIds.SUPPORT_GRAPH} .bars .point path")
    ActionChains(dash_duo.driver).move_to_element(bar).pause(0.3).click().perform()
    until(lambda: "sites=" in dash_duo.driver.current_url, timeout=10)
    url = dash_duo.driver.current_url
    assert f"start={START}" in url and f"end={END}" in url
    site_id = int(url.split("sites=")[1].split("&")[0])
    with demo_engine.connect() as conn:
        first_by_name = conn.execute(select(Site.id, Site.name).order_by(Site.name)).first()
    assert site_id == first_by_name.id  # the top bar is the first site by name
    mine = _contacts(demo_engine, START, END, site_id)
    dash_duo.wait_for_contains_text(caption, f"{mine:,} contacts at 1 site ")
    dash_duo.driver.back()
    until(lambda: "sites=" not in dash_duo.driver.current_url, timeout=10)
    dash_duo.wait_for_contains_text(caption, f"{everyone:,} contacts at ")
    assert dash_duo.get_logs() == []
