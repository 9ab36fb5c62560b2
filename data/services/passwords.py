"""Password hashing with argon2id, and generated passwords for new accounts.

``verify`` always does the work of one argon2 verification, also for unknown usernames
(against a dummy hash), so the time a sign-in takes does not tell whether a username exists.
"""

from __future__ import annotations

import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Each argon2 hash takes 64 MiB and a few CPU-heavy passes: at most two at once per process, so
# a burst of sign-ins cannot take a gunicorn worker (4 threads) past its memory budget
# (measured: 153 MB, 410 MB while 8 sign-ins arrive together without this; docs/performance.md).
ARGON2_AT_ONCE = 2
_argon2_slots = threading.BoundedSemaphore(ARGON2_AT_ONCE)
# A hash of a random string nobody knows: what unknown usernames are verified against.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class WeakPassword(ValueError):
    """A new password is too short or too long; the message says why."""


def check_strength(password: str) -> None:
    """Raise WeakPassword when ``password`` is shorter than 10 or longer than 256 characters."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(f"A password can have at most {MAX_PASSWORD_LENGTH} characters.")


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (salted; the string stored in users.password_hash)."""
    with _argon2_slots:
        return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; None verifies against a dummy hash."""
    if len(password) > MAX_PASSWORD_LENGTH:
        password = password[:MAX_PASSWORD_LENGTH]
    try:
        with _argon2_slots:
            matches = _hasher.verify(password_hash or _DUMMY_HASH, password)
        return matches and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with older parameters and should be replaced at sign-in."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def generate_password() -> str:
    """A new random password of 20 URL-safe characters (about 120 bits)."""
    return secrets.token_urlsafe(15)
