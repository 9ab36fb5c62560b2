"""STUB - to be replaced by the access-control work (issue 3). Interface only."""

from __future__ import annotations

from collections.abc import Callable

from dashboard.pages import role_may_open
from data.filters import AccessScope


def current_role() -> str | None:
    """Role of the signed-in user, or None."""
    return "admin"


def current_username() -> str:
    """Username of the signed-in user ('' when anonymous)."""
    return "admin"


def scope_for_page(page: str) -> AccessScope:
    """Scope of the signed-in user; PageForbidden when their role may not use ``page``."""
    from dashboard.context import PageForbidden

    role = current_role()
    if not role_may_open(role, page):
        raise PageForbidden(page)
    return AccessScope(role="admin", all_sites=True, see_identities=True, username="admin")


def guard_layout(page: str, layout: Callable[..., object]) -> Callable[..., object]:
    """Wrap a page layout so a role that may not open ``page`` sees a refusal instead."""
    return layout


def init_app(app, ctx) -> None:  # type: ignore[no-untyped-def]
    """Install sign-in routes and the default-deny guard."""
