"""A request's signed-in session: started at sign-in, checked on every request, ended at
sign-out or when its server-side record says so.

The cookie carries a random session id; the record behind it (``data.services.sessions``)
keeps its hash, the user, the user's ``session_epoch``, the last-seen time and the absolute
end. A session ends at sign-out, after ``settings.idle_timeout_minutes`` without a request, at
``settings.session_lifetime_hours`` after sign-in, when the epoch moves on or the record is
deleted (password reset, disabled account, an admin ending it); a replayed cookie then gets
the sign-in page.
"""

from __future__ import annotations

import secrets

from flask import g, has_request_context, request, session
from flask_login import login_user, logout_user

from dashboard.auth import clock
from dashboard.auth.base import SESSION_ID_KEY, SignedInUser, auth_state
from dashboard.auth.principal import client_ip
from data.services.audit import AuditEventType, record
from data.services.sessions import SessionStore
from data.services.users import UserInfo, get_user


def load_user(user_id: str) -> SignedInUser | None:
    """Flask-Login's loader: the user, if the server-side session is still current; else None.

    Everything is decided from the store's record: an ended, idle or expired session is deleted
    there, so the same cookie never works again (even with the clock turned back).
    """
    state = auth_state()
    raw_id = session.get(SESSION_ID_KEY)
    if not isinstance(raw_id, str) or not raw_id:
        g.session_end_reason = "ended"
        return None
    stored = state.store.get(raw_id)
    if stored is None or str(stored.user_id) != str(user_id):
        g.session_end_reason = "ended"
        return None
    info = get_user(state.ctx.engine, stored.user_id)
    at = clock.now()
    why = stored.ended_why(at, state.store.idle_seconds)
    if info is None or not info.is_active or info.session_epoch != stored.session_epoch:
        why = "ended"
    if why is not None:
        state.store.delete(raw_id)
        g.session_end_reason = why
        if info is not None and why != "ended":
            record_event(AuditEventType.SESSION_ENDED, info, why)
        return None
    state.store.touch(stored, at)
    return SignedInUser(info)


def session_store() -> SessionStore:
    """The session store of this app (for the admin's "Open sessions"; needs a request)."""
    return auth_state().store


def record_event(event: AuditEventType, info: UserInfo, detail: str = "") -> None:
    """Write one audit event about ``info``'s user from this request's address."""
    record(auth_state().ctx.engine, event, info.username, info.id, "", detail, client_ip())


def start_session(info: UserInfo, at: float) -> None:
    """Sign ``info``'s user in on a fresh session (password and single sign-on alike);
    ``at`` is the sign-in time in seconds since the epoch."""
    store = auth_state().store
    old_id = session.get(SESSION_ID_KEY)
    if isinstance(old_id, str) and old_id:
        store.delete(old_id)
    session.clear()  # nothing from before sign-in survives (session fixation)
    login_user(SignedInUser(info), remember=False)
    user_agent = request.headers.get("User-Agent", "") if has_request_context() else ""
    session[SESSION_ID_KEY] = store.create(info.id, info.session_epoch, at, client_ip(), user_agent)
    session["csrf"] = secrets.token_urlsafe(32)


def end_session() -> None:
    """End this request's session: delete its server-side record and clear the cookie."""
    raw_id = session.get(SESSION_ID_KEY)
    if isinstance(raw_id, str) and raw_id:
        auth_state().store.delete(raw_id)
    logout_user()
    session.clear()
