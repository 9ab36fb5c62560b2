"""``python -m dashboard``: the operator's tasks, each a sub-command with its own --help.

demo     create (or recreate) a database full of synthetic demo data
db       upgrade the schema (a deploy step), or show its revision
users    add, list, disable users, reset passwords, lift sign-in holds, list or end sessions
settings show the settings in force and where each comes from
import   import a program's own records from CSV or Excel (docs/import.md)
digest   send the weekly digest by email (cron or a systemd timer), set who gets it
instruments  list the outcome instruments, add a program's own
summaries    rebuild the summary tables the charts read

One module per task, with ``add_arguments(parser)`` and ``run(args, settings)``; ``TASKS``
below names each task's sub-command and help, builds the parser from them and dispatches to
the one named on the command line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Task:
    """One operator task: its sub-command, what --help says of it, and the module that runs it
    (``add_arguments(parser)`` and ``run(args, settings)``)."""

    name: str
    module: ModuleType
    help: str
    description: str | None = None


# --help lists them in this order.
TASKS: tuple[Task, ...] = (
    Task(
        "demo",
        demo,
        "fill a database with synthetic demo data",
        "Migrate the database and fill it with deterministic synthetic data. "
        "Refuses a database that already holds data unless --reset is given.",
    ),
    Task("db", db, "database schema tasks"),
    Task(
        "users",
        users,
        "add, list, disable users, reset passwords, unlock, list or end sessions",
        "Manage who can sign in. Admins see all sites; supervisors and meeting "
        "viewers see the sites given with --site.",
    ),
    Task(
        "instruments",
        instruments,
        "list outcome instruments, or add one from a JSON or CSV definition",
        "Outcome instruments: their domains, ranges, direction and reliability "
        "(docs/outcomes.md shows the definition format).",
    ),
    Task(
        "digest",
        digest,
        "the weekly digest by email: send it, set who gets it",
        "The weekly email to supervisors and admins: open items of their sites "
        "(never a mentee's name or code), the week's wins and the counts that changed.",
    ),
    Task(
        "import",
        import_records,
        "import a program's own records from a CSV or Excel file",
        import_records.DESCRIPTION,
    ),
    Task("settings", settings, "show the settings in force (secrets hidden)"),
    Task("summaries", summaries, "summary tables the charts read (derived from the raw rows)"),
)
TASKS_BY_NAME: dict[str, Task] = {task.name: task for task in TASKS}


def add_task(subparsers: argparse._SubParsersAction, name: str) -> None:
    """Add the sub-command of task ``name``, with its help and arguments, to ``subparsers``."""
    task = TASKS_BY_NAME[name]
    parser = subparsers.add_parser(task.name, help=task.help, description=task.description)
    task.module.add_arguments(parser)


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Operator tasks for the Peer Mentoring Dashboard. The database is "
        "DATABASE_URL, or the embedded SQLite demo database when it is unset.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for task in TASKS:
        add_task(subparsers, task.name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one operator task; exit code 2 when the database cannot be reached, 1 on refusal."""
    args = build_parser().parse_args(argv)
    settings = load_settings()
    try:
        return TASKS_BY_NAME[args.command].module.run(args, settings)
    except DatabaseUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DB_UNAVAILABLE
