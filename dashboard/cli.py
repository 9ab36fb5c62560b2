"""``python -m dashboard``: the operator's tasks, each a sub-command with its own --help.

demo     create (or recreate) a database full of synthetic demo data
db       upgrade the schema (a deploy step), or show its revision
users    add, list, disable users, reset passwords, lift sign-in holds, list or end sessions
settings show the settings in force and where each comes from
import   import a program's own records from CSV or Excel (docs/import.md)
digest   send the weekly digest by email (cron or a systemd timer), set who gets it
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence

from dashboard.settings import Settings, load_settings
from data.db import DatabaseUnavailable, check_connection, make_engine

EXIT_DB_UNAVAILABLE = 2


def _add_demo(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="fill a database with synthetic demo data",
        description="Migrate the database and fill it with deterministic synthetic data. "
        "Refuses a database that already holds data unless --reset is given.",
    )
    demo.add_argument("--scale", choices=["small", "medium", "large"], default="small")
    demo.add_argument("--seed", type=int, default=7, help="same seed, same data (default 7)")
    demo.add_argument(
        "--reset", action="store_true", help="delete all program data first (never users)"
    )


def _add_db(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="database schema tasks")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="bring the schema up to date without losing data")
    db_sub.add_parser("current", help="print the schema revision of the database")
    backup = db_sub.add_parser(
        "backup",
        help="copy the SQLite database into a new file, safely while serving "
        "(PostgreSQL: pg_dump, see docs/deployment.md)",
    )
    backup.add_argument("target", help="the new backup file, e.g. backups/2026-11-25.sqlite3")


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser with every sub-command."""
    from dashboard import digest_cli, import_cli, users_cli

    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Operator tasks for the Peer Mentoring Dashboard. The database is "
        "DATABASE_URL, or the embedded SQLite demo database when it is unset.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    _add_demo(subparsers)
    _add_db(subparsers)
    users_cli.add_parser(subparsers)
    from dashboard import instruments_cli

    instruments_cli.add_parser(subparsers)
    digest_cli.add_parser(subparsers)
    import_cli.add_parser(subparsers)
    subparsers.add_parser("settings", help="show the settings in force (secrets hidden)")
    summaries = subparsers.add_parser(
        "summaries", help="summary tables the charts read (derived from the raw rows)"
    )
    summaries.add_subparsers(dest="summaries_command", required=True).add_parser(
        "rebuild", help="recompute every summary table from the raw rows, in one transaction"
    )
    return parser


def _run_demo(args: argparse.Namespace, settings: Settings) -> int:
    from data.demo import generate
    from data.demo.reset import database_has_program_data, delete_program_data
    from data.migrate import upgrade

    engine = _engine(settings)
    upgrade(engine)
    if database_has_program_data(engine):
        if not args.reset:
            print("error: the database already holds data; add --reset to replace it")
            return 1
        delete_program_data(engine)
    summary = generate(engine, scale=args.scale, seed=args.seed, progress=True)
    for table, rows in dataclasses.asdict(summary).items():
        print(f"{table:>22}: {rows:,}")
    return 0


def _run_db(args: argparse.Namespace, settings: Settings) -> int:
    from data.migrate import current_revision, head_revision, upgrade

    engine = _engine(settings)
    if args.db_command == "backup":
        from data.backup import BackupRefused, backup_sqlite

        try:
            print(f"backed up to {backup_sqlite(engine, args.target)}")
        except BackupRefused as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.db_command == "upgrade":
        upgrade(engine)
        print(f"database at revision {current_revision(engine)}")
    else:
        print(f"database at {current_revision(engine)}; code expects {head_revision()}")
    return 0


def _run_summaries(settings: Settings) -> int:
    import time

    from data.summaries import rebuild_all
    from data.versioning import bump

    engine = _engine(settings)
    began = time.perf_counter()
    with engine.begin() as conn:
        rebuild_all(conn)
        bump(conn)
    print(f"summary tables rebuilt in {time.perf_counter() - began:.1f} s")
    return 0


def _run_settings(settings: Settings) -> int:
    secret_fields = {
        "secret_key",
        "admin_password",
        "demo_user_password",
        "oidc_client_secret",
        "smtp_password",
    }
    for name, info in Settings.model_fields.items():
        value = getattr(settings, name)
        if name in secret_fields and value:
            value = "(set)"
        if name == "database_url" and value:
            from sqlalchemy.engine import make_url

            value = make_url(value).render_as_string(hide_password=True)
        print(f"{name:>22} = {value!s:<40} {info.description or ''}")
    return 0


def _engine(settings: Settings):  # type: ignore[no-untyped-def]
    if settings.is_demo:
        settings.instance_path.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.effective_database_url)
    check_connection(engine)
    return engine


def main(argv: Sequence[str] | None = None) -> int:
    """Run one operator task; exit code 2 when the database cannot be reached, 1 on refusal."""
    from dashboard import users_cli

    args = build_parser().parse_args(argv)
    settings = load_settings()
    try:
        if args.command == "demo":
            return _run_demo(args, settings)
        if args.command == "db":
            return _run_db(args, settings)
        if args.command == "users":
            return users_cli.run(args, settings)
        if args.command == "digest":
            from dashboard import digest_cli

            return digest_cli.run(args, settings)
        if args.command == "instruments":
            from dashboard import instruments_cli

            return instruments_cli.run(args, settings)
        if args.command == "summaries":
            return _run_summaries(settings)
        if args.command == "import":
            from dashboard import import_cli

            return import_cli.run(args, settings)
        return _run_settings(settings)
    except DatabaseUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DB_UNAVAILABLE
