"""The weekly digest: each supervisor and admin gets, by email, the open items of their sites,
the week's wins and the counts that changed since their last digest.

**An email leaves the system, so it never carries a mentee's identity.** Items are written
from identity-free parts only: the kind, the mentor's or site's name and the item's ``detail``
(which the query layer words without names): "a mentee of Amanda Diaz, no contact for 21
days". The link to the dashboard is where, after sign-in, the rest shows.

Every digest is claimed in ``digest_runs`` (one row per ISO week and user) before it is sent,
so a digest is never sent twice for the same week, whoever runs the command how often. A
failed send is retried (``SEND_ATTEMPTS`` times, with a growing pause) and reported; the next
run of the same week tries the failed ones again. A digest whose outcome is unknown (the run
died while sending) is reported and left alone rather than risk a second copy. Each digest
sent or failed is written to the audit trail with its recipient and counts. Nothing is sent
when ``SMTP_HOST`` is not set.
"""

from __future__ import annotations

import datetime as dt
import html
import json
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
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from dashboard.attention_marks import thresholds_from
from dashboard.audit import AuditEventType, record
from dashboard.settings import Settings
from data import clock
from data.db import session_scope
from data.filters import AccessScope, Filters
from data.queries import attention as attention_queries
from data.schema import DigestRun, User, UserSite, utcnow

log = logging.getLogger(__name__)

SEND_ATTEMPTS = 3
RETRY_PAUSE_SECONDS = 5.0
MAX_LINES_PER_KIND = 20
DIGEST_ROLES = ("admin", "supervisor")
MENTEE_KINDS = frozenset(
    {
        attention_queries.NO_CONTACT,
        attention_queries.NEW_MATCH,
        attention_queries.MENTOR_AWAY,
        attention_queries.WAITING,
        attention_queries.ASSESSMENT_DUE,
    }
)
SmtpFactory = Callable[..., smtplib.SMTP]


@dataclass(frozen=True)
class Recipient:
    """A staff member who gets the digest."""

    user_id: int
    username: str
    full_name: str
    email: str
    role: str
    site_ids: tuple[int, ...]

    @property
    def scope(self) -> AccessScope:
        """Whose items: the recipient's sites (every site for an admin)."""
        return AccessScope(
            role=self.role,
            site_ids=frozenset(self.site_ids),
            all_sites=self.role == "admin",
            # Staff may see identities, and the assessments-due list exists only for such a
            # scope; the message below is written from identity-free columns only.
            see_identities=True,
            username=self.username,
        )


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


def recipients(engine: Engine) -> list[Recipient]:
    """Active admins and supervisors with an email address who have not opted out."""
    with session_scope(engine) as session:
        users = session.scalars(
            select(User)
            .where(
                User.is_active.is_(True),
                User.role.in_(DIGEST_ROLES),
                User.email.is_not(None),
                User.email != "",
                User.digest_opt_out.is_(False),
            )
            .order_by(User.username)
        ).all()
        sites: dict[int, list[int]] = {}
        for user_id, site_id in session.execute(select(UserSite.user_id, UserSite.site_id)):
            sites.setdefault(int(user_id), []).append(int(site_id))
        return [
            Recipient(
                user_id=u.id,
                username=u.username,
                full_name=u.full_name or "",
                email=str(u.email),
                role=u.role,
                site_ids=tuple(sorted(sites.get(u.id, []))),
            )
            for u in users
            if u.role == "admin" or sites.get(u.id)
        ]


# --- the message ------------------------------------------------------------------------


def item_line(row: dict[str, Any]) -> str:
    """One item in words without any mentee identity: whom (by mentor or site) and what."""
    kind = row["kind"]
    mentor = row.get("mentor") if isinstance(row.get("mentor"), str) else ""
    site = row.get("site") or ""
    if kind in MENTEE_KINDS:
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


def _previous_counts(engine: Engine, user_id: int, week: str) -> dict[str, int] | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(DigestRun.counts)
            .where(
                DigestRun.user_id == user_id,
                DigestRun.status == "sent",
                DigestRun.iso_week < week,
            )
            .order_by(DigestRun.iso_week.desc())
            .limit(1)
        ).first()
    if row is None or not row[0]:
        return None
    try:
        return {k: int(v) for k, v in json.loads(row[0]).get("items", {}).items()}
    except (ValueError, AttributeError):
        return None


def _claim(engine: Engine, user_id: int, week: str) -> str:
    """Claim the (week, user) digest for this run: 'claimed', 'sent' or 'unknown'."""
    with engine.connect() as conn:
        status = conn.execute(
            select(DigestRun.status).where(DigestRun.iso_week == week, DigestRun.user_id == user_id)
        ).scalar()
    if status is None:
        try:
            with session_scope(engine) as session:
                session.add(
                    DigestRun(
                        iso_week=week,
                        user_id=user_id,
                        status="sending",
                        attempts=0,
                        counts="",
                        error="",
                        started_at=utcnow(),
                    )
                )
            return "claimed"
        except IntegrityError:  # another run claimed it a moment ago
            return "unknown"
    if status == "failed":
        with engine.begin() as conn:
            taken = conn.execute(
                update(DigestRun)
                .where(
                    DigestRun.iso_week == week,
                    DigestRun.user_id == user_id,
                    DigestRun.status == "failed",
                )
                .values(status="sending", started_at=utcnow())
            ).rowcount
        return "claimed" if taken == 1 else "unknown"
    return "sent" if status == "sent" else "unknown"


def _summary(digest: Digest) -> str:
    items = ", ".join(f"{k} {n}" for k, n in digest.counts.items()) or "none"
    wins = ", ".join(f"{k} {n}" for k, n in digest.wins.items())
    return f"to {digest.recipient.email}; {digest.open_items} open items ({items}); wins: {wins}"


def _finish(engine: Engine, digest: Digest, attempts: int, error: str | None) -> None:
    recipient = digest.recipient
    counts = json.dumps({"items": digest.counts, "wins": digest.wins}, sort_keys=True)
    with session_scope(engine) as session:
        session.execute(
            update(DigestRun)
            .where(DigestRun.iso_week == digest.week, DigestRun.user_id == recipient.user_id)
            .values(
                status="failed" if error else "sent",
                attempts=DigestRun.attempts + attempts,
                counts=counts,
                error=(error or "")[:300],
                sent_at=None if error else utcnow(),
            )
        )
        record(
            session,
            AuditEventType.DIGEST_FAILED if error else AuditEventType.DIGEST_SENT,
            recipient.username,
            recipient.user_id,
            f"digest {digest.week}",
            _summary(digest) + (f"; failed: {error[:200]}" if error else ""),
        )


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
    for recipient in recipients(engine):
        if dry_run:
            previous = _previous_counts(engine, recipient.user_id, report.week)
            report.previews.append(build_digest(engine, settings, recipient, today, previous))
            continue
        claim = _claim(engine, recipient.user_id, report.week)
        if claim == "sent":
            report.already_sent.append(recipient.username)
            continue
        if claim == "unknown":
            report.unknown.append(recipient.username)
            continue
        previous = _previous_counts(engine, recipient.user_id, report.week)
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
        _finish(engine, digest, tries, error)
        if error:
            report.failed.append((recipient.username, error))
        else:
            report.sent.append(recipient.username)
    return report


# --- who gets it ------------------------------------------------------------------------

EMAIL_PATTERN = re.compile(r"^[^@\s<>\"',;]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


class RecipientError(ValueError):
    """An address or a user cannot be set up for the digest; the message says why."""


def _user(session: Any, username: str) -> User:
    from dashboard.users import UserError, normalise_username

    try:
        name = normalise_username(username)
    except UserError as error:
        raise RecipientError(str(error)) from None
    user = session.scalars(select(User).where(User.username == name)).first()
    if user is None:
        raise RecipientError(f"There is no user '{name}'.")
    return user


def set_email(engine: Engine, username: str, address: str | None) -> str:
    """Set (or with None/'' remove) the digest address of a staff user; returns it."""
    address = (address or "").strip()
    if address and (len(address) > 254 or not EMAIL_PATTERN.match(address)):
        raise RecipientError(f"'{address[:80]}' is not an email address.")
    with session_scope(engine) as session:
        user = _user(session, username)
        if address and user.role not in DIGEST_ROLES:
            raise RecipientError("Only supervisors and admins get the weekly digest.")
        user.email = address or None
    return address


def set_opt_out(engine: Engine, username: str, opt_out: bool) -> None:
    """Stop (``opt_out``) or restart the weekly digest for a user."""
    with session_scope(engine) as session:
        _user(session, username).digest_opt_out = opt_out


def digest_preference(engine: Engine, user_id: int) -> tuple[str | None, bool]:
    """(email address or None, opted out) of a user; (None, True) for an unknown user."""
    with engine.connect() as conn:
        row = conn.execute(
            select(User.email, User.digest_opt_out, User.role).where(User.id == user_id)
        ).first()
    if row is None or row.role not in DIGEST_ROLES:
        return None, True
    return (row.email or None), bool(row.digest_opt_out)


def set_own_opt_out(engine: Engine, user_id: int, opt_out: bool) -> None:
    """A signed-in supervisor or admin stops or restarts their own weekly digest."""
    with session_scope(engine) as session:
        user = session.get(User, user_id)
        if user is None or user.role not in DIGEST_ROLES:
            raise RecipientError("Only supervisors and admins get the weekly digest.")
        user.digest_opt_out = opt_out
