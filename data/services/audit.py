"""The audit trail: one function writes every event, and only events of the known kinds.

Events name a user, a target (a page, a username, an export's subject) and a short detail.
They never hold a mentee's name: targets and details are written by this program's own code
(page keys, usernames of staff, counts), never copied from data or free text.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from data.db import session_scope
from data.schema import AuditEvent, utcnow

log = logging.getLogger(__name__)

MAX_TARGET = 200
MAX_DETAIL = 1000


class AuditEventType(StrEnum):
    """The kinds of event the audit trail records."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    LOCKOUT = "lockout"
    VIEW_MENTEE_PAGE = "view_mentee_page"
    VIEW_MENTOR_PAGE = "view_mentor_page"
    EXPORT = "export"
    NOTE_EDIT = "note_edit"
    USER_ADDED = "user_added"
    USER_DISABLED = "user_disabled"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - an event name, not a password
    IMPORT = "import"  # a file of program records imported (counts only, never rows)
    SESSION_ENDED = "session_ended"  # idle, expired, or ended by an admin
    ACCOUNT_UNLOCKED = "account_unlocked"  # an admin lifted a sign-in hold
    ATTENTION_MARK = "attention_mark"  # an attention item marked seen/snoozed
    DIGEST_SENT = "digest_sent"  # a weekly digest emailed: recipient, week, counts
    DIGEST_FAILED = "digest_failed"  # a weekly digest that could not be sent


EVENTS: tuple[str, ...] = tuple(e.value for e in AuditEventType)


def record(
    bind: Engine | Session | Connection,
    event: AuditEventType | str,
    username: str = "",
    user_id: int | None = None,
    target: str = "",
    detail: str = "",
    ip: str = "",
) -> None:
    """Write one audit event (UTC time now). Unknown event kinds raise ValueError.

    With an Engine the event is committed at once; with a Session or Connection it joins the
    caller's transaction, so the event and the change it records commit together.
    """
    kind = AuditEventType(event)  # ValueError for an unknown kind
    row = AuditEvent(
        occurred_at=utcnow(),
        user_id=user_id,
        username=(username or "")[:80],
        event=kind.value,
        target=(target or "")[:MAX_TARGET],
        detail=(detail or "")[:MAX_DETAIL],
        ip_address=(ip or "")[:64],
    )
    log.info("audit %s user=%s target=%s", kind.value, row.username, row.target)
    if isinstance(bind, Session):
        bind.add(row)
        return
    if isinstance(bind, Connection):
        bind.execute(
            AuditEvent.__table__.insert().values(
                occurred_at=row.occurred_at,
                user_id=row.user_id,
                username=row.username,
                event=row.event,
                target=row.target,
                detail=row.detail,
                ip_address=row.ip_address,
            )
        )
        return
    with session_scope(bind) as session:
        session.add(row)
