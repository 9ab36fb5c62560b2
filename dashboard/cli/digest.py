"""``python -m dashboard digest send|email|stop|start|list``: the weekly digest by email.

Run ``digest send`` once a week from cron or a systemd timer (docs/configuration.md shows
both); running it again in the same ISO week sends nothing new, only retries failures.
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import Engine

from dashboard.cli.common import open_engine
from dashboard.settings import Settings
from data.services.digest import RecipientError, recipients, set_email, set_opt_out

EXIT_FAILED = 1
EXIT_NOT_CONFIGURED = 3


def add_arguments(digest: argparse.ArgumentParser) -> None:
    """The ``digest`` sub-command's own sub-commands."""
    sub = digest.add_subparsers(dest="digest_command", required=True)
    send = sub.add_parser(
        "send",
        help="send this week's digest to everyone who has not had it (needs SMTP_HOST)",
    )
    send.add_argument(
        "--dry-run", action="store_true", help="print the digests instead of sending them"
    )
    email = sub.add_parser("email", help="set a user's digest address ('' removes it)")
    email.add_argument("username")
    email.add_argument("address")
    stop = sub.add_parser("stop", help="a user no longer gets the digest (opt out)")
    stop.add_argument("username")
    start = sub.add_parser("start", help="a user gets the digest again (opt in)")
    start.add_argument("username")
    sub.add_parser("list", help="who gets the digest this week")


def _send(engine: Engine, settings: Settings, dry_run: bool) -> int:
    # Imported when sending: the digest loads the attention list's queries.
    from dashboard.digest import send_digests

    report = send_digests(engine, settings, dry_run=dry_run)
    if not report.configured:
        print(
            "error: SMTP_HOST is not set, so no digest was sent (see docs/configuration.md)",
            file=sys.stderr,
        )
        return EXIT_NOT_CONFIGURED
    if dry_run:
        for digest in report.previews:
            print(f"=== to {digest.recipient.username} <{digest.recipient.email}>")
            print(f"Subject: {digest.subject}\n")
            print(digest.text)
        print(f"dry run for week {report.week}: {len(report.previews)} digests, none sent")
        return 0
    print(f"week {report.week}: sent {len(report.sent)}", end="")
    print(f", already sent earlier {len(report.already_sent)}", end="")
    print(f", failed {len(report.failed)}, unknown {len(report.unknown)}")
    for username, error in report.failed:
        print(f"failed: {username}: {error}", file=sys.stderr)
    for username in report.unknown:
        print(
            f"unknown: {username}: a run of this week stopped while sending; not sent again",
            file=sys.stderr,
        )
    return 0 if report.ok else EXIT_FAILED


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run one ``digest`` sub-command; 1 when a send failed, 3 when SMTP is not set up."""
    engine = open_engine(settings)
    try:
        if args.digest_command == "send":
            return _send(engine, settings, args.dry_run)
        if args.digest_command == "email":
            address = set_email(engine, args.username, args.address)
            print(f"{args.username}: digest address {address or 'removed'}")
        elif args.digest_command in ("stop", "start"):
            set_opt_out(engine, args.username, args.digest_command == "stop")
            state = "no longer gets" if args.digest_command == "stop" else "gets"
            print(f"{args.username} {state} the weekly digest")
        else:
            for person in recipients(engine):
                sites = (
                    "all sites"
                    if person.role == "admin"
                    else ",".join(str(s) for s in person.site_ids)
                )
                print(f"{person.username:<24} {person.email:<40} {sites}")
    except RecipientError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
