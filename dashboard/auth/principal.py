"""Who is asking: the signed-in user of this request, their role, address and access scope.

Everything here is read from the server-side session (through Flask-Login), never from
anything the browser sends.
"""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from dashboard.auth.base import IDENTITY_ROLES, PageForbidden, auth_state
from dashboard.pages import role_may_open
from data.filters import AccessScope
from data.services.users import UserInfo


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


def current_rounding() -> int:
    """The base the signed-in user's counts are rounded to (0: exact, or nobody signed in)."""
    info = current_user_info()
    if info is None or info.role in IDENTITY_ROLES:
        return 0
    return int(auth_state().ctx.settings.small_cell_min)


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
