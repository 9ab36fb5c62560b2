"""The audit trail for the admin page: who signed in, failed, viewed mentee pages, exported.

Audit events belong to no site, so only a scope with every site (an admin's) may read them;
any other scope is refused before a query runs. Times are UTC.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import ColumnElement, Engine, and_, func, select

from data.filters import Filters
from data.queries.plumbing.connection import connection, one_connection
from data.schema import AuditEvent

AUDIT_COLUMNS = ["occurred_at", "username", "event", "target", "detail", "ip_address"]
MAX_PAGE_ROWS = 500


class AuditForbidden(PermissionError):
    """The audit trail was asked for by someone who is not an admin."""


def _require_admin(filters: Filters) -> None:
    scope = filters.scope
    if scope.role != "admin" or not scope.all_sites:
        raise AuditForbidden("only admins may read the audit trail")


def _where(filters: Filters, event: str | None, username: str | None) -> ColumnElement[bool]:
    start = dt.datetime.combine(filters.start, dt.time.min)
    end = dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time.min)
    clauses = [AuditEvent.occurred_at >= start, AuditEvent.occurred_at < end]
    if event:
        clauses.append(AuditEvent.event == event)
    if username:
        clauses.append(AuditEvent.username == username)
    return and_(*clauses)


@one_connection
def audit_events(
    engine: Engine,
    filters: Filters,
    event: str | None = None,
    username: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> pd.DataFrame:
    """One page of audit events in the period, newest first (admins only).

    Columns: occurred_at (UTC), username, event, target, detail, ip_address. ``limit`` is
    capped at 500 rows; ``event``/``username`` narrow the list when given.
    """
    _require_admin(filters)
    limit = max(1, min(int(limit), MAX_PAGE_ROWS))
    offset = max(0, int(offset))
    stmt = (
        select(
            AuditEvent.occurred_at,
            AuditEvent.username,
            AuditEvent.event,
            AuditEvent.target,
            AuditEvent.detail,
            AuditEvent.ip_address,
        )
        .where(_where(filters, event, username))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(limit)
        .offset(offset)
    )
    with connection(engine) as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=AUDIT_COLUMNS)


@one_connection
def audit_event_count(
    engine: Engine, filters: Filters, event: str | None = None, username: str | None = None
) -> int:
    """How many audit events match (admins only), for paging."""
    _require_admin(filters)
    stmt = select(func.count(AuditEvent.id)).where(_where(filters, event, username))
    with connection(engine) as conn:
        return int(conn.execute(stmt).scalar_one())


@one_connection
def audit_usernames(engine: Engine, filters: Filters) -> pd.DataFrame:
    """The usernames that appear in the audit trail in the period, with event counts.

    Columns: username, events. Admins only.
    """
    _require_admin(filters)
    stmt = (
        select(AuditEvent.username, func.count(AuditEvent.id).label("events"))
        .where(_where(filters, None, None))
        .group_by(AuditEvent.username)
        .order_by(AuditEvent.username)
    )
    with connection(engine) as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["username", "events"])
