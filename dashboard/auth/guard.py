"""Default deny: the request guard every request passes, and the guard around each page.

The request guard (installed by ``dashboard.auth.setup`` as a ``before_request``) lets through
only the public endpoints (the sign-in page, Dash's component files, the assets folder...);
everything else needs a signed-in, active user whose session is current. The exemption is
decided from the Flask endpoint the URL routed to, never from anything else the browser sends.
The page guard shows a refusal instead of a page the user's role may not open, and writes the
opening of a mentee-level page to the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from flask import g, jsonify, redirect, request, session
from flask.typing import ResponseReturnValue

from dashboard.auth.base import MENTEE_PAGES, auth_state
from dashboard.auth.principal import client_ip, current_user_info
from dashboard.auth.sessions import end_session
from dashboard.pages import PAGES_BY_KEY, role_may_open
from data.services.audit import AuditEventType, record
from layouts.refusal import refusal_layout


def refusal(page: str) -> object:
    """What a person sees instead of a page their role may not open."""
    title = PAGES_BY_KEY[page].title if page in PAGES_BY_KEY else "This page"
    return refusal_layout(title)


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
                auth_state().ctx.engine,
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


def guard_request() -> ResponseReturnValue | None:
    """Default deny: every request but the public endpoints needs a current session."""
    if request.endpoint in auth_state().public_endpoints:
        return None
    if current_user_info() is None:
        return _refuse_anonymous()
    return None
