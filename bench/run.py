"""Time every query-layer function on the demo data set: ``python -m bench.run --help``.

Builds the demo database once per scale, seed and schema revision (cached in instance/bench/
for SQLite; for ``--database-url`` the database is rebuilt only when its recorded build does not
match), then calls each query function directly (no cache) ``--repeat`` times for the default
period (the last twelve months) and for the whole range of the data, as an admin (every site:
the heaviest scope). Prints a Markdown table and writes it into ``--out`` (one section per
backend and scale, other sections kept).

Unless ``--skip-pages``, it then times every page and every server-side callback through the
app as a signed-in admin (bench/pages.py) and adds that table to the same section.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, func, select, text

from bench import compare, notes_search
from bench.databases import CACHE_DIR, ROOT, cached_sqlite, rebuild_server, server_record_path
from bench.sections import write_section
from bench.timing import time_call
from data.db import make_engine
from data.filters import AccessScope, Filters, default_period
from data.migrate import head_revision
from data.queries import FILTER_QUERIES, sites_for_scope
from data.schema import Contact, Site

BUDGET_MS = 200.0


def _build_key(scale: str, seed: int) -> str:
    # The revision alone is not enough while a migration or the generator is being written:
    # a fingerprint of both makes any change to them build a fresh database.
    digest = hashlib.sha256()
    for folder in (ROOT / "data" / "migrations" / "versions", ROOT / "data" / "demo"):
        for source in sorted(folder.glob("*.py")):
            digest.update(source.read_bytes())
    return f"{scale}-seed{seed}-rev{head_revision()}-{digest.hexdigest()[:8]}"


def _generate(engine: Engine, scale: str, seed: int, today: dt.date) -> float:
    from data.demo import generate  # only when a database is built: it loads Faker

    began = time.perf_counter()
    generate(engine, scale=scale, seed=seed, progress=sys.stderr.isatty(), today=today)
    return time.perf_counter() - began


def sqlite_database(scale: str, seed: int, today: dt.date) -> tuple[Engine, dict[str, object]]:
    """The cached SQLite demo database for ``scale``/``seed`` (built on first use)."""
    key = _build_key(scale, seed)
    return cached_sqlite(
        CACHE_DIR / f"demo-{key}.sqlite3",
        lambda engine: _generate(engine, scale, seed, today),
        {"key": key, "today": today.isoformat()},
    )


def server_database(url: str, scale: str, seed: int, today: dt.date) -> tuple[Engine, dict]:
    """The demo data in the database at ``url``, rebuilt unless it holds this very build."""
    key = _build_key(scale, seed)
    engine = make_engine(url)
    meta_path = server_record_path(engine, "server-")
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        with engine.connect() as conn:
            has_sites = conn.execute(text("SELECT to_regclass('sites') IS NOT NULL")).scalar()
            sites = (
                conn.execute(select(func.count()).select_from(Site)).scalar() if has_sites else 0
            )
        if meta.get("key") == key and sites:
            return engine, meta
    seconds = rebuild_server(engine, lambda built: _generate(built, scale, seed, today))
    meta = {
        "key": key,
        "today": today.isoformat(),
        "build_seconds": round(seconds, 1),
        "contacts": _contact_count(engine),
    }
    meta_path.write_text(json.dumps(meta))
    return engine, meta


def benchmark_database(url: str | None, scale: str, seed: int) -> tuple[Engine, dict]:
    """The demo data for ``scale``/``seed``: in the server database at ``url``, else the
    cached SQLite file (either built on first use)."""
    today = dt.date.today()
    if url:
        return server_database(url, scale, seed, today)
    return sqlite_database(scale, seed, today)


def add_database_arguments(parser: argparse.ArgumentParser, repeat: int) -> None:
    """The options of a run on the benchmark database (``benchmark_database``): its scale,
    seed and server, how many timed calls, and the Markdown file to write into."""
    parser.add_argument("--scale", default="medium", choices=["small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--database-url", help="a server database to use (rebuilt as needed)")
    parser.add_argument("--out", type=Path, help="Markdown file to write the table into")


def _contact_count(engine: Engine) -> int | None:
    with engine.connect() as conn:
        if not conn.execute(text("SELECT to_regclass('contacts') IS NOT NULL")).scalar():
            return None
        return conn.execute(select(func.count()).select_from(Contact)).scalar()


def _first_day(engine: Engine, today: dt.date) -> dt.date:
    with engine.connect() as conn:
        first = conn.execute(select(func.min(Contact.contact_date))).scalar()
    return dt.date.fromisoformat(str(first)[:10]) if first else today


def run(engine: Engine, today: dt.date, repeat: int) -> list[tuple[str, str, float, float]]:
    """Time every query for the default period and the whole range: (query, period, med, p90)."""
    scope = AccessScope("admin", all_sites=True, see_identities=True, username="bench")
    first_day = _first_day(engine, today)
    periods = {
        "last 12 months": Filters(*default_period(today), scope=scope),
        f"whole range ({first_day:%Y-%m}..)": Filters(first_day, today, scope=scope),
    }
    results = [("sites_for_scope", "-", *time_call(lambda: sites_for_scope(engine, scope), repeat))]
    for name, fn in FILTER_QUERIES.items():
        for label, filters in periods.items():
            results.append((name, label, *time_call(lambda f=fn, x=filters: f(engine, x), repeat)))
    return results


def _server_version(engine: Engine) -> str:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            return "SQLite " + conn.exec_driver_sql("select sqlite_version()").scalar()
        return str(conn.exec_driver_sql("select version()").scalar()).split(" on ")[0]


def _counts(engine: Engine) -> str:
    with engine.connect() as conn:
        contacts = conn.execute(select(func.count()).select_from(Contact)).scalar()
        sites = conn.execute(select(func.count()).select_from(Site)).scalar()
    return f"{sites} sites, {contacts:,} contacts"


def report(
    engine: Engine,
    args: argparse.Namespace,
    meta: dict,
    results: list[tuple[str, str, float, float]],
) -> str:
    """The Markdown section for one run."""
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    command = "python -m bench.run " + " ".join(sys.argv[1:])
    over = [r for r in results if r[2] >= BUDGET_MS]
    lines = [
        f"## {engine.dialect.name}, scale {args.scale}, seed {args.seed}",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}; data as of {meta['today']} "
        f"({_counts(engine)}; built in {meta.get('build_seconds', '?')} s, cached as "
        f"`{meta['key']}`)",
        f"- Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, {_server_version(engine)}",
        f"- Command: `{command}`",
        f"- Peak RSS of the benchmark process: {peak_mb:.0f} MB",
        f"- Scope: admin (every site); {args.repeat} timed calls after one warm-up; "
        f"query cache off. Budget: median < {BUDGET_MS:.0f} ms "
        f"({'all within' if not over else f'{len(over)} over'}).",
        "",
        "| query | period | median ms | p90 ms |",
        "|---|---|---:|---:|",
    ]
    lines += [f"| {q} | {p} | {m:.1f} | {p90:.1f} |" for q, p, m, p90 in results]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the demo data, time every query, print and save the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    add_database_arguments(parser, repeat=7)
    parser.add_argument(
        "--skip-pages", action="store_true", help="time the queries only, not pages and callbacks"
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also time DuckDB and raw-rows-into-pandas equivalents beside the query functions "
        "(needs the [bench] extra, which bin/bench installs; see bench/compare.py)",
    )
    parser.add_argument(
        "--compare-only",
        action="store_true",
        help="run the --compare table only (no query or page table; --out writes only its "
        "own section)",
    )
    parser.add_argument(
        "--skip-notes-search",
        action="store_true",
        help="leave out the search over 100,000 consultation notes (bench/notes_search.py)",
    )
    parser.add_argument(
        "--notes-search-url",
        help="a server database for the notes-search benchmark (dropped and rebuilt); without it "
        "that benchmark runs on SQLite only when --database-url is not given",
    )
    args = parser.parse_args(argv)
    engine, meta = benchmark_database(args.database_url, args.scale, args.seed)
    data_today = dt.date.fromisoformat(meta["today"])
    args.compare = args.compare or args.compare_only
    results = [] if args.compare_only else run(engine, data_today, max(1, args.repeat))
    slow_callbacks: list[object] = []
    page_lines: list[str] = []
    if not args.skip_pages and not args.compare_only:
        from bench import pages  # imported here: it loads the whole app

        timings, skipped = pages.run(engine, max(1, args.repeat))
        slow_callbacks = list(pages.too_slow(timings))
        page_lines = pages.report_lines(timings, skipped, max(1, args.repeat))
    compare_lines: list[str] = []
    if args.compare:
        compared_rows, pandas_repeat = compare.run(
            engine, data_today, _first_day(engine, data_today), max(1, args.repeat)
        )
        compare_lines = compare.report_lines(compared_rows, max(1, args.repeat), pandas_repeat)
    if results:
        section = report(engine, args, meta, results)
        if page_lines:
            section += "\n".join(page_lines) + "\n"
        print(section)
        if args.out:
            write_section(args.out, section, f"{engine.dialect.name}:{args.scale}")
    if compare_lines:
        compared = compare.section(engine.dialect.name, args, meta, compare_lines)
        print(compared)
        if args.out:
            write_section(args.out, compared, f"{engine.dialect.name}:{args.scale}:compare")
    engine.dispose()
    notes_search_ok = True
    if not args.skip_notes_search and not args.compare_only:
        if args.notes_search_url or not args.database_url:
            status = notes_search.run_and_report(
                args.notes_search_url, 100_000, max(1, args.repeat), args.out
            )
            notes_search_ok = status == 0
        else:
            print("Notes search: give --notes-search-url to time it on a server database.")
    ok = all(r[2] < BUDGET_MS for r in results) and not slow_callbacks and notes_search_ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
