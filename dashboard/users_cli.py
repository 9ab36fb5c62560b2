"""``python -m dashboard users add|list|disable|reset-password``: manage who can sign in.

Passwords are never taken as command-line arguments (they would end up in shell history and
the process list): give ``--password-stdin`` to read one from standard input, otherwise a
strong one is generated and printed once.
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import OperationalError, ProgrammingError

from dashboard.settings import Settings
from dashboard.users import UserError, add_user, disable_user, list_users, reset_password
from data.db import check_connection, make_engine
from data.schema import ROLES


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``users`` sub-command and its own sub-commands to the CLI's parser."""
    users = subparsers.add_parser(
        "users",
        help="add, list, disable users and reset passwords",
        description="Manage who can sign in. Admins see all sites; supervisors and meeting "
        "viewers see the sites given with --site.",
    )
    sub = users.add_subparsers(dest="users_command", required=True)

    add = sub.add_parser("add", help="create a user (prints a generated password once)")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument(
        "--site",
        dest="sites",
        type=int,
        action="append",
        default=[],
        metavar="SITE_ID",
        help="a site the user may see (repeat for several; not for admins)",
    )
    add.add_argument("--full-name", default="")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )

    sub.add_parser("list", help="list users, their roles and sites")

    disable = sub.add_parser("disable", help="stop a user signing in and end their sessions")
    disable.add_argument("username")

    reset = sub.add_parser(
        "reset-password", help="set a new password, unlock, end the user's sessions"
    )
    reset.add_argument("username")
    reset.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )


def _read_password() -> str:
    return sys.stdin.readline().rstrip("\r\n")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run one ``users`` sub-command; 0 on success, 1 with a message on a refused request."""
    if settings.is_demo:
        settings.instance_path.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.effective_database_url)
    check_connection(engine)
    try:
        return _run(args, engine)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (OperationalError, ProgrammingError):
        print(
            "error: the database has no users table yet: run `python -m dashboard db upgrade`",
            file=sys.stderr,
        )
        return 1
    finally:
        engine.dispose()


def _run(args: argparse.Namespace, engine) -> int:  # type: ignore[no-untyped-def]
    command = args.users_command
    if command == "add":
        password = _read_password() if args.password_stdin else None
        info, secret = add_user(
            engine, args.username, args.role, args.sites, password, args.full_name, actor="cli"
        )
        print(f"added {info.role} '{info.username}'")
        if password is None:
            print(f"password (shown once): {secret}")
        return 0
    if command == "list":
        print(f"{'username':<24} {'role':<15} {'active':<7} {'sites':<12} last sign-in")
        for user in list_users(engine):
            sites = "all" if user.all_sites else ",".join(map(str, user.site_ids)) or "-"
            last = user.last_login_at.isoformat(timespec="minutes") if user.last_login_at else "-"
            active = "yes" if user.is_active else "no"
            print(f"{user.username:<24} {user.role:<15} {active:<7} {sites:<12} {last}")
        return 0
    if command == "disable":
        info = disable_user(engine, args.username, actor="cli")
        print(f"disabled '{info.username}'; their sessions have ended")
        return 0
    password = _read_password() if args.password_stdin else None
    secret = reset_password(engine, args.username, password, actor="cli")
    print(f"new password set for '{args.username.strip().lower()}'; their sessions have ended")
    if password is None:
        print(f"password (shown once): {secret}")
    return 0
