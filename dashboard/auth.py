"""Sign-in, sessions, roles and site scope: who is asking, and may they.

One ``before_request`` guard on the Flask server denies by default: only the login page, the
sign-out route, Dash's component files, the assets folder and Dash's favicon are public;
everything else (pages, ``/_dash-layout``, ``/_dash-dependencies``, ``/_dash-update-component``)
needs a signed-in, active user whose session is current. The exemption is decided from the
Flask endpoint the URL routed to, never from anything else the browser sends.

A session holds the user id, the user's ``session_epoch`` and the last-seen time. It ends
when the epoch in the database moves on (password reset, disabled account), after
``settings.idle_timeout_minutes`` without a request, or at sign-out. Failed sign-ins are
counted per user in the database (locking the account for ``settings.lockout_minutes``
after ``settings.login_max_failures`` in a row) and per client address in this process.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets
import threading
import time
from collections import deque
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
from dashboard.users import UserInfo, get_user
from data.db import session_scope
from data.filters import AccessScope
from data.schema import User

log = logging.getLogger(__name__)

EXTENSION_KEY = "peer_mentoring_auth"
# Pages that show mentees one by one: every opening is written to the audit trail.
MENTEE_PAGES = frozenset({"caseloads", "notes"})
IDENTITY_ROLES = frozenset({"admin", "supervisor"})
SEEN_UPDATE_SECONDS = 15  # last-seen is rewritten at most this often (fewer cookie writes)
FAILED_MESSAGE = "Sign-in failed: check your username and password."
END_REASONS = {
    "idle": "You were signed out after a while without activity.",
    "ended": "Your session has ended. Please sign in again.",
    "signed_out": "You have signed out.",
}


def now() -> float:
    """Seconds since the epoch: the one clock sessions and lockouts read (tests patch it)."""
    return time.time()


def _utc_naive(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).replace(tzinfo=None)


class IpLimiter:
    """Failed sign-ins per client address within a sliding window, in this process only.

    With several gunicorn workers each worker counts on its own; the per-user lockout in the
    database is what holds across workers.
    """

    def __init__(self, max_failures: int, window_seconds: float):
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, ip: str, at: float) -> deque[float]:
        times = self._failures.setdefault(ip, deque())
        while times and times[0] <= at - self.window_seconds:
            times.popleft()
        return times

    def blocked(self, ip: str, at: float) -> bool:
        """True when ``ip`` has failed too often within the window ending at ``at``."""
        with self._lock:
            return len(self._recent(ip, at)) >= self.max_failures

    def add_failure(self, ip: str, at: float) -> None:
        """Count one failed sign-in from ``ip`` at ``at``."""
        with self._lock:
            self._recent(ip, at).append(at)
            if len(self._failures) > 10_000:  # a flood of addresses: forget the quiet ones
                for key in [k for k, v in self._failures.items() if not v]:
                    del self._failures[key]


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
    """What the sign-in machinery of one app needs: its context and its address limiter."""

    ctx: AppContext
    limiter: IpLimiter
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
        small_cell_min=0 if info.role in IDENTITY_ROLES else _state().ctx.settings.small_cell_min,
    )


def refusal(page: str) -> Any:
    """What a person sees instead of a page their role may not open."""
    import dash_bootstrap_components as dbc
    from dash import html

    title = PAGES_BY_KEY[page].title if page in PAGES_BY_KEY else "This page"
    return dbc.Alert(
        [
            html.H4("Not available for your role", className="alert-heading"),
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
    """Flask-Login's loader: the user, if the session is still current; else None."""
    try:
        info = get_user(_state().ctx.engine, int(user_id))
    except ValueError:
        return None
    if info is None or not info.is_active:
        g.session_end_reason = "ended"
        return None
    if session.get("epoch") != info.session_epoch:
        g.session_end_reason = "ended"
        return None
    at = now()
    seen = session.get("seen")
    idle_seconds = _state().ctx.settings.idle_timeout_minutes * 60
    if not isinstance(seen, int | float) or at - seen > idle_seconds:
        g.session_end_reason = "idle"
        return None
    if at - seen >= SEEN_UPDATE_SECONDS:
        session["seen"] = at
    return SignedInUser(info)


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
    """Forget everything in the session cookie (sign-out, ended or idle sessions)."""
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


def _failed(state: AuthState, user: User | None, ip: str, at: float, why: str) -> None:
    """Count a failed sign-in for the address and (when known) the user; lock if too many."""
    state.limiter.add_failure(ip, at)
    settings = state.ctx.settings
    engine = state.ctx.engine
    if user is None:
        record(engine, AuditEventType.SIGN_IN_FAILED, "", None, "", "unknown username", ip)
        return
    with session_scope(engine) as db:
        row = db.get(User, user.id)
        if row is None:
            return
        record(db, AuditEventType.SIGN_IN_FAILED, row.username, row.id, "", why, ip)
        if why != "wrong password":
            return
        row.failed_logins = (row.failed_logins or 0) + 1
        if row.failed_logins >= settings.login_max_failures:
            row.locked_until = _utc_naive(at + settings.lockout_minutes * 60)
            row.failed_logins = 0
            record(
                db,
                AuditEventType.LOCKOUT,
                row.username,
                row.id,
                "",
                f"{settings.lockout_minutes} minutes",
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
    info = get_user(state.ctx.engine, user.id)
    assert info is not None
    start_session(info, at)


def start_session(info: UserInfo, at: float) -> None:
    """Sign ``info``'s user in on a fresh session (password and single sign-on alike);
    ``at`` is the sign-in time in seconds since the epoch."""
    session.clear()  # nothing from before sign-in survives (session fixation)
    login_user(SignedInUser(info), remember=False)
    session["epoch"] = info.session_epoch
    session["seen"] = at
    session["csrf"] = secrets.token_urlsafe(32)


def login_view() -> ResponseReturnValue:
    """GET: the sign-in form. POST: check the form's token, throttle, verify, sign in."""
    state = _state()
    if request.method == "GET":
        if current_user_info() is not None:
            return redirect(_safe_next(request.args.get("next")))
        return _render_login(END_REASONS.get(request.args.get("reason", ""), ""))
    if not _csrf_ok():
        return _render_login("The form had expired. Please try again.", 400)
    ip = client_ip()
    at = now()
    if state.limiter.blocked(ip, at):
        return _render_login("Too many failed sign-ins from here. Try again later.", 429)
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    user = _find_user(state.ctx.engine, username)
    # Always one argon2 verification, so unknown usernames take as long as known ones.
    matches = verify(user.password_hash if user else None, password)
    if user is None:
        _failed(state, None, ip, at, "unknown username")
        return _render_login(FAILED_MESSAGE, 401)
    if not user.is_active:
        _failed(state, user, ip, at, "disabled account")
        return _render_login(FAILED_MESSAGE, 401)
    if user.locked_until is not None and user.locked_until > _utc_naive(at):
        _failed(state, user, ip, at, "locked account")
        minutes = state.ctx.settings.lockout_minutes
        return _render_login(
            f"Sign-in failed. After repeated failures an account is locked for {minutes} minutes.",
            401,
        )
    if not matches:
        _failed(state, user, ip, at, "wrong password")
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
        record(
            _state().ctx.engine,
            AuditEventType.SIGN_OUT,
            info.username,
            info.id,
            "",
            "",
            client_ip(),
        )
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
        limiter=IpLimiter(max(20, 4 * settings.login_max_failures), window),
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
