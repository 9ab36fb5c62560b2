"""Take the user guide's Consultation notes screenshots from a running dashboard.

Start the dashboard on the demo data as ``take_screenshots.py`` explains, then::

    DASHBOARD_DEMO_USER_PASSWORD=... .venv/bin/python docs/screenshots/take_notes_screenshots.py \\
        --base-url http://127.0.0.1:8111

It signs in as the demo supervisor, opens the newest meeting in the list, and saves: the
meeting with its notes and the editor, the suggested agenda after "Suggest accomplishments",
a search, and the charts. Nothing is written to the database. Nothing waits a fixed time.
"""

from __future__ import annotations

import argparse
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from take_screenshots import graphs_drawn, make_driver, password, save, settled, sign_in, wait_until


def answered(driver: WebDriver, found: str, nothing: tuple[str, str]) -> None:
    """Wait until elements ``found`` show, or the element of id ``nothing[0]`` says
    ``nothing[1]`` (an answer that found nothing is an answer too)."""
    element_id, words = nothing
    wait_until(
        driver,
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, found)
            or words in d.find_element(By.ID, element_id).text
        ),
        f"{found} or '{words}'",
    )


def scroll_to(driver: WebDriver, css: str) -> None:
    """Bring the element to the top of the window, below the navbar, at once."""
    driver.execute_script(
        "const e = document.querySelector(arguments[0]);"
        "window.scrollTo({top: e.getBoundingClientRect().top + window.scrollY - 110,"
        " behavior: 'instant'});",
        css,
    )


def main(argv: list[str] | None = None) -> int:
    """Save the notes screenshots; 0 when all were written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base-url", default=os.environ.get("SCREENSHOT_BASE_URL", "http://127.0.0.1:8050")
    )
    parser.add_argument("--demo-password", help="default: $DASHBOARD_DEMO_USER_PASSWORD")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    base = args.base_url.rstrip("/")
    driver = make_driver()
    try:
        sign_in(
            driver,
            base,
            "supervisor",
            password(args.demo_password, "DASHBOARD_DEMO_USER_PASSWORD", "supervisor"),
        )
        driver.get(f"{base}/notes")
        wait_until(
            driver,
            lambda d: d.find_elements(By.CSS_SELECTOR, "#notes-meeting-list a"),
            "the meetings list",
        )
        driver.find_element(By.CSS_SELECTOR, "#notes-meeting-list a").click()
        wait_until(
            driver,
            lambda d: d.find_elements(By.CSS_SELECTOR, "#notes-note-list .note-item"),
            "the meeting's notes",
        )
        wait_until(driver, settled, "the page to settle")
        scroll_to(driver, "#notes-meeting-title")
        save(driver, "guide-notes-meeting.png")

        scroll_to(driver, "#notes-editor")
        save(driver, "guide-notes-editor.png")

        driver.execute_script("document.getElementById('notes-suggest').click()")
        answered(driver, ".suggestion-row", ("notes-suggest-feedback", "No strengths"))
        scroll_to(driver, "#notes-suggest")
        save(driver, "guide-notes-agenda.png")

        box = driver.find_element(By.ID, "notes-search-text")
        box.send_keys("housing", Keys.ENTER)
        answered(driver, "#notes-search-results mark", ("notes-search-results", "No notes"))
        scroll_to(driver, "#notes-search-text")
        save(driver, "guide-notes-search.png")

        wait_until(driver, lambda d: graphs_drawn(d, 3), "the charts")
        scroll_to(driver, "#notes-strengths-graph")
        save(driver, "guide-notes-charts.png")
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
