"""Sign-in, sessions, roles and site scope: who is asking, and may they.

One ``before_request`` guard on the Flask server denies by default: only the login page, the
sign-out route, Dash's component files, the assets folder and Dash's favicon are public;
everything else (pages, ``/_dash-layout``, ``/_dash-dependencies``, ``/_dash-update-component``)
needs a signed-in, active user whose session is current. The exemption is decided from the
Flask endpoint the URL routed to, never from anything else the browser sends.

Sessions live on the server (dashboard.sessions): the cookie carries a random session id and
the store keeps its hash, the user, the user's ``session_epoch``, the last-seen time and the
absolute end. A session ends at sign-out, after ``settings.idle_timeout_minutes`` without a
request, at ``settings.session_lifetime_hours`` after sign-in, when the epoch moves on or the
record is deleted (password reset, disabled account, an admin ending it); a replayed cookie
then gets the sign-in page. Failed sign-ins are throttled per (username, address) pair and per
username (dashboard.throttle), and per client address in this process; every refusal answers
the same message and status, whether the username exists or not.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from dash import Dash
from flask import (
    Flask,
    current_app,
    g,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    session,
)
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy import Engine, select

from dashboard.audit import AuditEventType, record
from dashboard.context import AppContext, PageForbidden
from dashboard.pages import PAGES_BY_KEY, role_may_open
from dashboard.passwords import hash_password, needs_rehash, verify
from dashboard.sessions import SessionStore, make_store
from dashboard.throttle import SignInThrottler, ThrottlePolicy
from dashboard.users import UserInfo, get_user
from data.db import session_scope
from data.filters import AccessScope
from data.schema import User

log = logging.getLogger(__name__)

EXTENSION_KEY = "peer_mentoring_auth"
# Pages that show mentees one by one: every opening is written to the audit trail.
MENTEE_PAGES = frozenset({"caseloads", "notes"})
IDENTITY_ROLES = frozenset({"admin", "supervisor"})
SESSION_ID_KEY = "sid"  # the cookie's key for the raw session id
FAILED_MESSAGE = "Sign-in failed: check your username and password."
ADDRESS_LIMIT_MESSAGE = "Too many failed sign-ins from here. Try again later."
END_REASONS = {
    "idle": "You were signed out after a while without activity.",
    "expired": "Your session reached its time limit. Please sign in again.",
    "ended": "Your session has ended. Please sign in again.",
    "signed_out": "You have signed out.",
}


def now() -> float:
    """Seconds since the epoch: the one clock sessions and lockouts read (tests patch it)."""
    return time.time()


def _utc_naive(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).replace(tzinfo=None)


@dataclass
class SignedInUser(UserMixin):
    """The Flask-Login user object: a snapshot of the user's row for this request."""

    info: UserInfo

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session."""
        return str(self.info.id)

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Disabled users are never signed in."""
        return self.info.is_active


@dataclass
class AuthState:
    """What the sign-in machinery of one app needs: its context, sessions and throttle."""

    ctx: AppContext
    store: SessionStore
    throttle: SignInThrottler
    public_endpoints: frozenset[str] = field(default_factory=frozenset)
    stylesheets: tuple[str, ...] = ()
    sso_label: str = ""  # label of the single sign-on button; "" when SSO is not configured


def _state() -> AuthState:
    return current_app.extensions[EXTENSION_KEY]


def client_ip() -> str:
    """The client's address as the server sees it (set up ProxyFix behind a proxy)."""
    return (request.remote_addr or "")[:64] if has_request_context() else ""


def current_user_info() -> UserInfo | None:
    """The signed-in user of this request, or None (also outside a request)."""
    if not has_request_context():
        return None
    user = current_user
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.info


def current_role() -> str | None:
    """Role of the signed-in user, or None."""
    info = current_user_info()
    return info.role if info else None


def current_username() -> str:
    """Username of the signed-in user ('' when anonymous)."""
    info = current_user_info()
    return info.username if info else ""


def scope_for_page(page: str) -> AccessScope:
    """Scope of the signed-in user; PageForbidden when nobody is signed in or their role may
    not use ``page`` (per dashboard.pages). Built from the server-side session only."""
    info = current_user_info()
    if info is None or not role_may_open(info.role, page):
        raise PageForbidden(page)
    return AccessScope(
        role=info.role,
        site_ids=frozenset(info.site_ids),
        all_sites=info.role == "admin",
        see_identities=info.role in IDENTITY_ROLES,
        username=info.username,
        # Roles that may not see identities also never see a count small enough to identify.
        small_cell_min=current_rounding(),
    )


def current_rounding() -> int:
    """The base the signed-in user's counts are rounded to (0: exact, or nobody signed in)."""
    info = current_user_info()
    if info is None or info.role in IDENTITY_ROLES:
        return 0
    return int(_state().ctx.settings.small_cell_min)


def refusal(page: str) -> Any:
    """What a person sees instead of a page their role may not open."""
    import dash_bootstrap_components as dbc
    from dash import html

    title = PAGES_BY_KEY[page].title if page in PAGES_BY_KEY else "This page"
    return dbc.Alert(
        [
            # The page's one h1: a refusal is a page of its own for a screen reader.
            html.H1("Not available for your role", className="h4 alert-heading"),
            html.P(f"{title} is not part of what your account may see."),
            html.A("Back to the overview", href="/", className="alert-link"),
        ],
        id="page-forbidden",
        color="warning",
        className="mt-4",
    )


def guard_layout(page: str, layout: Callable[..., object]) -> Callable[..., object]:
    """Wrap a page layout so a role that may not open ``page`` sees a refusal instead.

    Opening a mentee-level page (caseloads, notes) is written to the audit trail.
    """

    def guarded(**query: object) -> object:
        info = current_user_info()
        if info is None or not role_may_open(info.role, page):
            return refusal(page)
        if page in MENTEE_PAGES:
            # Only the names of the query parameters: their values are browser-sent text.
            detail = ",".join(sorted(str(k)[:20] for k in query))[:200]
            record(
                _state().ctx.engine,
                AuditEventType.VIEW_MENTEE_PAGE,
                info.username,
                info.id,
                page,
                detail,
                client_ip(),
            )
        return layout(**query)

    guarded.__name__ = f"guarded_{page}"
    guarded.__doc__ = layout.__doc__
    return guarded


# --- secret key -------------------------------------------------------------------------


def instance_secret_key(instance_path: Path) -> str:
    """The secret key kept in ``instance_path/secret_key``, created (mode 0600) on first use."""
    import os

    path = instance_path / "secret_key"
    instance_path.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


# --- sessions ---------------------------------------------------------------------------


def _load_user(user_id: str) -> SignedInUser | None:
    """Flask-Login's loader: the user, if the server-side session is still current; else None.

    Everything is decided from the store's record: an ended, idle or expired session is deleted
    there, so the same cookie never works again (even with the clock turned back).
    """
    state = _state()
    raw_id = session.get(SESSION_ID_KEY)
    if not isinstance(raw_id, str) or not raw_id:
        g.session_end_reason = "ended"
        return None
    record = state.store.get(raw_id)
    if record is None or str(record.user_id) != str(user_id):
        g.session_end_reason = "ended"
        return None
    info = get_user(state.ctx.engine, record.user_id)
    at = now()
    why = record.ended_why(at, state.store.idle_seconds)
    if info is None or not info.is_active or info.session_epoch != record.session_epoch:
        why = "ended"
    if why is not None:
        state.store.delete(raw_id)
        g.session_end_reason = why
        if info is not None and why != "ended":
            record_event(AuditEventType.SESSION_ENDED, info, why)
        return None
    state.store.touch(record, at)
    return SignedInUser(info)


def session_store() -> SessionStore:
    """The session store of this app (for the admin's "Open sessions"; needs a request)."""
    return _state().store


def record_event(event: AuditEventType, info: UserInfo, detail: str = "") -> None:
    """Write one audit event about ``info``'s user from this request's address."""
    record(_state().ctx.engine, event, info.username, info.id, "", detail, client_ip())


def _csrf_token() -> str:
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def _csrf_ok() -> bool:
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf")
    return isinstance(expected, str) and bool(sent) and hmac.compare_digest(sent, expected)


def _safe_next(target: str | None) -> str:
    """A local path to go to after sign-in; anything else (other hosts, odd paths) is '/'."""
    if not target or len(target) > 500 or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(c) < 32 for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path in ("/login", "/logout"):
        return "/"
    return target


def _refuse_anonymous() -> ResponseReturnValue:
    reason = g.get("session_end_reason")
    if "_user_id" in session:
        end_session()
    if request.path.startswith("/_dash-") or request.method != "GET":
        body = {"message": "Please sign in.", "login": "/login"}
        if reason:
            body["reason"] = reason
        return jsonify(body), 401
    params = {}
    if request.path != "/":
        params["next"] = request.full_path.rstrip("?")
    if reason:
        params["reason"] = reason
    return redirect("/login" + (f"?{urlencode(params)}" if params else ""), code=302)


def _guard() -> ResponseReturnValue | None:
    """Default deny: every request but the public endpoints needs a current session."""
    if request.endpoint in _state().public_endpoints:
        return None
    if current_user_info() is None:
        return _refuse_anonymous()
    return None


def end_session() -> None:
    """End this request's session: delete its server-side record and clear the cookie."""
    raw_id = session.get(SESSION_ID_KEY)
    if isinstance(raw_id, str) and raw_id:
        _state().store.delete(raw_id)
    logout_user()
    session.clear()


# --- sign-in and sign-out routes --------------------------------------------------------


def render_login(message: str = "", status: int = 200) -> ResponseReturnValue:
    """The sign-in page showing ``message`` (single sign-on reports its failures with it)."""
    return _render_login(message, status)


def safe_next(target: str | None) -> str:
    """A local path to go to after sign-in; anything else is '/' (see ``_safe_next``)."""
    return _safe_next(target)


def _render_login(message: str = "", status: int = 200) -> ResponseReturnValue:
    return (
        render_template(
            "login.html",
            csrf_token=_csrf_token(),
            message=message,
            next_url=_safe_next(request.values.get("next")),
            stylesheets=_state().stylesheets,
            sso_label=_state().sso_label,  # "" hides the single sign-on button
        ),
        status,
    )


def _find_user(engine: Engine, username: str) -> User | None:
    name = (username or "").strip().lower()[:80]
    if not name:
        return None
    with session_scope(engine) as db:
        return db.scalars(select(User).where(User.username == name)).first()


def _refused(state: AuthState, username: str, user: User | None, ip: str, why: str) -> None:
    """Write a refused sign-in to the audit trail (the typed name only when it is a user)."""
    known = user is not None
    record(
        state.ctx.engine,
        AuditEventType.SIGN_IN_FAILED,
        user.username if known else "",
        user.id if known else None,
        "",
        why,
        ip,
    )


def _count_failure(state: AuthState, username: str, user: User | None, ip: str, at: float) -> None:
    """Count a failure for the address and the throttle; audit any hold it starts."""
    started = state.throttle.failure(username, ip, at)
    if "account" in started and user is not None:
        with session_scope(state.ctx.engine) as db:
            row = db.get(User, user.id)
            if row is not None:  # shown by `users list`; the throttle table decides
                row.locked_until = _utc_naive(at + 24 * 3600)
    for what in started:
        record(
            state.ctx.engine,
            AuditEventType.LOCKOUT,
            user.username if user is not None else "",
            user.id if user is not None else None,
            "",
            f"held: {what}",
            ip,
        )


def _signed_in(state: AuthState, user: User, password: str, ip: str, at: float) -> None:
    with session_scope(state.ctx.engine) as db:
        row = db.get(User, user.id)
        assert row is not None
        row.failed_logins = 0
        row.locked_until = None
        row.last_login_at = _utc_naive(at)
        if needs_rehash(row.password_hash):
            row.password_hash = hash_password(password)
        record(db, AuditEventType.SIGN_IN, row.username, row.id, "", "", ip)
    state.throttle.success(user.username)
    info = get_user(state.ctx.engine, user.id)
    assert info is not None
    start_session(info, at)


def start_session(info: UserInfo, at: float) -> None:
    """Sign ``info``'s user in on a fresh session (password and single sign-on alike);
    ``at`` is the sign-in time in seconds since the epoch."""
    old_id = session.get(SESSION_ID_KEY)
    if isinstance(old_id, str) and old_id:
        _state().store.delete(old_id)
    session.clear()  # nothing from before sign-in survives (session fixation)
    login_user(SignedInUser(info), remember=False)
    user_agent = request.headers.get("User-Agent", "") if has_request_context() else ""
    session[SESSION_ID_KEY] = _state().store.create(
        info.id, info.session_epoch, at, client_ip(), user_agent
    )
    session["csrf"] = secrets.token_urlsafe(32)


def login_view() -> ResponseReturnValue:
    """GET: the sign-in form. POST: check the form's token, throttle, verify, sign in."""
    state = _state()
    if request.method in ("GET", "HEAD"):  # Flask answers HEAD with the GET view
        if current_user_info() is not None:
            return redirect(_safe_next(request.args.get("next")))
        return _render_login(END_REASONS.get(request.args.get("reason", ""), ""))
    if not _csrf_ok():
        return _render_login("The form had expired. Please try again.", 400)
    ip = client_ip()
    at = now()
    username = request.form.get("username", "")[:200]
    password = request.form.get("password", "")[:1000]
    if state.throttle.address_held(ip, at):
        # Too many failures from this address for any username: says nothing about accounts.
        record(state.ctx.engine, AuditEventType.SIGN_IN_FAILED, "", None, "", "address limit", ip)
        return _render_login(ADDRESS_LIMIT_MESSAGE, 429)
    user = _find_user(state.ctx.engine, username)
    # Always one argon2 verification, so every refusal takes as long as a wrong password.
    matches = verify(user.password_hash if user else None, password)
    held = state.throttle.held(username, ip, at)
    if held is not None:
        # Not counted again: waiting always ends a back-off. Same answer as a wrong password.
        _refused(state, username, user, ip, f"throttled: {held}")
        return _render_login(FAILED_MESSAGE, 401)
    if user is None or not user.is_active or not matches:
        why = (
            "unknown username"
            if user is None
            else ("disabled account" if not user.is_active else "wrong password")
        )
        _refused(state, username, user, ip, why)
        _count_failure(state, username, user, ip, at)
        return _render_login(FAILED_MESSAGE, 401)
    _signed_in(state, user, password, ip, at)
    return redirect(_safe_next(request.form.get("next")))


def logout_view() -> ResponseReturnValue:
    """POST: sign out and go to the login page. GET: a page asking to confirm.

    Signing out changes state, so only a POST does it (and the cross-site check refuses a POST
    from another site): a link or image on another site cannot sign anyone out.
    """
    if request.method != "POST":
        return render_template("logout.html", stylesheets=_state().stylesheets)
    info = current_user_info()
    if info is not None:
        record_event(AuditEventType.SIGN_OUT, info)
    end_session()
    return redirect("/login?reason=signed_out")


def init_app(app: Dash, ctx: AppContext) -> None:
    """Install the secret key, Flask-Login, the sign-in routes and the default-deny guard."""
    server: Flask = app.server
    settings = ctx.settings
    server.secret_key = settings.secret_key or instance_secret_key(settings.instance_path)
    prefix = app.config.routes_pathname_prefix
    public = {
        "login",
        "logout",
        "_dash_assets.static",
        f"{prefix}_dash-component-suites/<string:package_name>/<path:fingerprinted_path>",
        f"{prefix}_favicon.ico",
    }
    window = settings.lockout_minutes * 60
    assets = Path(app.config.assets_folder)
    stylesheets = tuple(f"/assets/{p.name}" for p in sorted(assets.glob("*.css")))
    # Single sign-on only when configured: otherwise its module is not even imported.
    sso_enabled = bool(settings.oidc_issuer)
    if sso_enabled:
        from dashboard import sso

        public |= sso.PUBLIC_ENDPOINTS
    server.extensions[EXTENSION_KEY] = AuthState(
        ctx=ctx,
        store=make_store(
            ctx.engine,
            settings.redis_url,
            settings.idle_timeout_minutes,
            settings.session_lifetime_hours,
        ),
        throttle=SignInThrottler(
            ctx.engine,
            ThrottlePolicy(
                pair_max_failures=settings.login_max_failures,
                pair_max_backoff_seconds=settings.lockout_minutes * 60,
                account_ceiling=settings.login_account_ceiling,
                address_ceiling=max(20, 4 * settings.login_max_failures),
                address_window_seconds=window,
            ),
        ),
        public_endpoints=frozenset(public),
        stylesheets=stylesheets,
        sso_label=settings.oidc_button_label if sso_enabled else "",
    )
    manager = LoginManager()
    manager.init_app(server)
    manager.user_loader(_load_user)
    server.add_url_rule("/login", "login", login_view, methods=["GET", "POST"])
    server.add_url_rule("/logout", "logout", logout_view, methods=["GET", "POST"])
    if sso_enabled:
        sso.init_app(server, ctx)
    server.before_request(_guard)
