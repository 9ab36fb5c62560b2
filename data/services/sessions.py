"""Server-side session records: the record behind every sign-in, in the database or in Redis.

The session cookie carries a random session id (32 bytes, URL-safe); the store keeps only
its SHA-256, with the user, the user's ``session_epoch`` at sign-in, when it began, when it
was last used, when it must end (the absolute lifetime) and a short summary of the address
and browser. A session is valid only while its record exists, it is younger than
``expires_at`` and it was used within the idle timeout; the checks run on the server, so a
copied cookie is worth nothing once the record is gone.

Two stores share one interface: :class:`DatabaseSessionStore` (the ``user_sessions`` table)
and :class:`RedisSessionStore` (when ``REDIS_URL`` is set; keys expire by themselves).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Engine, delete, or_, select, update

from data.db import session_scope
from data.schema import UserSession
from data.services.moments import epoch_seconds, utc_naive

TOUCH_SECONDS = 15  # last-seen is written at most this often per session
USER_AGENT_CHARS = 120


def hash_session_id(raw_id: str) -> str:
    """The stored form of a session id: hex SHA-256 (the raw id never leaves the cookie)."""
    return hashlib.sha256(raw_id.encode("utf-8")).hexdigest()


def new_session_id() -> str:
    """A fresh random session id for a cookie."""
    return secrets.token_urlsafe(32)


def summarise_user_agent(user_agent: str) -> str:
    """A short, printable summary of a browser's User-Agent header for the session list."""
    cleaned = "".join(c for c in (user_agent or "") if c.isprintable())
    return cleaned[:USER_AGENT_CHARS]


@dataclass(frozen=True)
class SessionRecord:
    """One open session as the store knows it (times are seconds since the epoch)."""

    id_hash: str
    user_id: int
    session_epoch: int
    created_at: float
    last_seen_at: float
    expires_at: float
    ip_address: str
    user_agent: str

    @property
    def short_id(self) -> str:
        """The first 12 hex digits of the hash: enough to tell sessions apart in a list."""
        return self.id_hash[:12]

    def ended_why(self, at: float, idle_seconds: float) -> str | None:
        """'expired' after the absolute lifetime, 'idle' after the idle timeout, else None."""
        if at >= self.expires_at:
            return "expired"
        if at - self.last_seen_at > idle_seconds:
            return "idle"
        return None


class SessionStore(Protocol):
    """What the sign-in machinery needs from a session store."""

    idle_seconds: float
    lifetime_seconds: float

    def create(self, user_id: int, session_epoch: int, at: float, ip: str, user_agent: str) -> str:
        """Open a session; returns the raw id for the cookie."""
        ...

    def get(self, raw_id: str) -> SessionRecord | None:
        """The record of ``raw_id``, or None."""
        ...

    def touch(self, record: SessionRecord, at: float) -> None:
        """Note that the session was used at ``at`` (never moves ``expires_at``)."""
        ...

    def delete(self, raw_id: str) -> None:
        """End one session."""
        ...

    def delete_hashes(self, user_id: int, id_hashes: list[str]) -> int:
        """End the user's sessions whose hash starts with one of ``id_hashes``; the count."""
        ...

    def delete_for_user(self, user_id: int) -> int:
        """End every session of ``user_id``; returns how many ended."""
        ...

    def list_for_user(self, user_id: int, at: float) -> list[SessionRecord]:
        """The user's sessions still open at ``at``, oldest first."""
        ...


class DatabaseSessionStore:
    """Sessions in the ``user_sessions`` table (the default)."""

    def __init__(self, engine: Engine, idle_seconds: float, lifetime_seconds: float):
        self.engine = engine
        self.idle_seconds = idle_seconds
        self.lifetime_seconds = lifetime_seconds

    def create(self, user_id: int, session_epoch: int, at: float, ip: str, user_agent: str) -> str:
        """Open a session (and sweep away every session that has ended by now)."""
        raw_id = new_session_id()
        moment = utc_naive(at)
        with session_scope(self.engine) as db:
            db.execute(
                delete(UserSession).where(
                    or_(
                        UserSession.expires_at <= moment,
                        UserSession.last_seen_at < utc_naive(at - self.idle_seconds),
                    )
                )
            )
            db.add(
                UserSession(
                    id_hash=hash_session_id(raw_id),
                    user_id=user_id,
                    session_epoch=session_epoch,
                    created_at=moment,
                    last_seen_at=moment,
                    expires_at=utc_naive(at + self.lifetime_seconds),
                    ip_address=(ip or "")[:64],
                    user_agent=summarise_user_agent(user_agent),
                )
            )
        return raw_id

    @staticmethod
    def _record(row: UserSession) -> SessionRecord:
        return SessionRecord(
            id_hash=row.id_hash,
            user_id=row.user_id,
            session_epoch=row.session_epoch,
            created_at=epoch_seconds(row.created_at),
            last_seen_at=epoch_seconds(row.last_seen_at),
            expires_at=epoch_seconds(row.expires_at),
            ip_address=row.ip_address,
            user_agent=row.user_agent,
        )

    def get(self, raw_id: str) -> SessionRecord | None:
        """The record of ``raw_id``, or None."""
        with session_scope(self.engine) as db:
            row = db.get(UserSession, hash_session_id(raw_id))
            return self._record(row) if row is not None else None

    def touch(self, record: SessionRecord, at: float) -> None:
        """Move last-seen to ``at`` when it is older than TOUCH_SECONDS."""
        if at - record.last_seen_at < TOUCH_SECONDS:
            return
        with session_scope(self.engine) as db:
            db.execute(
                update(UserSession)
                .where(UserSession.id_hash == record.id_hash)
                .values(last_seen_at=utc_naive(at))
            )

    def delete(self, raw_id: str) -> None:
        """End one session."""
        with session_scope(self.engine) as db:
            db.execute(delete(UserSession).where(UserSession.id_hash == hash_session_id(raw_id)))

    def delete_hashes(self, user_id: int, id_hashes: list[str]) -> int:
        """End the user's sessions whose hash starts with one of ``id_hashes``."""
        ended = 0
        for record in self.list_for_user(user_id, 0):
            if any(prefix and record.id_hash.startswith(prefix) for prefix in id_hashes):
                with session_scope(self.engine) as db:
                    db.execute(delete(UserSession).where(UserSession.id_hash == record.id_hash))
                ended += 1
        return ended

    def delete_for_user(self, user_id: int) -> int:
        """End every session of ``user_id``."""
        with session_scope(self.engine) as db:
            result = db.execute(delete(UserSession).where(UserSession.user_id == user_id))
            return int(result.rowcount or 0)

    def list_for_user(self, user_id: int, at: float) -> list[SessionRecord]:
        """The user's sessions still open at ``at`` (``at`` = 0 lists every record)."""
        with session_scope(self.engine) as db:
            rows = db.scalars(
                select(UserSession)
                .where(UserSession.user_id == user_id)
                .order_by(UserSession.created_at, UserSession.id_hash)
            ).all()
            records = [self._record(r) for r in rows]
        return [r for r in records if not at or r.ended_why(at, self.idle_seconds) is None]


class RedisSessionStore:
    """Sessions in Redis (``REDIS_URL``): one hash per session, one set per user.

    Each session key expires at the earlier of its idle deadline and its absolute end, so
    Redis forgets ended sessions by itself; the checks in :meth:`SessionRecord.ended_why`
    still run on every request.
    """

    def __init__(
        self,
        client: Any,
        idle_seconds: float,
        lifetime_seconds: float,
        prefix: str = "pmd:sessions:",
    ):
        self.redis = client
        self.idle_seconds = idle_seconds
        self.lifetime_seconds = lifetime_seconds
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, idle_seconds: float, lifetime_seconds: float) -> RedisSessionStore:
        """A store on the Redis server at ``url``."""
        import redis  # optional extra [redis]

        return cls(redis.Redis.from_url(url), idle_seconds, lifetime_seconds)

    def _key(self, id_hash: str) -> str:
        return f"{self.prefix}s:{id_hash}"

    def _user_key(self, user_id: int) -> str:
        return f"{self.prefix}u:{user_id}"

    def _ttl(self, record: SessionRecord, at: float) -> int:
        remaining = min(record.expires_at - at, self.idle_seconds - (at - record.last_seen_at))
        return max(1, int(remaining) + 1)

    def _write(self, record: SessionRecord, at: float) -> None:
        payload = json.dumps(record.__dict__)
        pipe = self.redis.pipeline()
        pipe.set(self._key(record.id_hash), payload, ex=self._ttl(record, at))
        pipe.sadd(self._user_key(record.user_id), record.id_hash)
        pipe.expire(self._user_key(record.user_id), int(self.lifetime_seconds) + 60)
        pipe.execute()

    def create(self, user_id: int, session_epoch: int, at: float, ip: str, user_agent: str) -> str:
        """Open a session."""
        raw_id = new_session_id()
        record = SessionRecord(
            id_hash=hash_session_id(raw_id),
            user_id=user_id,
            session_epoch=session_epoch,
            created_at=at,
            last_seen_at=at,
            expires_at=at + self.lifetime_seconds,
            ip_address=(ip or "")[:64],
            user_agent=summarise_user_agent(user_agent),
        )
        self._write(record, at)
        return raw_id

    def _load(self, id_hash: str) -> SessionRecord | None:
        payload = self.redis.get(self._key(id_hash))
        if not payload:
            return None
        try:
            return SessionRecord(**json.loads(payload))
        except (TypeError, ValueError):
            return None

    def get(self, raw_id: str) -> SessionRecord | None:
        """The record of ``raw_id``, or None."""
        return self._load(hash_session_id(raw_id))

    def touch(self, record: SessionRecord, at: float) -> None:
        """Move last-seen to ``at`` (and the key's expiry with it) every TOUCH_SECONDS."""
        if at - record.last_seen_at < TOUCH_SECONDS:
            return
        moved = SessionRecord(**{**record.__dict__, "last_seen_at": at})
        self._write(moved, at)

    def _delete_hash(self, user_id: int | None, id_hash: str) -> None:
        pipe = self.redis.pipeline()
        pipe.delete(self._key(id_hash))
        if user_id is not None:
            pipe.srem(self._user_key(user_id), id_hash)
        pipe.execute()

    def delete(self, raw_id: str) -> None:
        """End one session."""
        id_hash = hash_session_id(raw_id)
        record = self._load(id_hash)
        self._delete_hash(record.user_id if record else None, id_hash)

    def _hashes(self, user_id: int) -> list[str]:
        members = self.redis.smembers(self._user_key(user_id))
        return sorted(m.decode() if isinstance(m, bytes) else str(m) for m in members)

    def delete_hashes(self, user_id: int, id_hashes: list[str]) -> int:
        """End the user's sessions whose hash starts with one of ``id_hashes``."""
        ended = 0
        for id_hash in self._hashes(user_id):
            if any(prefix and id_hash.startswith(prefix) for prefix in id_hashes):
                if self.redis.exists(self._key(id_hash)):
                    ended += 1
                self._delete_hash(user_id, id_hash)
        return ended

    def delete_for_user(self, user_id: int) -> int:
        """End every session of ``user_id``."""
        hashes = self._hashes(user_id)
        ended = sum(1 for h in hashes if self.redis.exists(self._key(h)))
        pipe = self.redis.pipeline()
        for id_hash in hashes:
            pipe.delete(self._key(id_hash))
        pipe.delete(self._user_key(user_id))
        pipe.execute()
        return ended

    def list_for_user(self, user_id: int, at: float) -> list[SessionRecord]:
        """The user's sessions still open at ``at`` (``at`` = 0 lists every record)."""
        records = []
        for id_hash in self._hashes(user_id):
            record = self._load(id_hash)
            if record is None:
                self.redis.srem(self._user_key(user_id), id_hash)
            elif not at or record.ended_why(at, self.idle_seconds) is None:
                records.append(record)
        return sorted(records, key=lambda r: (r.created_at, r.id_hash))


def make_store(
    engine: Engine, redis_url: str | None, idle_minutes: int, lifetime_hours: float
) -> SessionStore:
    """The store the settings ask for: Redis when ``redis_url`` is set, else the database."""
    idle, lifetime = idle_minutes * 60.0, lifetime_hours * 3600.0
    if redis_url:
        return RedisSessionStore.from_url(redis_url, idle, lifetime)
    return DatabaseSessionStore(engine, idle, lifetime)


def end_user_sessions_in_database(db: Any, user_id: int) -> None:
    """Delete ``user_id``'s session rows inside the caller's transaction (``db`` a Session).

    Used by password resets and disabling, so the change and the end of the sessions commit
    together; a Redis store is also emptied by the caller that knows the settings, and the
    epoch check ends any record left behind.
    """
    db.execute(delete(UserSession).where(UserSession.user_id == user_id))
