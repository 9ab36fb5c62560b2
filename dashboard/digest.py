"""The weekly digest: each supervisor and admin gets, by email, the open items of their sites,
the week's wins and the counts that changed since their last digest.

**An email leaves the system, so it never carries a mentee's identity.** Items are written
from identity-free parts only: the kind, the mentor's or site's name and the item's ``detail``
(which the query layer words without names): "a mentee of Amanda Diaz, no contact for 21
days". The link to the dashboard is where, after sign-in, the rest shows.

Every digest is claimed in ``digest_runs`` (``data.services.digest``: one row per ISO week and
user) before it is sent, so a digest is never sent twice for the same week, whoever runs the
command how often. A failed send is retried (``SEND_ATTEMPTS`` times, with a growing pause)
and reported; the next run of the same week tries the failed ones again. A digest whose
outcome is unknown (the run died while sending) is reported and left alone rather than risk a
second copy. Each digest sent or failed is written to the audit trail with its recipient and
counts. Nothing is sent when ``SMTP_HOST`` is not set. This module writes and sends the
message; who gets it and which weeks went out are kept by ``data.services.digest``.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from dashboard.settings import Settings
from data import clock
from data.filters import Filters
from data.queries import attention as attention_queries
from data.services import digest as digest_store
from data.services.attention_marks import thresholds_from
from data.services.digest import Recipient

log = logging.getLogger(__name__)

SEND_ATTEMPTS = 3
RETRY_PAUSE_SECONDS = 5.0
MAX_LINES_PER_KIND = 20
SmtpFactory = Callable[..., smtplib.SMTP]


@dataclass(frozen=True)
class Digest:
    """One recipient's digest for one week: subject, both parts, and what it counted."""

    recipient: Recipient
    week: str
    subject: str
    text: str
    html: str
    counts: dict[str, int]
    wins: dict[str, int]

    @property
    def open_items(self) -> int:
        """How many open items the digest lists."""
        return sum(self.counts.values())


@dataclass
class SendReport:
    """What a run did, recipient by recipient (usernames)."""

    week: str
    dry_run: bool = False
    configured: bool = True
    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    previews: list[Digest] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed and nothing is in doubt."""
        return self.configured and not self.failed and not self.unknown


def iso_week(day: dt.date) -> str:
    """The ISO week of ``day`` as '2026-W48'."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


# --- the message ------------------------------------------------------------------------


def item_line(row: dict[str, Any]) -> str:
    """One item in words without any mentee identity: whom (by mentor or site) and what."""
    kind = row["kind"]
    mentor = row.get("mentor") if isinstance(row.get("mentor"), str) else ""
    site = row.get("site") or ""
    if kind in attention_queries.MENTEE_KINDS:
        who = f"a mentee of {mentor}" if mentor else f"a mentee at {site}"
        return f"{who}, {row['detail']}"
    if kind == attention_queries.FREE_PLACE:
        return f"{site}: {row['detail']}"
    return f"{mentor} ({site}), {row['detail']}" if mentor else f"{site}, {row['detail']}"


def _wins_words(wins: dict[str, int]) -> list[str]:
    parts = [
        (wins.get("milestones", 0), "milestone reached", "milestones reached"),
        (wins.get("new_matches", 0), "new match", "new matches"),
        (wins.get("six_months", 0), "match reached six months", "matches reached six months"),
        (wins.get("twelve_months", 0), "match reached a year", "matches reached a year"),
    ]
    return [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]


def _changes(counts: dict[str, int], previous: dict[str, int] | None) -> list[str]:
    if previous is None:
        return []
    changed = []
    for kind, label in attention_queries.KIND_LABELS.items():
        now, before = counts.get(kind, 0), previous.get(kind, 0)
        if now != before:
            changed.append(f"{label}: {now} (last digest {before})")
    return changed


def _int(value: object) -> int:
    return 0 if value is None or pd.isna(value) else int(value)  # type: ignore[arg-type]


def build_digest(
    engine: Engine,
    settings: Settings,
    recipient: Recipient,
    today: dt.date,
    previous_counts: dict[str, int] | None = None,
) -> Digest:
    """The digest of ``recipient`` as seen on ``today``: open (not snoozed) items of their
    sites, the last seven days' wins first, and counts changed since ``previous_counts``."""
    filters = Filters(start=today - dt.timedelta(days=6), end=today, scope=recipient.scope)
    items = attention_queries.attention_items(engine, filters, **thresholds_from(settings))
    items = items[items["mark"] != "snoozed"]
    wins_row = attention_queries.weekly_wins(engine, filters).iloc[0].to_dict()
    wins = {key: _int(value) for key, value in wins_row.items()}
    counts = {
        kind: int((items["kind"] == kind).sum())
        for kind in attention_queries.KINDS
        if (items["kind"] == kind).any()
    }
    week = iso_week(today)
    link = settings.public_url.rstrip("/") + "/attention"
    total = len(items)
    subject = (
        f"Peer mentoring, week {week}: "
        + (f"{total} {'item needs' if total == 1 else 'items need'} attention" if total else
           "nothing needs attention")
    )  # fmt: skip
    sections: list[tuple[str, list[str], int]] = []
    for kind, label in attention_queries.KIND_LABELS.items():
        rows = items[items["kind"] == kind].to_dict("records")
        if rows:
            lines = [item_line(r) for r in rows[:MAX_LINES_PER_KIND]]
            sections.append((f"{label} ({len(rows)})", lines, len(rows) - len(lines)))
    wins_words = _wins_words(wins)
    changes = _changes(counts, previous_counts)
    name = recipient.full_name or recipient.username
    return Digest(
        recipient=recipient,
        week=week,
        subject=subject,
        text=_text_part(name, wins_words, sections, changes, link),
        html=_html_part(name, wins_words, sections, changes, link),
        counts=counts,
        wins=wins,
    )


FOOTER = (
    "This email names no mentee: sign in to the dashboard to see who. You get it as a "
    "supervisor of the program; to stop it, ask an administrator to turn your weekly "
    "digest off."
)


def _text_part(name, wins, sections, changes, link) -> str:  # type: ignore[no-untyped-def]
    lines = [f"Hello {name},", ""]
    lines.append(
        ("Wins in the last seven days: " + ", ".join(wins) + ".")
        if wins
        else "No milestones or new matches were recorded in the last seven days."
    )
    lines.append("")
    if sections:
        lines.append("Needs attention this week:")
        for heading, items, more in sections:
            lines += ["", heading] + [f"  - {item}" for item in items]
            if more:
                lines.append(f"  ... and {more} more")
    else:
        lines.append("Nothing needs attention at your sites this week.")
    if changes:
        lines += ["", "Changed since your last digest:"] + [f"  - {c}" for c in changes]
    lines += ["", f"Open the list: {link}", "", FOOTER, ""]
    return "\n".join(lines)


def _html_part(name, wins, sections, changes, link) -> str:  # type: ignore[no-untyped-def]
    e = html.escape
    parts = [f"<p>Hello {e(name)},</p>"]
    parts.append(
        f"<p><strong>Wins in the last seven days:</strong> {e(', '.join(wins))}.</p>"
        if wins
        else "<p>No milestones or new matches were recorded in the last seven days.</p>"
    )
    if sections:
        parts.append("<h2>Needs attention this week</h2>")
        for heading, items, more in sections:
            parts.append(f"<h3>{e(heading)}</h3><ul>")
            parts += [f"<li>{e(item)}</li>" for item in items]
            if more:
                parts.append(f"<li>… and {more} more</li>")
            parts.append("</ul>")
    else:
        parts.append("<p>Nothing needs attention at your sites this week.</p>")
    if changes:
        parts.append("<h2>Changed since your last digest</h2><ul>")
        parts += [f"<li>{e(c)}</li>" for c in changes]
        parts.append("</ul>")
    parts.append(f'<p><a href="{e(link, quote=True)}">Open the list in the dashboard</a></p>')
    parts.append(f"<p><small>{e(FOOTER)}</small></p>")
    return "<!doctype html><html><body>" + "".join(parts) + "</body></html>"


def email_message(settings: Settings, digest: Digest) -> EmailMessage:
    """The digest as an email: plain text with an HTML alternative."""
    message = EmailMessage()
    message["Subject"] = digest.subject
    message["From"] = settings.digest_from
    message["To"] = digest.recipient.email
    message["Date"] = formatdate(localtime=False)
    domain = re.sub(r"[^A-Za-z0-9.-]", "", settings.digest_from.rpartition("@")[2]) or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(digest.text)
    message.add_alternative(digest.html, subtype="html")
    return message


# --- sending ------------------------------------------------------------------------------


def _deliver(settings: Settings, message: EmailMessage, smtp_factory: SmtpFactory) -> None:
    assert settings.smtp_host
    with smtp_factory(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)


def _summary(digest: Digest) -> str:
    items = ", ".join(f"{k} {n}" for k, n in digest.counts.items()) or "none"
    wins = ", ".join(f"{k} {n}" for k, n in digest.wins.items())
    return f"to {digest.recipient.email}; {digest.open_items} open items ({items}); wins: {wins}"


def send_digests(
    engine: Engine,
    settings: Settings,
    today: dt.date | None = None,
    dry_run: bool = False,
    smtp_factory: SmtpFactory = smtplib.SMTP,
    attempts: int = SEND_ATTEMPTS,
    pause_seconds: float = RETRY_PAUSE_SECONDS,
) -> SendReport:
    """Send this week's digest to every recipient who has not had it yet; see the module's
    docstring. ``dry_run`` builds the digests (in ``report.previews``) and sends nothing."""
    today = today or clock.today()
    report = SendReport(week=iso_week(today), dry_run=dry_run)
    if not dry_run and not settings.smtp_host:
        report.configured = False
        return report
    for recipient in digest_store.recipients(engine):
        if dry_run:
            previous = digest_store.previous_counts(engine, recipient.user_id, report.week)
            report.previews.append(build_digest(engine, settings, recipient, today, previous))
            continue
        claim = digest_store.claim(engine, recipient.user_id, report.week)
        if claim == "sent":
            report.already_sent.append(recipient.username)
            continue
        if claim == "unknown":
            report.unknown.append(recipient.username)
            continue
        previous = digest_store.previous_counts(engine, recipient.user_id, report.week)
        digest = build_digest(engine, settings, recipient, today, previous)
        message = email_message(settings, digest)
        error: str | None = None
        tries = 0
        for tries in range(1, max(1, attempts) + 1):
            try:
                _deliver(settings, message, smtp_factory)
                error = None
                break
            except (smtplib.SMTPException, OSError) as exc:
                error = f"{type(exc).__name__}: {exc}"[:300]
                log.warning("digest to %s failed (try %d): %s", recipient.username, tries, error)
                if tries < attempts:
                    time.sleep(pause_seconds * tries)
        digest_store.record_outcome(
            engine,
            recipient,
            digest.week,
            digest.counts,
            digest.wins,
            tries,
            error,
            _summary(digest),
        )
        if error:
            report.failed.append((recipient.username, error))
        else:
            report.sent.append(recipient.username)
    return report
