"""The weekly digest's storage: who gets it, and which weeks were sent to whom.

Every digest is claimed in ``digest_runs`` (one row per ISO week and user) before it is sent,
so a digest is never sent twice for the same week, whoever runs the command how often; a
failed one can be claimed again, one whose outcome is unknown (the run died while sending)
never. Each outcome is written with its audit event in one transaction. Recipients are
active admins and supervisors with an email address who have not opted out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data.db import session_scope
from data.filters import AccessScope
from data.schema import DigestRun, User, UserSite, utcnow
from data.services.audit import AuditEventType, record
from data.services.users import UserError, normalise_username

DIGEST_ROLES = ("admin", "supervisor")


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
            # scope; the message (dashboard.digest) is written from identity-free columns only.
            see_identities=True,
            username=self.username,
        )


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


def previous_counts(engine: Engine, user_id: int, week: str) -> dict[str, int] | None:
    """The item counts of ``user_id``'s last digest sent before ``week``, or None."""
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


def claim(engine: Engine, user_id: int, week: str) -> str:
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


def record_outcome(
    engine: Engine,
    recipient: Recipient,
    week: str,
    counts: dict[str, int],
    wins: dict[str, int],
    attempts: int,
    error: str | None,
    summary: str,
) -> None:
    """Mark the claimed (week, recipient) digest sent, or failed with ``error``, after
    ``attempts`` tries; its audit event (``summary``: recipient and counts) in the same
    transaction."""
    stored = json.dumps({"items": counts, "wins": wins}, sort_keys=True)
    with session_scope(engine) as session:
        session.execute(
            update(DigestRun)
            .where(DigestRun.iso_week == week, DigestRun.user_id == recipient.user_id)
            .values(
                status="failed" if error else "sent",
                attempts=DigestRun.attempts + attempts,
                counts=stored,
                error=(error or "")[:300],
                sent_at=None if error else utcnow(),
            )
        )
        record(
            session,
            AuditEventType.DIGEST_FAILED if error else AuditEventType.DIGEST_SENT,
            recipient.username,
            recipient.user_id,
            f"digest {week}",
            summary + (f"; failed: {error[:200]}" if error else ""),
        )


EMAIL_PATTERN = re.compile(r"^[^@\s<>\"',;]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


class RecipientError(ValueError):
    """An address or a user cannot be set up for the digest; the message says why."""


def _user(session: Session, username: str) -> User:
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
