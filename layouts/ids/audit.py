"""Ids of the Audit trail page."""

from __future__ import annotations

from layouts.ids.exports import export_ids


class AuditIds:
    """The Audit trail page."""

    HEADING = "audit-heading"
    QUERY = "audit-query"
    ALERT = "audit-alert"
    EVENT = "audit-event"
    USER = "audit-user"
    GRID = "audit-grid"
    PAGER = "audit-pager"
    SUMMARY = "audit-summary"
    EXPORT_QUERY = "audit-export-query"
    EXPORT_IDS = export_ids("audit")
    SESSIONS_HEADING = "audit-sessions-heading"
    SESSIONS_USER = "audit-sessions-user"
    SESSIONS_LIST = "audit-sessions-list"
    SESSIONS_CHOSEN = "audit-sessions-chosen"
    SESSIONS_END_CHOSEN = "audit-sessions-end-chosen"
    SESSIONS_END_ALL = "audit-sessions-end-all"
    SESSIONS_STATUS = "audit-sessions-status"
