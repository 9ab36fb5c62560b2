"""How long each page takes to settle in Chromium: ``python -m bench.settle --help``.

Serves the whole app (query cache off, so every page is worked out afresh) on the benchmark
database of ``--scale`` (SQLite cached in instance/bench/, or ``--database-url``), signs in
as the benchmark admin in headless Debian Chromium, then opens every page ``--repeat`` times by
its address (*cold*: the browser starts the app again) and ``--repeat`` times from another page
as the nav bar does (*in-app*), and times each from navigation to *settled*: Dash's store holds
no pending callback and no component is marked loading. Needs Debian's ``chromium`` and
``chromium-driver`` (bin/test installs them). Prints a Markdown table and, with ``--out``,
writes it into docs/performance.md. Budget: every page settles in under 2 s (median).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import platform
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import func, select
from werkzeug.serving import make_server

from bench.pages import ADMIN_PASSWORD, ADMIN_USERNAME, bench_app
from bench.run import add_database_arguments, benchmark_database
from bench.sections import write_section
from dashboard.chromium import CHROMEDRIVER, CHROMIUM, HEADLESS_FLAGS
from dashboard.pages import PAGES
from data.schema import Mentee, Mentor

BUDGET_S = 2.0
SETTLED_JS = """
if (!window.store || document.readyState !== 'complete') { return false; }
const state = window.store.getState();
const pending = Object.assign({}, state.callbacks || {});
delete pending.stored; delete pending.completed;
const waiting = [].concat(...Object.values(pending));
const loading = document.querySelector('[data-dash-is-loading="true"]');
return waiting.length === 0 && !state.isLoading && !loading
    && !!document.querySelector('#_pages_content > *');
"""


# In-app navigation, as dcc.Link does it: push the address and tell Dash's Location. The
# current page's content is marked first, so "settled" waits for the new page's content.
NAVIGATE_JS = """
const old = document.querySelector('#_pages_content > *');
if (old) { old.dataset.benchOld = '1'; }
window.history.pushState({}, '', arguments[0]);
window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));
"""
NEW_CONTENT_JS = (
    "const c = document.querySelector('#_pages_content > *'); return !!c && !c.dataset.benchOld;"
)


def _driver():  # type: ignore[no-untyped-def]
    # Selenium comes with the [test] extra: imported only when a browser is started.
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in (*HEADLESS_FLAGS, "--window-size=1400,1000"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def _serve(app, port: int) -> threading.Thread:  # type: ignore[no-untyped-def]
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

    server = make_server("127.0.0.1", port, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _sign_in(driver, base: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By  # the [test] extra, as in _driver

    driver.get(f"{base}/login")
    driver.find_element(By.NAME, "username").send_keys(ADMIN_USERNAME)
    driver.find_element(By.NAME, "password").send_keys(ADMIN_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form [type=submit]").click()
    _wait(driver, 30.0)


def _wait(driver, timeout: float, fresh: bool = False) -> float:  # type: ignore[no-untyped-def]
    """Seconds until the page settles (raises after ``timeout``); with ``fresh``, until a new
    page's content has replaced the marked one and settled."""
    began = time.perf_counter()
    while time.perf_counter() - began < timeout:
        try:
            if (not fresh or driver.execute_script(NEW_CONTENT_JS)) and driver.execute_script(
                SETTLED_JS
            ):
                return time.perf_counter() - began
        except Exception:  # noqa: S110 - the page is still being replaced
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{driver.current_url} did not settle in {timeout:.0f} s")


def _page_paths(engine) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(label, path) of every page an admin opens, a real mentor's and mentee's page included."""
    with engine.connect() as conn:
        mentor_id = conn.execute(select(func.min(Mentor.id))).scalar_one()
        mentee_id = conn.execute(select(func.min(Mentee.id))).scalar_one()
    paths = []
    for page in PAGES:
        path = page.path
        if page.path_template == "/mentors/<mentor_id>":
            path = f"/mentors/{mentor_id}"
        elif page.path_template == "/mentees/<mentee_id>":
            path = f"/mentees/{mentee_id}"
        paths.append((page.key, path))
    return paths


Timings = tuple[str, str, list[float], list[float]]  # key, path, cold loads, in-app


def measure(engine, repeat: int) -> list[Timings]:  # type: ignore[no-untyped-def]
    """Settle times (s) of every page: ``repeat`` cold loads (the address typed, after one
    warm-up load) and ``repeat`` in-app navigations (from the Overview, as the nav bar does)."""
    with tempfile.TemporaryDirectory() as instance:
        app = bench_app(engine, Path(instance))
        port = _free_port()
        _serve(app, port)
        base = f"http://127.0.0.1:{port}"
        driver = _driver()
        try:
            _sign_in(driver, base)
            results = []
            for key, path in _page_paths(engine):
                cold = []
                for i in range(repeat + 1):
                    driver.get("about:blank")
                    began = time.perf_counter()
                    driver.get(base + path)
                    _wait(driver, 60.0)
                    if i:  # the first load warms the browser's cache of the app's assets
                        cold.append(time.perf_counter() - began)
                in_app = []
                for _ in range(repeat):
                    driver.get(base + ("/attention" if path == "/" else "/"))
                    _wait(driver, 60.0)
                    began = time.perf_counter()
                    driver.execute_script(NAVIGATE_JS, path)
                    _wait(driver, 60.0, fresh=True)
                    in_app.append(time.perf_counter() - began)
                results.append((key, path, cold, in_app))
                print(
                    f"  {path}: cold {statistics.median(cold):.2f} s, "
                    f"in-app {statistics.median(in_app):.2f} s",
                    flush=True,
                )
            return results
        finally:
            driver.quit()


def report(results: list[Timings], args: argparse.Namespace, meta: dict) -> str:
    """The Markdown section."""
    cold_over = [path for _, path, c, _ in results if statistics.median(c) >= BUDGET_S]
    app_over = [path for _, path, _, a in results if statistics.median(a) >= BUDGET_S]

    def verdict(over: list[str]) -> str:
        return "every page within it" if not over else "over: " + ", ".join(over)

    lines = [
        f"## Pages settling in Chromium, scale {args.scale}, seed {args.seed}"
        f"{' (' + args.backend + ')' if args.backend else ''}",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}; data as of {meta.get('today')}; "
        f"{platform.platform()}, {os.cpu_count()} CPUs; load average "
        f"{os.getloadavg()[0]:.1f} at the end",
        f"- Command: `python -m bench.settle {' '.join(sys.argv[1:])}`",
        "- Each page opened as the admin (every site, the heaviest scope) with the query cache "
        f"off and timed until Dash has no pending callback and nothing is marked loading. "
        f"*Cold*: the address typed ({args.repeat} loads after a warm-up load: the browser "
        "loads and starts the app's scripts again each time). *In-app*: reached from another "
        f"page as the nav bar does ({args.repeat} times). Budget: under {BUDGET_S:.0f} s. "
        f"Cold: {verdict(cold_over)}. In-app: {verdict(app_over)}.",
        "",
        "| page | path | cold median s | cold max s | in-app median s | in-app max s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for key, path, cold, in_app in results:
        lines.append(
            f"| {key} | `{path}` | {statistics.median(cold):.2f} | {max(cold):.2f} | "
            f"{statistics.median(in_app):.2f} | {max(in_app):.2f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Time every page; print and optionally save the table. Exit 1 when over budget."""
    parser = argparse.ArgumentParser(prog="python -m bench.settle", description=__doc__)
    add_database_arguments(parser, repeat=3)
    args = parser.parse_args(argv)
    engine, meta = benchmark_database(args.database_url, args.scale, args.seed)
    args.backend = engine.dialect.name
    results = measure(engine, args.repeat)
    section = report(results, args, meta)
    print(section)
    if args.out:
        write_section(args.out, section, f"settle:{engine.dialect.name}:{args.scale}")
    over = any(
        statistics.median(samples) >= BUDGET_S
        for *_, cold, in_app in results
        for samples in (cold, in_app)
    )
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
