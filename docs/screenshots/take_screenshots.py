"""Take the user guide's screenshots (docs/user-guide.md) from a running dashboard.

Start the dashboard on the demo data first (a throwaway instance folder keeps your own
``instance/`` untouched), then run this script with the demo accounts' passwords::

    DASHBOARD_INSTANCE_PATH=/tmp/guide-instance DASHBOARD_PORT=8111 \\
    DASHBOARD_ADMIN_PASSWORD=... DASHBOARD_DEMO_USER_PASSWORD=... .venv/bin/python app.py &
    DASHBOARD_ADMIN_PASSWORD=... DASHBOARD_DEMO_USER_PASSWORD=... \\
    .venv/bin/python docs/screenshots/take_screenshots.py --base-url http://127.0.0.1:8111

Passwords come from ``--admin-password`` / ``--demo-password``, else from the environment
variables above (the ones the app reads when it creates the demo accounts), else a prompt.
``--only phone`` takes only the phone picture (``guide-phone.png``); ``--only director`` only
the whole program's Workload (``guide-director.png``), for which the dashboard runs on the
medium demo (``DASHBOARD_DEMO_SCALE=medium``: six sites, more than 60 mentors).
The demo ``supervisor`` and ``viewer`` accounts share the demo user password.

It drives Debian's chromium through selenium (``/usr/bin/chromium``, ``/usr/bin/chromedriver``)
in a 1400x1000 headless window (the phone picture on a 390x844 phone's screen) and waits for
conditions (figures drawn, rows shown), never for a fixed time. Each picture is a PNG of the
visible window, written next to this script.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

OUT_DIR = Path(__file__).resolve().parent
# The project's own Chromium settings (dashboard/chromium.py): the script runs from its folder.
sys.path.insert(0, str(OUT_DIR.parent.parent))
from dashboard.chromium import CHROMEDRIVER, CHROMIUM, HEADLESS_FLAGS  # noqa: E402

CHROME_FLAGS = (*HEADLESS_FLAGS, "--window-size=1400,1000")
WAIT_SECONDS = 30
NO_VALUE = "—"  # what a headline card shows before its figure arrives
MAX_BYTES = 250_000
PHONE = (390, 844)  # CSS pixels of the phone picture's screen

# Selectors of the app (layouts/ids/, layouts/shell.py, dashboard/templates/login.html).
NAVBAR = ".app-navbar"
LOADING = ".dash-spinner, ._dash-loading-callback, [data-dash-is-loading='true']"
ERROR_BANNER = "#app-callback-error"
SITES_DROPDOWN = "#shell-filter-sites"


def make_driver() -> WebDriver:
    """A headless Debian chromium in a 1400x1000 window."""
    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def wait_until(driver: WebDriver, condition: Callable[[WebDriver], object], what: str) -> object:
    """Wait for ``condition`` to be truthy; fail with ``what`` after WAIT_SECONDS seconds."""
    try:
        return WebDriverWait(driver, WAIT_SECONDS).until(condition)
    except TimeoutException:
        raise SystemExit(f"gave up waiting for {what} at {driver.current_url}") from None


def visible(driver: WebDriver, css: str) -> bool:
    """True when an element matching ``css`` is displayed."""
    return any(e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, css))


def text_of(driver: WebDriver, css: str) -> str:
    """The text of the first element matching ``css`` ('' when there is none)."""
    elements = driver.find_elements(By.CSS_SELECTOR, css)
    return elements[0].text.strip() if elements else ""


def settled(driver: WebDriver) -> bool:
    """True when Dash has no callback in flight and no spinner is showing."""
    return driver.title != "Updating..." and not visible(driver, LOADING)


def graphs_drawn(driver: WebDriver, count: int) -> bool:
    """True when ``count`` plotly graphs have drawn their data (bars or lines)."""
    plots = driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot")
    drawn = [p for p in plots if p.find_elements(By.CSS_SELECTOR, "g.trace")]
    return len(drawn) >= count


def sign_in(driver: WebDriver, base: str, username: str, password: str) -> None:
    """Sign in through /login and wait for the navbar."""
    driver.delete_all_cookies()
    driver.get(base + "/login")
    wait_until(driver, lambda d: visible(d, "#login-username"), "the sign-in form")
    driver.find_element(By.ID, "login-username").send_keys(username)
    driver.find_element(By.ID, "login-password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()
    wait_until(
        driver,
        lambda d: visible(d, NAVBAR) or visible(d, "#login-message"),
        f"{username} to be signed in",
    )
    if not visible(driver, NAVBAR):
        raise SystemExit(f"sign-in as {username} failed: {text_of(driver, '#login-message')}")


def save(driver: WebDriver, name: str) -> Path:
    """Save the visible window as ``name``; refuse a page that shows an error banner."""
    if visible(driver, ERROR_BANNER) or visible(driver, ".alert-danger"):
        raise SystemExit(f"{name}: the page shows an error: {text_of(driver, ERROR_BANNER)}")
    path = OUT_DIR / name
    driver.save_screenshot(str(path))
    size = path.stat().st_size
    note = "" if size <= MAX_BYTES else f" (larger than {MAX_BYTES:,} bytes)"
    print(f"wrote {path} ({size:,} bytes){note}")
    return path


def scroll_to_end_of(driver: WebDriver, css: str, margin: int = 24) -> None:
    """Scroll so the element matching ``css`` ends ``margin`` pixels above the window bottom."""
    element = driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script(
        "const box = arguments[0].getBoundingClientRect();"
        "window.scrollTo(0, box.bottom + window.scrollY - window.innerHeight + arguments[1]);",
        element,
        margin,
    )


def shoot_sign_in(driver: WebDriver, base: str) -> None:
    """The sign-in page, as someone who is not signed in sees it."""
    driver.delete_all_cookies()
    driver.get(base + "/login")
    wait_until(driver, lambda d: visible(d, "#login-submit"), "the sign-in form")
    save(driver, "guide-sign-in.png")


def open_overview(driver: WebDriver, base: str, search: str = "") -> None:
    """Open the Overview and wait until its figures and chart are drawn."""
    driver.get(base + "/" + search)
    wait_until(
        driver,
        lambda d: text_of(d, "#overview-active-mentees") not in ("", NO_VALUE),
        "the Overview's headline figures",
    )
    wait_until(driver, lambda d: graphs_drawn(d, 1), "the Overview's chart")
    wait_until(driver, settled, "the Overview to settle")


def shoot_overview(driver: WebDriver, base: str) -> None:
    """The Overview for all sites and the default period."""
    open_overview(driver, base)
    save(driver, "guide-overview.png")
    save(driver, "overview.png")  # README's picture


def shoot_phone(driver: WebDriver, base: str) -> None:
    """The top of the Overview on a 390x844 phone, the navbar's menu closed, once the chart is
    laid out for the phone (assets/small-screen-charts.js). The window goes back to 1400x1000
    afterwards."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        open_overview(driver, base)
        wait_until(
            driver,
            lambda d: d.execute_script(
                "return Array.from(document.querySelectorAll('.js-plotly-plot'))"
                ".every(gd => gd._fullLayout && gd._fullLayout.dragmode === false)"
            ),
            "the chart to be laid out for a phone",
        )
        wait_until(driver, settled, "the Overview to settle on a phone")
        save(driver, "guide-phone.png")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def shoot_filter_bar(driver: WebDriver, base: str) -> None:
    """The Overview after choosing the first site in the filter bar's Sites dropdown."""
    open_overview(driver, base)
    before = text_of(driver, "#overview-active-mentees")
    driver.find_element(By.CSS_SELECTOR, SITES_DROPDOWN).click()
    option = wait_until(
        driver,
        lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option") if e.text],
        "the site options",
    )
    site = option[0].text  # type: ignore[index]
    option[0].click()  # type: ignore[index]
    wait_until(driver, lambda d: "sites=" in d.current_url, "the site to reach the URL")
    # Close the open menu so the picture shows the chosen site, not the option list.
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    driver.execute_script("document.activeElement.blur();")
    wait_until(
        driver,
        lambda d: text_of(d, "#overview-active-mentees") not in ("", NO_VALUE, before),
        f"the figures for {site}",
    )
    wait_until(driver, lambda d: not visible(d, ".dash-dropdown-options"), "the menu to close")
    wait_until(driver, settled, "the Overview to settle")
    print(f"chosen site: {site}; URL: {driver.current_url}")
    save(driver, "guide-filter-bar.png")


def shoot_caseloads(driver: WebDriver, base: str) -> None:
    """The Caseloads page scrolled so the end of the charts and the waiting list show."""
    driver.get(base + "/caseloads")
    wait_until(driver, lambda d: graphs_drawn(d, 2), "the Caseloads charts")
    wait_until(
        driver,
        lambda d: text_of(d, "#caseloads-waiting-note") != "",
        "the waiting list",
    )
    wait_until(driver, lambda d: visible(d, ".waiting-grid .ag-row"), "the waiting-list rows")
    wait_until(driver, settled, "the Caseloads page to settle")
    scroll_to_end_of(driver, ".waiting-grid")
    wait_until(
        driver,
        lambda d: d.execute_script("return window.scrollY") > 0,
        "the page to scroll to the waiting list",
    )
    save(driver, "guide-caseloads.png")


def open_charted_page(
    driver: WebDriver, base: str, path: str, graphs: int, caption: str, says: str = ""
) -> None:
    """Open ``path``, wait for ``graphs`` charts, for the ``caption`` element to say ``says``
    (anything when empty), and for the page to settle."""
    driver.get(base + path)
    wait_until(driver, lambda d: graphs_drawn(d, graphs), f"the charts of {path}")
    wait_until(
        driver,
        lambda d: (says in text_of(d, caption)) if says else text_of(d, caption) != "",
        f"{caption} on {path}",
    )
    wait_until(driver, settled, f"{path} to settle")


def shoot_workload(driver: WebDriver, base: str) -> None:
    """The Workload page: the mentor x week heatmap with its caption."""
    open_charted_page(driver, base, "/workload", 4, "#workload-heatmap-caption")
    save(driver, "guide-workload.png")
    scroll_to_end_of(driver, "#workload-crisis-graph")
    wait_until(driver, settled, "the crisis chart to settle")
    save(driver, "guide-workload-crisis.png")


def shoot_director(driver: WebDriver, base: str) -> None:
    """Workload as a program director sees it: every site in view, a row per site."""
    open_charted_page(driver, base, "/workload", 4, "#workload-heatmap-caption", "per site")
    save(driver, "guide-director.png")


def shoot_caseloads_follow_up(driver: WebDriver, base: str) -> None:
    """The Caseloads page's follow-up list with N = 21 days, and places against waits."""
    open_charted_page(driver, base, "/caseloads?days=21", 4, "#caseloads-follow-up-note", "21 days")
    scroll_to_end_of(driver, "#caseloads-places-graph")
    save(driver, "guide-caseloads-follow-up.png")


def shoot_mentor_page(driver: WebDriver, base: str) -> None:
    """A mentor's page and supervision card, opened from the Workload table's first link."""
    driver.get(base + "/workload")
    wait_until(driver, lambda d: visible(d, ".workload-grid .ag-row a"), "the workload table links")
    href = driver.find_element(By.CSS_SELECTOR, ".workload-grid .ag-row a").get_attribute("href")
    driver.get(href)
    wait_until(driver, lambda d: visible(d, "#mentor-card table"), "the supervision card")
    wait_until(driver, lambda d: graphs_drawn(d, 3), "the mentor's charts")
    wait_until(driver, settled, "the mentor page to settle")
    save(driver, "guide-mentor.png")


def shoot_audit(driver: WebDriver, base: str) -> None:
    """The Audit trail page (admins), newest events first."""
    driver.get(base + "/admin/audit")
    wait_until(driver, lambda d: visible(d, ".audit-grid .ag-row"), "the audit events")
    wait_until(driver, lambda d: text_of(d, "#audit-summary") != "", "the audit summary")
    wait_until(driver, settled, "the Audit trail to settle")
    save(driver, "guide-audit-trail.png")


def shoot_outcomes(driver: WebDriver, base: str) -> None:
    """The Outcomes page: pickers, milestones, reliable change and distance travelled."""
    path = "/outcomes?instrument=recovery_ladder&measure=Total&cohort=quarter"
    open_charted_page(driver, base, path, 6, "#outcomes-reliable-caption")

    # A taller window shows the pickers, milestones and the recovery measures in one picture.
    driver.set_window_size(1400, 1500)
    wait_until(driver, lambda d: graphs_drawn(d, 6), "the Outcomes charts after resizing")
    wait_until(driver, settled, "the Outcomes page to settle after resizing")
    save(driver, "guide-outcomes.png")
    driver.set_window_size(1400, 1000)


def shoot_attention(driver: WebDriver, base: str) -> None:
    """The Needs attention page of the demo supervisor: the week's wins, counts and items."""
    driver.get(base + "/attention")
    wait_until(
        driver,
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, ".attention-item")
            or "Nothing needs attention" in text_of(d, "#attention-list")
        ),
        "the attention list",
    )
    wait_until(driver, settled, "the Needs attention page to settle")
    save(driver, "guide-attention.png")


IMPORT_EXAMPLE = (
    "contact_id,match_id,date,time,minutes,mode,contact_type\n"
    "G-1,MT-1,{day},10:00,60,in_person,practical_living_skills\n"
    "G-2,MT-404,{day},11:00,30,phone,emotional_support\n"
    "G-3,MT-1,{day},19:30,20,phone,crisis_call\n"
)


def shoot_import(driver: WebDriver, base: str) -> None:
    """The Import data page (admins) with a small contacts file checked: its first rows and
    the one problem found (nothing is imported)."""
    import datetime as dt
    import tempfile

    driver.get(base + "/admin/import")
    wait_until(driver, lambda d: text_of(d, "#import-kind-help") != "", "the import page")
    with tempfile.TemporaryDirectory() as folder:
        upload = Path(folder) / "contacts.csv"
        yesterday = dt.date.today() - dt.timedelta(days=1)  # a tool's clock, not the app's
        upload.write_text(IMPORT_EXAMPLE.format(day=yesterday), encoding="utf-8")
        driver.find_element(By.CSS_SELECTOR, "#import-upload input[type=file]").send_keys(
            str(upload)
        )
        wait_until(
            driver, lambda d: visible(d, "#import-problems-grid .ag-row"), "the file's problems"
        )
    wait_until(driver, settled, "the Import page to settle")
    save(driver, "guide-import.png")


def shoot_viewer_refusal(driver: WebDriver, base: str) -> None:
    """What a meeting viewer gets when they open Caseloads: a refusal, no data."""
    driver.get(base + "/caseloads")
    wait_until(driver, lambda d: visible(d, "#page-forbidden"), "the refusal")
    wait_until(driver, settled, "the refusal page to settle")
    save(driver, "guide-viewer-caseloads.png")


def password(given: str | None, env_name: str, label: str) -> str:
    """A password from the command line, else the environment, else a prompt."""
    value = given or os.environ.get(env_name)
    return value if value else getpass.getpass(f"{label} password: ")


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line: base URL and, optionally, the demo passwords."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base-url",
        default=os.environ.get("SCREENSHOT_BASE_URL", "http://127.0.0.1:8050"),
        help="where the dashboard runs (default: $SCREENSHOT_BASE_URL or http://127.0.0.1:8050)",
    )
    parser.add_argument("--admin-password", help="default: $DASHBOARD_ADMIN_PASSWORD")
    parser.add_argument(
        "--demo-password", help="supervisor and viewer; default: $DASHBOARD_DEMO_USER_PASSWORD"
    )
    parser.add_argument(
        "--only",
        choices=["phone", "director"],
        help="take only this picture (phone: guide-phone.png; director: guide-director.png, "
        "on the medium demo), signed in as admin",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Take every screenshot of the user guide; 0 when all were written."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    base = args.base_url.rstrip("/")
    admin_pw = password(args.admin_password, "DASHBOARD_ADMIN_PASSWORD", "admin")
    demo_pw = password(args.demo_password, "DASHBOARD_DEMO_USER_PASSWORD", "demo user")
    driver = make_driver()
    try:
        if args.only:
            sign_in(driver, base, "admin", admin_pw)
            {"phone": shoot_phone, "director": shoot_director}[args.only](driver, base)
            return 0
        shoot_sign_in(driver, base)
        sign_in(driver, base, "supervisor", demo_pw)
        shoot_caseloads(driver, base)
        shoot_attention(driver, base)
        shoot_caseloads_follow_up(driver, base)
        shoot_mentor_page(driver, base)
        sign_in(driver, base, "admin", admin_pw)
        shoot_overview(driver, base)
        shoot_phone(driver, base)
        shoot_filter_bar(driver, base)
        shoot_audit(driver, base)
        shoot_import(driver, base)
        shoot_outcomes(driver, base)
        shoot_workload(driver, base)
        sign_in(driver, base, "viewer", demo_pw)
        shoot_viewer_refusal(driver, base)
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
