"""Peer groups: sessions each mentor facilitated, and attendance at each session."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, exists, func, select, true

from data.filters import Filters
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import DATE, FLOAT, INT, TEXT, typed_frame
from data.queries.plumbing.sql import fetch
from data.schema import GroupFacilitator, GroupSession, Mentor, PeerGroup, Site

SESSION_COLUMNS = {
    "session_id": INT,
    "group_id": INT,
    "group": TEXT,
    "site": TEXT,
    "session_date": DATE,
    "attendance": INT,
    "facilitators": INT,
}
FACILITATED_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "site": TEXT,
    "sessions": INT,
    "groups": INT,
    "group_hours": FLOAT,
    "attendance": INT,
}


@one_connection
def group_attendance_by_session(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Every peer-group session in the period with its attendance (people present).

    Sessions at sites in scope; with mentors chosen, only sessions one of them facilitated.
    Columns: session_id, group_id, group (name), site, session_date, attendance, facilitators
    (mentors who facilitated it). Ordered by site, group, date. For a scope that hides small
    counts, attendance below its threshold is <NA>.
    """
    facilitators = (
        select(func.count()).where(GroupFacilitator.session_id == GroupSession.id).scalar_subquery()
    )
    chosen = (
        exists().where(
            GroupFacilitator.session_id == GroupSession.id,
            GroupFacilitator.mentor_id.in_(filters.mentor_ids),
        )
        if filters.mentor_ids
        else true()
    )
    statement = (
        select(
            GroupSession.id,
            PeerGroup.id,
            PeerGroup.name,
            Site.name,
            GroupSession.session_date,
            GroupSession.attendance,
            facilitators,
        )
        .join(PeerGroup, PeerGroup.id == GroupSession.group_id)
        .join(Site, Site.id == GroupSession.site_id)
        .where(
            filters.site_clause(GroupSession.site_id),
            GroupSession.session_date.between(filters.start, filters.end),
            chosen,
        )
        .order_by(Site.name, PeerGroup.name, GroupSession.session_date, GroupSession.id)
    )
    return hide_small_counts(
        typed_frame(fetch(engine, statement), SESSION_COLUMNS), filters, ["attendance"]
    )


@one_connection
def group_sessions_by_mentor(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Peer-group sessions each mentor facilitated in the period (only mentors who did).

    Columns: mentor_id, mentor, site, sessions, groups (distinct groups), group_hours (hours of
    the sessions they facilitated), attendance (people present, summed over their sessions).
    Ordered by site, then mentor. For a scope that hides small counts, attendance below its
    threshold is <NA>.
    """
    statement = (
        select(
            Mentor.id,
            Mentor.display_name,
            Site.name,
            func.count(),
            func.count(func.distinct(GroupSession.group_id)),
            func.sum(GroupSession.minutes),
            func.sum(GroupSession.attendance),
        )
        .select_from(GroupFacilitator)
        .join(GroupSession, GroupSession.id == GroupFacilitator.session_id)
        .join(Mentor, Mentor.id == GroupFacilitator.mentor_id)
        .join(Site, Site.id == Mentor.site_id)
        .where(
            filters.site_clause(GroupSession.site_id),
            filters.mentor_clause(GroupFacilitator.mentor_id),
            GroupSession.session_date.between(filters.start, filters.end),
        )
        .group_by(Mentor.id, Mentor.display_name, Site.name)
        .order_by(Site.name, Mentor.display_name, Mentor.id)
    )
    rows = [(*r[:5], int(r[5] or 0) / 60.0, r[6]) for r in fetch(engine, statement)]
    return hide_small_counts(typed_frame(rows, FACILITATED_COLUMNS), filters, ["attendance"])


__all__ = ["group_attendance_by_session", "group_sessions_by_mentor"]
