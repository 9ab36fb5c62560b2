"""The sign-in and sign-out routes: the form, its cross-site token, throttling, the password.

Failed sign-ins are throttled per (username, address) pair, per username and per client
address (``data.services.throttle``); every refusal answers the same message and status,
whether the username exists or not, and takes as long as a wrong password.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import redirect, render_template, request, session
from flask.typing import ResponseReturnValue

from dashboard.auth import clock
from dashboard.auth.base import ADDRESS_LIMIT_MESSAGE, END_REASONS, FAILED_MESSAGE, auth_state
from dashboard.auth.principal import client_ip, current_user_info
from dashboard.auth.sessions import end_session, record_event, start_session
from data.services import sign_in
from data.services.audit import AuditEventType
from data.services.passwords import verify
from data.services.users import get_user


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


def safe_next(target: str | None) -> str:
    """A local path to go to after sign-in; anything else (other hosts, odd paths) is '/'."""
    if not target or len(target) > 500 or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(c) < 32 for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path in ("/login", "/logout"):
        return "/"
    return target


def render_login(message: str = "", status: int = 200) -> ResponseReturnValue:
    """The sign-in page showing ``message`` (single sign-on reports its failures with it)."""
    state = auth_state()
    return (
        render_template(
            "login.html",
            csrf_token=_csrf_token(),
            message=message,
            next_url=safe_next(request.values.get("next")),
            stylesheets=state.stylesheets,
            sso_label=state.sso_label,  # "" hides the single sign-on button
        ),
        status,
    )


def login_view() -> ResponseReturnValue:
    """GET: the sign-in form. POST: check the form's token, throttle, verify, sign in."""
    state = auth_state()
    if request.method in ("GET", "HEAD"):  # Flask answers HEAD with the GET view
        if current_user_info() is not None:
            return redirect(safe_next(request.args.get("next")))
        return render_login(END_REASONS.get(request.args.get("reason", ""), ""))
    if not _csrf_ok():
        return render_login("The form had expired. Please try again.", 400)
    engine = state.ctx.engine
    ip = client_ip()
    at = clock.now()
    username = request.form.get("username", "")[:200]
    password = request.form.get("password", "")[:1000]
    if state.throttle.address_held(ip, at):
        # Too many failures from this address for any username: says nothing about accounts.
        sign_in.record_refusal(engine, "address limit", ip)
        return render_login(ADDRESS_LIMIT_MESSAGE, 429)
    account = sign_in.find_account(engine, username)
    # Always one argon2 verification, so every refusal takes as long as a wrong password.
    matches = verify(account.password_hash if account else None, password)
    held = state.throttle.held(username, ip, at)
    known = {"username": account.info.username, "user_id": account.info.id} if account else {}
    if held is not None:
        # Not counted again: waiting always ends a back-off. Same answer as a wrong password.
        sign_in.record_refusal(engine, f"throttled: {held}", ip, **known)
        return render_login(FAILED_MESSAGE, 401)
    if account is None or not account.info.is_active or not matches:
        why = (
            "unknown username"
            if account is None
            else ("disabled account" if not account.info.is_active else "wrong password")
        )
        sign_in.record_refusal(engine, why, ip, **known)
        sign_in.count_failure(engine, state.throttle, username, account, ip, at)
        return render_login(FAILED_MESSAGE, 401)
    sign_in.record_password_sign_in(engine, state.throttle, account.info.id, password, at, ip)
    info = get_user(engine, account.info.id)
    assert info is not None
    start_session(info, at)
    return redirect(safe_next(request.form.get("next")))


def logout_view() -> ResponseReturnValue:
    """POST: sign out and go to the login page. GET: a page asking to confirm.

    Signing out changes state, so only a POST does it (and the cross-site check refuses a POST
    from another site): a link or image on another site cannot sign anyone out.
    """
    if request.method != "POST":
        return render_template("logout.html", stylesheets=auth_state().stylesheets)
    info = current_user_info()
    if info is not None:
        record_event(AuditEventType.SIGN_OUT, info)
    end_session()
    return redirect("/login?reason=signed_out")
