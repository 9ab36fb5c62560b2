"""``python -m dashboard db upgrade|current|backup``: the database schema and its backups."""

from __future__ import annotations

import argparse
import sys

from dashboard.cli.common import open_engine
from dashboard.settings import Settings
from data.backup import BackupRefused, backup_sqlite


def add_arguments(db: argparse.ArgumentParser) -> None:
    """The ``db`` sub-command's own sub-commands."""
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="bring the schema up to date without losing data")
    db_sub.add_parser("current", help="print the schema revision of the database")
    backup = db_sub.add_parser(
        "backup",
        help="copy the SQLite database into a new file, safely while serving "
        "(PostgreSQL: pg_dump, see docs/deployment.md)",
    )
    backup.add_argument("target", help="the new backup file, e.g. backups/2026-11-25.sqlite3")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Upgrade the schema, show its revision, or back the database up; 1 on a refused backup."""
    # Imported when the task runs: migrations load Alembic.
    from data.migrate import current_revision, head_revision, upgrade

    engine = open_engine(settings, create_demo_folder=True)
    if args.db_command == "backup":
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
