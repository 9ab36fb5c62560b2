"""A bounded load test: ``bin/load --database-url URL --redis-url URL`` (see --help).

Starts the production server exactly as ``bin/serve`` does (gunicorn with gunicorn.conf.py, on
a free loopback port) on the given benchmark database, prepares what each page sends when it
opens with a few different filters (periods, one site), then runs Locust headless from its own
environment: ``--users`` concurrent signed-in sessions (default 50) for ``--run-time``, each
opening pages and changing filters with a pause between pages (``--pause``, 5-15 s). It
samples the resident memory of every gunicorn worker once a second, stops the server, prints
the figures and, with ``--out``, writes them into docs/performance.md. Loopback only; the
database must be a throwaway benchmark database (bench.run builds one): signing in adds audit
rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import text

from bench.pages import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    CALLBACK_PATH,
    ROUTER_OUTPUT,
    FirstLoad,
    _headers,
    bench_app,
    callback_name,
    first_load_body,
    server_callbacks,
    signed_in_admin,
)
from bench.sections import write_section
from dashboard.pages import PAGES
from data.db import make_engine
from data.filters import default_period

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 300.0
TARGET_WORKER_MB = 400.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _filter_variants(engine: Any) -> list[str]:
    """Query strings a supervisor moves between: default, last quarter, a year ago, one site."""
    with engine.connect() as conn:
        last = conn.execute(text("SELECT max(contact_date) FROM contacts")).scalar()
        site = conn.execute(text("SELECT min(id) FROM sites")).scalar()
    today = dt.date.fromisoformat(str(last)[:10]) if last else dt.date.today()
    start, end = default_period(today)
    quarter = today - dt.timedelta(days=91)
    year_ago = dt.date(today.year - 1, 1, 1)
    return [
        "",
        f"?start={quarter}&end={today}",
        f"?start={year_ago}&end={dt.date(today.year - 1, 12, 31)}",
        f"?start={start}&end={end}&sites={site}",
    ]


def prepare_scenarios(engine: Any, paths: list[str]) -> list[dict[str, Any]]:
    """For each page and filter variant: the URL and the callback bodies the page sends."""
    with tempfile.TemporaryDirectory(prefix="bench-load-") as instance:
        app = bench_app(engine, Path(instance))
        client = signed_in_admin(app, engine)
        shell_tree = client.get("/_dash-layout").get_json()
        specs = server_callbacks(app, client)
        router = next(s for s in specs if s["output"].startswith(f"..{ROUTER_OUTPUT}"))
        others = [s for s in specs if s is not router and not s.get("prevent_initial_call")]
        scenarios = []
        for path in paths:
            for search in _filter_variants(engine):
                shell = FirstLoad.from_tree(shell_tree, path)
                for key in shell.locations:
                    shell.props[key].update(search=search, href=f"http://localhost{path}{search}")
                body = first_load_body(router, shell)
                content = client.post(CALLBACK_PATH, json=body, headers=_headers()).get_json()
                page = shell.merged(FirstLoad.from_tree(content["response"], path))
                for key in page.locations:
                    page.props[key].update(search=search)
                calls = [(callback_name(app, router), body)]
                for spec in others:
                    if all(page.has(i) for i in spec["inputs"]):
                        try:
                            calls.append((callback_name(app, spec), first_load_body(spec, page)))
                        except NotImplementedError:
                            continue
                scenarios.append({"path": path, "url": path + search, "callbacks": calls})
    return scenarios


def _worker_rss_mb(master_pid: int) -> dict[int, float]:
    rss = {}
    for child in Path("/proc").iterdir():
        if not child.name.isdigit():
            continue
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            rss[int(child.name)] = int(fields["VmRSS"].split()[0]) / 1024.0
    return rss


class RssSampler(threading.Thread):
    """Samples the gunicorn workers' resident memory once a second; keeps each one's peak."""

    def __init__(self, master_pid: int):
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.peak: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(1.0):
            for pid, mb in _worker_rss_mb(self.master_pid).items():
                self.peak[pid] = max(self.peak.get(pid, 0.0), mb)


def _wait_until_up(base: str, process: subprocess.Popen, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"error: gunicorn exited with {process.returncode}")
        try:
            if requests.get(base + "/login", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or no worker booted yet
            pass
        time.sleep(0.3)
    raise SystemExit("error: gunicorn did not start")


def _read_stats(prefix: str) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def report(args: argparse.Namespace, rows: list[dict[str, str]], peak: dict[int, float]) -> str:
    """The Markdown section: the command, the totals against the targets, and each request."""
    total = next(r for r in rows if r["Name"] == "Aggregated")
    p95 = float(total["95%"])
    failures = int(total["Failure Count"])
    worst = max(peak.values(), default=0.0)
    lines = [
        f"## Load: {args.users} signed-in sessions, gunicorn + {args.backend} + "
        f"{'Redis' if args.redis_url else 'no Redis'}",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}; {platform.platform()}, "
        f"{os.cpu_count()} CPUs; database: {args.label}; machine load average "
        f"{args.load_before:.1f} before, {os.getloadavg()[0]:.1f} after (other jobs share "
        "the CPUs: above the CPU count, the figures say more about them than about the app)",
        f"- Command: `bin/load {' '.join(sys.argv[1:])}`",
        f"- Server: `bin/serve`'s gunicorn.conf.py ({args.workers} workers x {args.threads} "
        "threads); Locust headless on the loopback, sessions started at "
        f"{args.spawn_rate:g}/s, a pause of {args.pause} s between pages; every "
        "page opened with one of four filter choices (default, last quarter, last year, one "
        "site) and all the callbacks it sends when it opens.",
        f"- Result: {total['Request Count']} requests, {failures} failed; p95 {p95:.0f} ms "
        f"(target < {TARGET_P95_MS:.0f}: {'met' if p95 < TARGET_P95_MS else 'NOT met'}); "
        f"peak worker RSS {worst:.0f} MB (target < {TARGET_WORKER_MB:.0f}: "
        f"{'met' if worst < TARGET_WORKER_MB else 'NOT met'}); "
        f"{float(total['Requests/s']):.1f} requests/s.",
        "",
        "| request | count | failures | median ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | "
            f"{float(r['Median Response Time']):.0f} | {float(r['95%']):.0f} | "
            f"{float(r['Max Response Time']):.0f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Serve, load, measure, report; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(prog="bin/load", description=__doc__)
    parser.add_argument("--database-url", required=True, help="the benchmark database")
    parser.add_argument("--redis-url", help="Redis for the query cache and sessions")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--spawn-rate", type=float, default=1.0, help="sessions started per second (1)"
    )
    parser.add_argument(
        "--pause",
        default="5-15",
        help="seconds each session reads a page before the next, as MIN-MAX (5-15)",
    )
    parser.add_argument("--run-time", default="60s", help="Locust --run-time (bounded)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--locust", default=str(ROOT / ".venv-load" / "bin" / "locust"))
    parser.add_argument("--out", type=Path, help="Markdown file to write the section into")
    args = parser.parse_args(argv)
    args.load_before = os.getloadavg()[0]
    engine = make_engine(args.database_url)
    args.backend = engine.dialect.name
    args.label = engine.url.render_as_string(hide_password=True).split("/")[-1]

    paths = [p.path for p in PAGES if "supervisor" in p.roles and p.path_template is None]
    plan_dir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    scenarios = prepare_scenarios(engine, paths)
    engine.dispose()
    plan = {"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD, "scenarios": scenarios}
    (plan_dir / "plan.json").write_text(json.dumps(plan))
    print(f"{len(scenarios)} page x filter scenarios prepared", flush=True)

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_THREADS": str(args.threads),
        "INSTANCE_PATH": str(plan_dir / "instance"),
        "SECRET_KEY": secrets.token_urlsafe(48),
        "LOAD_SCENARIOS": str(plan_dir / "plan.json"),
        "LOAD_PAUSE": args.pause,
    }
    env.pop("REDIS_URL", None)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"], cwd=ROOT, env=env
    )
    sampler = RssSampler(server.pid)
    try:
        _wait_until_up(base, server)
        sampler.start()
        prefix = str(plan_dir / "locust")
        subprocess.run(  # noqa: S603 (our own command line)
            [args.locust, "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "-u", str(args.users), "-r", str(args.spawn_rate), "--run-time", args.run_time,
             "--host", base, "--csv", prefix, "--only-summary", "--stop-timeout", "10"],
            cwd=ROOT, env=env, check=False, timeout=3600,
        )  # fmt: skip
    finally:
        sampler.stop.set()
        server.terminate()
        server.wait(timeout=60)
    rows = _read_stats(prefix)
    section = report(args, rows, sampler.peak)
    print(section)
    if args.out:
        write_section(args.out, section, f"load:{args.backend}:{args.label}")
    total = next(r for r in rows if r["Name"] == "Aggregated")
    met = (
        float(total["95%"]) < TARGET_P95_MS
        and int(total["Failure Count"]) == 0
        and max(sampler.peak.values(), default=0.0) < TARGET_WORKER_MB
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
