"""``python -m dashboard``: the operator's tasks, each a sub-command with its own --help.

demo     create (or recreate) a database full of synthetic demo data
db       upgrade the schema (a deploy step), or show its revision
users    add, list, disable users, reset passwords, lift sign-in holds, list or end sessions
settings show the settings in force and where each comes from
import   import a program's own records from CSV or Excel (docs/import.md)
digest   send the weekly digest by email (cron or a systemd timer), set who gets it
instruments  list the outcome instruments, add a program's own
summaries    rebuild the summary tables the charts read

One module per task, each declaring its sub-command (``NAME``, ``HELP``, ``DESCRIPTION``,
``add_arguments(parser)``) and ``run(args, settings)``; this module builds the parser from them
and dispatches to the one named on the command line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from dashboard.cli import (
    db,
    demo,
    digest,
    import_records,
    instruments,
    settings,
    summaries,
    users,
)
from dashboard.cli.common import EXIT_DB_UNAVAILABLE
from dashboard.settings import load_settings
from data.db import DatabaseUnavailable

# Every task module has NAME, HELP, DESCRIPTION, add_arguments(parser) and run(args, settings);
# --help lists them in this order.
TASKS: tuple[ModuleType, ...] = (
    demo,
    db,
    users,
    instruments,
    digest,
    import_records,
    settings,
    summaries,
)
TASKS_BY_NAME: dict[str, ModuleType] = {task.NAME: task for task in TASKS}


def add_task(subparsers: argparse._SubParsersAction, task: ModuleType) -> None:
    """Add ``task``'s sub-command, with its help and arguments, to ``subparsers``."""
    parser = subparsers.add_parser(task.NAME, help=task.HELP, description=task.DESCRIPTION)
    task.add_arguments(parser)


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Operator tasks for the Peer Mentoring Dashboard. The database is "
        "DATABASE_URL, or the embedded SQLite demo database when it is unset.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for task in TASKS:
        add_task(subparsers, task)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one operator task; exit code 2 when the database cannot be reached, 1 on refusal."""
    args = build_parser().parse_args(argv)
    settings = load_settings()
    try:
        return TASKS_BY_NAME[args.command].run(args, settings)
    except DatabaseUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DB_UNAVAILABLE
