"""Sign-in throttling that slows an attacker without locking the owner out (OWASP ASVS 2.2).

Two counters, both in the ``sign_in_throttle`` table (shared by every worker), both keyed by a
salted SHA-256 of the typed username, so a username that does not exist is throttled exactly
like one that does, and nothing typed into the username box is kept in clear:

- per (username, client address) pair: after ``LOGIN_MAX_FAILURES`` failures in a row the pair
  waits 1 minute, then 2, 4, ... up to ``LOCKOUT_MINUTES``. Another address is not affected,
  so the owner still signs in from their own computer while an attacker's address waits.
- per username, all addresses together (address ``'*'``): at ``LOGIN_ACCOUNT_CEILING`` failures
  since the last successful sign-in the username is held for ``ACCOUNT_HOLD_HOURS``, or until
  an admin lifts it (``python -m dashboard users unlock NAME``, or a password reset).

A successful sign-in clears both counters of that username. A refused attempt while a counter
holds is not counted again, so waiting always ends a back-off.

A third counter holds a client address that fails for many usernames (key ``'*'``, the
address): at ``address_ceiling`` failures with no quiet ``address_window_seconds`` between
them, every sign-in from that address waits that long. Behind a reverse proxy the address is
the real client's (``TRUSTED_PROXIES``), so one client's guessing never stops another's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from data.db import session_scope
from data.schema import SignInThrottle
from data.services.moments import utc_naive

ACCOUNT_ADDRESS = "*"
ADDRESS_KEY = "*"  # the address counter's key: every username typed from one address
ACCOUNT_HOLD_HOURS = 24
FIRST_BACKOFF_SECONDS = 60
FORGET_AFTER_SECONDS = 24 * 3600  # quiet counters older than this are swept away
_SALT = b"peer-mentoring-dashboard/sign-in-throttle/v1:"


def account_key(username: str) -> str:
    """The stored key of a typed username (trimmed, lower case, salted SHA-256)."""
    name = (username or "").strip().lower()[:80]
    return hashlib.sha256(_SALT + name.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ThrottlePolicy:
    """The numbers of the throttle (from settings)."""

    pair_max_failures: int
    pair_max_backoff_seconds: float
    account_ceiling: int
    address_ceiling: int = 20
    address_window_seconds: float = 15 * 60

    def pair_backoff(self, failures: int) -> float:
        """Seconds a pair waits after its ``failures``-th failure in a row (0: no wait)."""
        over = failures - self.pair_max_failures
        if over < 0:
            return 0.0
        return float(min(self.pair_max_backoff_seconds, FIRST_BACKOFF_SECONDS * 2 ** min(over, 20)))


class SignInThrottler:
    """Reads and writes the throttle counters; every method takes the time explicitly."""

    def __init__(self, engine: Engine, policy: ThrottlePolicy):
        self.engine = engine
        self.policy = policy

    def held(self, username: str, ip: str, at: float) -> str | None:
        """'address' when this (username, address) pair waits, 'account' when the username
        is held from everywhere, else None."""
        key = account_key(username)
        now = utc_naive(at)
        with session_scope(self.engine) as db:
            rows = db.scalars(
                select(SignInThrottle).where(
                    SignInThrottle.account_key == key,
                    SignInThrottle.address.in_([_address(ip), ACCOUNT_ADDRESS]),
                )
            ).all()
            blocked = {r.address for r in rows if r.blocked_until and r.blocked_until > now}
        if ACCOUNT_ADDRESS in blocked:
            return "account"
        return "address" if blocked else None

    def address_held(self, ip: str, at: float) -> bool:
        """True when the address has failed for too many usernames lately (every worker sees
        the same counter: it is a row of the table)."""
        with session_scope(self.engine) as db:
            row = db.get(SignInThrottle, (ADDRESS_KEY, _address(ip)))
            return bool(row and row.blocked_until and row.blocked_until > utc_naive(at))

    def failure(self, username: str, ip: str, at: float) -> list[str]:
        """Count one failed sign-in; returns what it started holding ('address', 'account')."""
        key = account_key(username)
        now = utc_naive(at)
        started: list[str] = []
        with session_scope(self.engine) as db:
            db.execute(
                delete(SignInThrottle).where(
                    SignInThrottle.last_failure_at < utc_naive(at - FORGET_AFTER_SECONDS),
                    (SignInThrottle.blocked_until.is_(None)) | (SignInThrottle.blocked_until < now),
                )
            )
            pair = _row(db, key, _address(ip), now)
            pair.failures += 1
            wait = self.policy.pair_backoff(pair.failures)
            if wait:
                pair.blocked_until = utc_naive(at + wait)
                started.append("address")
            account = _row(db, key, ACCOUNT_ADDRESS, now)
            if account.blocked_until is not None and account.blocked_until <= now:
                account.failures, account.blocked_until = 0, None  # a hold that ran out
            account.failures += 1
            if account.failures >= self.policy.account_ceiling and account.blocked_until is None:
                account.blocked_until = utc_naive(at + ACCOUNT_HOLD_HOURS * 3600)
                started.append("account")
            if self._address_failure(db, ip, at):
                started.append("client address")
        return started

    def address_failure(self, ip: str, at: float) -> bool:
        """Count a failure that names no username (a refused single sign-on) for the address
        alone; True when it starts holding the address."""
        with session_scope(self.engine) as db:
            return self._address_failure(db, ip, at)

    def _address_failure(self, db: Session, ip: str, at: float) -> bool:
        """Count a failure for the address; True when it starts holding the address."""
        window = self.policy.address_window_seconds
        row = db.get(SignInThrottle, (ADDRESS_KEY, _address(ip)))
        if row is not None and row.last_failure_at < utc_naive(at - window):
            row.failures, row.blocked_until = 0, None  # a quiet window: start again
        row = _row(db, ADDRESS_KEY, _address(ip), utc_naive(at))
        row.failures += 1
        if row.failures >= self.policy.address_ceiling and row.blocked_until is None:
            row.blocked_until = utc_naive(at + window)
            return True
        return False

    def success(self, username: str) -> None:
        """A successful sign-in: forget every counter of this username."""
        lift(self.engine, username)


def _address(ip: str) -> str:
    return (ip or "-")[:64]


def _row(db: Session, key: str, address: str, now: dt.datetime) -> SignInThrottle:
    row = db.get(SignInThrottle, (key, address))
    if row is None:
        row = SignInThrottle(account_key=key, address=address, failures=0, last_failure_at=now)
        db.add(row)
    row.last_failure_at = now
    return row


def lift(bind: Engine | Session, username: str) -> int:
    """Forget every throttle counter of ``username`` (admin unlock, password reset, success).

    Returns how many counters held it at the time.
    """
    statement = delete(SignInThrottle).where(SignInThrottle.account_key == account_key(username))
    if isinstance(bind, Session):
        return int(bind.execute(statement).rowcount or 0)
    with session_scope(bind) as db:
        return int(db.execute(statement).rowcount or 0)
