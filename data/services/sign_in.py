"""What a sign-in reads and writes: the account a typed username names, the sign-in itself,
a refusal, and the holds that too many failures start.

The web layer (``dashboard.auth``) decides; these functions keep the record. Each write runs
in one transaction with its audit event. Times are seconds since the epoch, read by the caller
from its one clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from data.db import session_scope
from data.schema import User
from data.services.audit import AuditEventType, record
from data.services.moments import utc_naive
from data.services.passwords import hash_password, needs_rehash
from data.services.throttle import ACCOUNT_HOLD_HOURS, SignInThrottler
from data.services.users import UserInfo, user_info


@dataclass(frozen=True)
class Account:
    """A user as a sign-in decides on them: what the app knows of them, and the password hash."""

    info: UserInfo
    password_hash: str


def find_account(engine: Engine, username: str) -> Account | None:
    """The account of a typed username (trimmed, lower case), or None."""
    name = (username or "").strip().lower()[:80]
    if not name:
        return None
    with session_scope(engine) as db:
        user = db.scalars(select(User).where(User.username == name)).first()
        return Account(user_info(db, user), user.password_hash) if user is not None else None


def record_refusal(
    engine: Engine, detail: str, ip: str, username: str = "", user_id: int | None = None
) -> None:
    """Write a refused sign-in to the audit trail: why (``detail``), from where, and the
    account's username only when the typed name is a user."""
    record(engine, AuditEventType.SIGN_IN_FAILED, username, user_id, "", detail, ip)


def count_failure(
    engine: Engine,
    throttler: SignInThrottler,
    username: str,
    account: Account | None,
    ip: str,
    at: float,
) -> list[str]:
    """Count a failed sign-in for the address and the username; hold the account when the
    account ceiling is reached, and audit every hold it starts. Returns what it started
    holding ('address', 'account', 'client address')."""
    started = throttler.failure(username, ip, at)
    if "account" in started and account is not None:
        with session_scope(engine) as db:
            row = db.get(User, account.info.id)
            if row is not None:  # shown by `users list`; the throttle table decides
                row.locked_until = utc_naive(at + ACCOUNT_HOLD_HOURS * 3600)
    for what in started:
        record(
            engine,
            AuditEventType.LOCKOUT,
            account.info.username if account is not None else "",
            account.info.id if account is not None else None,
            "",
            f"held: {what}",
            ip,
        )
    return started


def _signed_in(db: Session, account_id: int, at: float) -> User:
    """The user's row with its failure count cleared and its sign-in time noted."""
    row = db.get(User, account_id)
    assert row is not None
    row.failed_logins = 0
    row.last_login_at = utc_naive(at)
    return row


def record_password_sign_in(
    engine: Engine, throttler: SignInThrottler, account_id: int, password: str, at: float, ip: str
) -> None:
    """A sign-in with a password: clear the failure count and any hold, note the time, rehash
    the password when its hash was made with older parameters; audited. Then forget every
    throttle counter of the username."""
    with session_scope(engine) as db:
        row = _signed_in(db, account_id, at)
        row.locked_until = None
        if needs_rehash(row.password_hash):
            row.password_hash = hash_password(password)
        username = row.username
        record(db, AuditEventType.SIGN_IN, row.username, row.id, "", "", ip)
    throttler.success(username)


def record_sso_sign_in(engine: Engine, account_id: int, at: float, ip: str) -> None:
    """A sign-in vouched for by single sign-on: clear the failure count and note the time
    (an account hold stays: the caller refuses a held account); audited as "sso"."""
    with session_scope(engine) as db:
        row = _signed_in(db, account_id, at)
        record(db, AuditEventType.SIGN_IN, row.username, row.id, "", "sso", ip)
