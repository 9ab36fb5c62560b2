"""How long each page takes to settle in Chromium: ``python -m bench.settle --help``.

Serves the whole app (query cache off, so every page is worked out afresh) on the benchmark
database of ``--scale`` (SQLite cached in instance/bench/, or ``--database-url``), signs in
as the benchmark admin in headless Debian Chromium, then opens every page ``--repeat`` times
and times it from navigation to *settled*: Dash's store holds no pending callback and no
component is marked loading. Needs Debian's ``chromium`` and ``chromium-driver`` (bin/test
installs them). Prints a Markdown table and, with ``--out``, writes it into
docs/performance.md. Budget: every page settles in under 2 s (median).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.pages import ADMIN_PASSWORD, ADMIN_USERNAME, bench_app
from bench.run import benchmark_database, write_section
from dashboard.pages import PAGES

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


def _driver():  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def _serve(app, port: int) -> threading.Thread:  # type: ignore[no-untyped-def]
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

    server = make_server("127.0.0.1", port, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _sign_in(driver, base: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/login")
    driver.find_element(By.NAME, "username").send_keys(ADMIN_USERNAME)
    driver.find_element(By.NAME, "password").send_keys(ADMIN_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form [type=submit]").click()
    _wait(driver, 30.0)


def _wait(driver, timeout: float) -> float:  # type: ignore[no-untyped-def]
    """Seconds until the page settles (raises after ``timeout``)."""
    began = time.perf_counter()
    while time.perf_counter() - began < timeout:
        try:
            if driver.execute_script(SETTLED_JS):
                return time.perf_counter() - began
        except Exception:  # noqa: S110 - the page is still being replaced
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{driver.current_url} did not settle in {timeout:.0f} s")


def _page_paths(engine) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(label, path) of every page an admin opens, a real mentor's and mentee's page included."""
    from sqlalchemy import func, select

    from data.schema import Mentee, Mentor

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


def measure(engine, repeat: int) -> list[tuple[str, str, list[float]]]:  # type: ignore[no-untyped-def]
    """Settle times (s) of every page, ``repeat`` loads each after one warm-up load."""
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
                samples = []
                for i in range(repeat + 1):
                    driver.get("about:blank")
                    began = time.perf_counter()
                    driver.get(base + path)
                    _wait(driver, 60.0)
                    if i:  # the first load warms the browser's cache of the app's assets
                        samples.append(time.perf_counter() - began)
                results.append((key, path, samples))
                print(f"  {path}: median {statistics.median(samples):.2f} s", flush=True)
            return results
        finally:
            driver.quit()


def report(
    results: list[tuple[str, str, list[float]]], args: argparse.Namespace, meta: dict
) -> str:
    """The Markdown section."""
    over = [path for _, path, s in results if statistics.median(s) >= BUDGET_S]
    verdict = "Every page is within it." if not over else "Over: " + ", ".join(over)
    lines = [
        f"## Pages settling in Chromium, scale {args.scale}, seed {args.seed}"
        f"{' (' + args.backend + ')' if args.backend else ''}",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}; data as of {meta.get('today')}; "
        f"{platform.platform()}, {os.cpu_count()} CPUs; load average "
        f"{os.getloadavg()[0]:.1f} at the end",
        f"- Command: `python -m bench.settle {' '.join(sys.argv[1:])}`",
        "- Each page opened as the admin (every site, the heaviest scope) with the query cache "
        f"off, {args.repeat} times after a warm-up load; timed from navigation until Dash has "
        "no pending callback and nothing is marked loading. Budget: under "
        f"{BUDGET_S:.0f} s. {verdict}",
        "",
        "| page | path | median s | max s |",
        "|---|---|---:|---:|",
    ]
    for key, path, samples in results:
        lines.append(
            f"| {key} | `{path}` | {statistics.median(samples):.2f} | {max(samples):.2f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Time every page; print and optionally save the table. Exit 1 when over budget."""
    parser = argparse.ArgumentParser(prog="python -m bench.settle", description=__doc__)
    parser.add_argument("--scale", default="medium", choices=["small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", help="a server database (rebuilt as bench.run does)")
    parser.add_argument("--out", type=Path, help="Markdown file to write the table into")
    args = parser.parse_args(argv)
    engine, meta = benchmark_database(args.database_url, args.scale, args.seed)
    args.backend = engine.dialect.name
    results = measure(engine, args.repeat)
    section = report(results, args, meta)
    print(section)
    if args.out:
        write_section(args.out, section, f"settle:{engine.dialect.name}:{args.scale}")
    over = any(statistics.median(s) >= BUDGET_S for _, _, s in results)
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
