"""``python -m dashboard users add|list|disable|reset-password|unlock|sessions|end-sessions``.

Manage who can sign in, lift sign-in holds, and see or end a user's open sessions.

Passwords are never taken as command-line arguments (they would end up in shell history and
the process list): give ``--password-stdin`` to read one from standard input, otherwise a
strong one is generated and printed once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from sqlalchemy.exc import OperationalError, ProgrammingError

from dashboard.cli.common import open_engine
from dashboard.settings import Settings
from data.schema import ROLES
from data.services.sessions import SessionStore, make_store
from data.services.users import (
    UserError,
    add_user,
    disable_user,
    end_sessions,
    get_user_id,
    list_users,
    reset_password,
    unlock_user,
    user_sessions,
)


def _minutes(moment: dt.datetime | None) -> str:
    """A stored UTC time to the minute, or "-"."""
    return moment.isoformat(sep=" ", timespec="minutes") + " UTC" if moment else "-"


def add_arguments(users: argparse.ArgumentParser) -> None:
    """The ``users`` sub-command's own sub-commands."""
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

    unlock = sub.add_parser(
        "unlock", help="lift a sign-in hold (too many failed sign-ins) on a username"
    )
    unlock.add_argument("username")

    sessions = sub.add_parser("sessions", help="list a user's open sessions")
    sessions.add_argument("username")

    end = sub.add_parser("end-sessions", help="end a user's open sessions (all, or --session)")
    end.add_argument("username")
    end.add_argument(
        "--session",
        dest="sessions",
        action="append",
        default=[],
        metavar="ID",
        help="the id shown by `users sessions` (repeat for several); default: every session",
    )


def _read_password() -> str:
    return sys.stdin.readline().rstrip("\r\n")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run one ``users`` sub-command; 0 on success, 1 with a message on a refused request."""
    engine = open_engine(settings, create_demo_folder=True)
    store = make_store(
        engine,
        settings.redis_url,
        settings.idle_timeout_minutes,
        settings.session_lifetime_hours,
    )
    try:
        return _run(args, engine, store)
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


def _when(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d %H:%M")


def _run_sessions(args: argparse.Namespace, engine, store: SessionStore) -> int:  # type: ignore[no-untyped-def]
    command = args.users_command
    if command == "unlock":
        unlock_user(engine, args.username, actor="cli")
        print(f"lifted every sign-in hold on '{args.username.strip().lower()}'")
        return 0
    if command == "sessions":
        records = user_sessions(engine, store, args.username, time.time())
        print(f"{'id':<13} {'signed in (UTC)':<17} {'last seen':<17} {'ends':<17} address")
        for r in records:
            print(
                f"{r.short_id:<13} {_when(r.created_at):<17} {_when(r.last_seen_at):<17} "
                f"{_when(r.expires_at):<17} {r.ip_address or '-'}  {r.user_agent[:40]}"
            )
        if not records:
            print("(no open sessions)")
        return 0
    ended = end_sessions(engine, store, args.username, actor="cli", short_ids=args.sessions)
    print(f"ended {ended} session(s) of '{args.username.strip().lower()}'")
    return 0


def _run(args: argparse.Namespace, engine, store: SessionStore) -> int:  # type: ignore[no-untyped-def]
    command = args.users_command
    if command in ("unlock", "sessions", "end-sessions"):
        return _run_sessions(args, engine, store)
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
        print(
            f"{'username':<24} {'role':<15} {'active':<7} {'sites':<12} {'last sign-in':<17} "
            "held until"
        )
        for user in list_users(engine):
            sites = "all" if user.all_sites else ",".join(map(str, user.site_ids)) or "-"
            last = _minutes(user.last_login_at)
            held = _minutes(user.locked_until) if user.locked_until else "-"
            active = "yes" if user.is_active else "no"
            print(f"{user.username:<24} {user.role:<15} {active:<7} {sites:<12} {last:<17} {held}")
        return 0
    if command == "disable":
        info = disable_user(engine, args.username, actor="cli")
        store.delete_for_user(info.id)  # a Redis store too (the database rows are gone already)
        print(f"disabled '{info.username}'; their sessions have ended")
        return 0
    password = _read_password() if args.password_stdin else None
    secret = reset_password(engine, args.username, password, actor="cli")
    user_id = get_user_id(engine, args.username)
    if user_id is not None:
        store.delete_for_user(user_id)
    print(f"new password set for '{args.username.strip().lower()}'; their sessions have ended")
    if password is None:
        print(f"password (shown once): {secret}")
    return 0
