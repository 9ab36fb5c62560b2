"""Managing the people who sign in: add, list, disable, reset a password, demo accounts.

Admins see every site; supervisors and meeting viewers see the sites listed for them in
``user_sites``. Disabling a user or resetting a password deletes the user's server-side
session records and bumps ``session_epoch`` (which also ends any record a Redis store still
holds: the sign-in guard compares the epoch on each request).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from data.db import session_scope
from data.schema import ROLES, Site, User, UserSite
from data.services.audit import AuditEventType, record
from data.services.passwords import check_strength, generate_password, hash_password
from data.services.sessions import SessionRecord, SessionStore, end_user_sessions_in_database
from data.services.throttle import lift

# '@' and '+' let a username be an e-mail address, which single sign-on matches by default.
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@+-]{1,79}$")


class DemoPasswords(Protocol):
    """The demo accounts' passwords from the environment (``dashboard.settings.Settings``)."""

    admin_password: str | None
    demo_user_password: str | None


class UserError(ValueError):
    """A user-management request cannot be done; the message says why, fit for a person."""


@dataclass(frozen=True)
class UserInfo:
    """What the app and the CLI need to know about a user (never the password hash)."""

    id: int
    username: str
    full_name: str
    role: str
    is_active: bool
    site_ids: tuple[int, ...]
    session_epoch: int
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None

    @property
    def all_sites(self) -> bool:
        """Admins see every site."""
        return self.role == "admin"


def normalise_username(username: str) -> str:
    """The stored form of a username (trimmed, lower case); UserError when it is malformed."""
    name = (username or "").strip().lower()
    if not USERNAME_PATTERN.match(name):
        raise UserError(
            "A username has 2-80 characters: letters, digits, '.', '_', '-', '@' or '+', "
            "starting with a letter or digit."
        )
    return name


def user_info(session: Session, user: User) -> UserInfo:
    """What the app knows of ``user`` (its row and its sites; never the password hash)."""
    site_ids = tuple(
        session.scalars(
            select(UserSite.site_id).where(UserSite.user_id == user.id).order_by(UserSite.site_id)
        )
    )
    return UserInfo(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        is_active=user.is_active,
        site_ids=site_ids,
        session_epoch=user.session_epoch,
        locked_until=user.locked_until,
        last_login_at=user.last_login_at,
    )


def _find(session: Session, username: str) -> User:
    user = session.scalars(
        select(User).where(User.username == normalise_username(username))
    ).first()
    if user is None:
        raise UserError(f"There is no user '{username.strip().lower()}'.")
    return user


def get_user(engine: Engine, user_id: int) -> UserInfo | None:
    """The user with id ``user_id``, or None."""
    with Session(engine) as session:
        user = session.get(User, user_id)
        return user_info(session, user) if user is not None else None


def add_user(
    engine: Engine,
    username: str,
    role: str,
    site_ids: Iterable[int] = (),
    password: str | None = None,
    full_name: str = "",
    actor: str = "cli",
) -> tuple[UserInfo, str]:
    """Create a user; returns it and its password (``password`` or a generated one).

    Supervisors and meeting viewers need at least one existing site; admins see all sites.
    """
    name = normalise_username(username)
    if role not in ROLES:
        raise UserError(f"The role must be one of: {', '.join(ROLES)}.")
    sites = sorted(set(site_ids))
    if role != "admin" and not sites:
        raise UserError("A supervisor or meeting viewer needs at least one site.")
    secret = _new_password(password)
    with session_scope(engine) as session:
        if session.scalars(select(User.id).where(User.username == name)).first() is not None:
            raise UserError(f"The user '{name}' exists already.")
        known = set(session.scalars(select(Site.id).where(Site.id.in_(sites)))) if sites else set()
        missing = [s for s in sites if s not in known]
        if missing:
            raise UserError(f"There is no site with id {missing[0]}.")
        user = User(
            username=name,
            full_name=full_name,
            password_hash=hash_password(secret),
            role=role,
            is_active=True,
            failed_logins=0,
            session_epoch=0,
        )
        session.add(user)
        session.flush()
        if role != "admin":
            session.add_all(UserSite(user_id=user.id, site_id=s) for s in sites)
        record(session, AuditEventType.USER_ADDED, actor, None, name, f"role={role}")
        session.flush()
        return user_info(session, user), secret


def get_user_id(engine: Engine, username: str) -> int | None:
    """The id of ``username``, or None when there is no such user."""
    with Session(engine) as session:
        try:
            return _find(session, username).id
        except UserError:
            return None


def list_users(engine: Engine) -> list[UserInfo]:
    """Every user, ordered by username."""
    with Session(engine) as session:
        users = session.scalars(select(User).order_by(User.username))
        return [user_info(session, u) for u in users]


def disable_user(engine: Engine, username: str, actor: str = "cli") -> UserInfo:
    """Stop ``username`` from signing in and end their open sessions."""
    with session_scope(engine) as session:
        user = _find(session, username)
        user.is_active = False
        user.session_epoch = (user.session_epoch or 0) + 1
        end_user_sessions_in_database(session, user.id)
        record(session, AuditEventType.USER_DISABLED, actor, None, user.username)
        session.flush()
        return user_info(session, user)


def _new_password(password: str | None) -> str:
    """``password`` if it is strong enough (UserError otherwise), or a generated one."""
    secret = password if password is not None else generate_password()
    try:
        check_strength(secret)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    return secret


def reset_password(
    engine: Engine, username: str, password: str | None = None, actor: str = "cli"
) -> str:
    """Set a new password (given or generated), unlock the account, end its other sessions.

    Returns the new password.
    """
    secret = _new_password(password)
    with session_scope(engine) as session:
        user = _find(session, username)
        user.password_hash = hash_password(secret)
        user.session_epoch = (user.session_epoch or 0) + 1
        user.failed_logins = 0
        user.locked_until = None
        end_user_sessions_in_database(session, user.id)
        lift(session, user.username)
        record(session, AuditEventType.PASSWORD_RESET, actor, None, user.username)
    return secret


def unlock_user(engine: Engine, username: str, actor: str = "cli") -> int:
    """Lift every sign-in hold on ``username`` (the account ceiling and address back-offs).

    Returns how many throttle counters were cleared.
    """
    with session_scope(engine) as session:
        user = _find(session, username)
        user.failed_logins = 0
        user.locked_until = None
        cleared = lift(session, user.username)
        record(session, AuditEventType.ACCOUNT_UNLOCKED, actor, None, user.username)
    return cleared


def user_sessions(
    engine: Engine, store: SessionStore, username: str, at: float
) -> list[SessionRecord]:
    """The open sessions of ``username`` at ``at`` (seconds since the epoch), oldest first."""
    with Session(engine) as session:
        user = _find(session, username)
        return store.list_for_user(user.id, at)


def end_sessions(
    engine: Engine,
    store: SessionStore,
    username: str,
    actor: str = "cli",
    short_ids: Iterable[str] = (),
) -> int:
    """End the open sessions of ``username`` (only those whose id starts with one of
    ``short_ids`` when given); audited. Returns how many ended."""
    with Session(engine) as session:
        user = _find(session, username)
        user_id, name = user.id, user.username
    wanted = [s.strip().lower() for s in short_ids if s.strip()]
    ended = store.delete_hashes(user_id, wanted) if wanted else store.delete_for_user(user_id)
    detail = f"{ended} session(s) ended" + (" (chosen)" if wanted else "")
    record(engine, AuditEventType.SESSION_ENDED, actor, None, name, detail)
    return ended


def ensure_demo_users(engine: Engine, settings: DemoPasswords) -> list[tuple[str, str, str | None]]:
    """Create the demo's admin, supervisor and meeting viewer if they do not exist yet.

    Returns (username, role, password) for each account created now; the password is None
    when it came from the environment (DASHBOARD_ADMIN_PASSWORD / DASHBOARD_DEMO_USER_PASSWORD).
    The supervisor and the viewer see the first site (lowest id); without sites they wait.
    """
    with Session(engine) as session:
        existing = set(session.scalars(select(User.username)))
        first_site = session.scalars(select(Site.id).order_by(Site.id).limit(1)).first()
    plan: list[tuple[str, str, list[int], str | None]] = [
        ("admin", "admin", [], settings.admin_password)
    ]
    if first_site is not None:
        plan += [
            ("supervisor", "supervisor", [first_site], settings.demo_user_password),
            ("viewer", "meeting_viewer", [first_site], settings.demo_user_password),
        ]
    created: list[tuple[str, str, str | None]] = []
    for username, role, sites, from_env in plan:
        if username in existing:
            continue
        _, secret = add_user(engine, username, role, sites, password=from_env, actor="demo")
        created.append((username, role, None if from_env else secret))
    return created
