"""Writing what the signed-in user did or saw to the audit trail, from a callback.

The user (name, id, address) comes from the server-side session, never from the request;
``username`` stands in for the name when nobody is signed in (a test calling a callback
directly, or a scope of its own).
"""

from __future__ import annotations

from dashboard.auth import client_ip, current_user_info
from dashboard.context import AppContext
from data.services.audit import AuditEventType, record


def record_for_user(
    ctx: AppContext, event: AuditEventType, target: str, detail: str, username: str = ""
) -> None:
    """Write ``event`` about ``target`` (with ``detail``) for the signed-in user."""
    info = current_user_info()
    record(
        ctx.engine,
        event,
        info.username if info else username,
        info.id if info else None,
        target,
        detail,
        client_ip(),
    )
