"""Take the user guide's meeting-mode screenshots at 1920x1080 from a running dashboard.

Start the dashboard on the demo data as ``take_screenshots.py`` explains, then::

    DASHBOARD_ADMIN_PASSWORD=... .venv/bin/python docs/screenshots/take_meeting_screenshots.py \\
        --base-url http://127.0.0.1:8111 [--month 2026-10]

It signs in as the demo admin (meeting mode shows the same de-identified slides to every
role), sets the window to exactly 1920x1080 CSS pixels, opens the month's deck, waits until
every slide is filled and its charts drawn, and saves one PNG per kind of slide, moving with
the keyboard as a presenter would. Nothing waits a fixed time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from take_screenshots import graphs_drawn, make_driver, password, save, settled, sign_in, wait_until

# (file name, words in the slide's heading): the slides the guide shows.
SHOTS = (
    ("meeting-glance.png", "at a glance"),
    ("meeting-wins.png", "Wins this month"),
    ("meeting-mentors.png", "What each mentor gave"),
    ("meeting-outcomes.png", "Recovery outcomes"),
    ("meeting-capture.png", "Capture this month"),
)


def current_heading(driver) -> str:  # type: ignore[no-untyped-def]
    """The heading of the slide on screen."""
    found = driver.find_elements(By.CSS_SELECTOR, ".meeting-slide.is-current .meeting-slide-title")
    return found[0].text if found else ""


def main(argv: list[str] | None = None) -> int:
    """Save the meeting-mode screenshots; 0 when all were written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base-url", default=os.environ.get("SCREENSHOT_BASE_URL", "http://127.0.0.1:8050")
    )
    parser.add_argument("--admin-password", help="default: $DASHBOARD_ADMIN_PASSWORD")
    last = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    parser.add_argument("--month", default=f"{last:%Y-%m}", help="YYYY-MM (default: last month)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    base = args.base_url.rstrip("/")
    driver = make_driver()
    try:
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False},
        )
        sign_in(
            driver,
            base,
            "admin",
            password(args.admin_password, "DASHBOARD_ADMIN_PASSWORD", "admin"),
        )
        driver.get(f"{base}/meeting?month={args.month}")
        wait_until(driver, lambda d: graphs_drawn(d, 3), "the meeting charts")
        wait_until(
            driver,
            lambda d: d.find_elements(By.CSS_SELECTOR, ".meeting-cards"),
            "the mentors' slides",
        )
        wait_until(driver, settled, "meeting mode to settle")
        total = int(driver.find_element(By.ID, "meeting-deck").get_attribute("data-slides"))
        body = driver.find_element(By.TAG_NAME, "body")
        wanted = dict((words, name) for name, words in SHOTS)
        for _ in range(total):
            heading = current_heading(driver)
            for words, name in list(wanted.items()):
                if words in heading:
                    save(driver, name)
                    del wanted[words]
            body.send_keys(Keys.PAGE_DOWN)
        if wanted:
            raise SystemExit(f"slides not found: {', '.join(wanted.values())}")
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
