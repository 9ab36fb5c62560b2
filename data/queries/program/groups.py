"""Peer-group sessions held at each site, and the mentors who led them."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, exists, func, select, true

from data.filters import Filters
from data.queries.plumbing.clauses import facilitations
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import FLOAT, INT, TEXT, typed_frame
from data.queries.plumbing.sql import fetch
from data.queries.program._sites import sites_in_view
from data.schema import GroupFacilitator, GroupSession

SITE_GROUP_COLUMNS = {
    "site_id": INT,
    "site": TEXT,
    "sessions": INT,
    "groups": INT,
    "attendance": INT,
    "facilitators": INT,
    "facilitations": INT,
    "group_hours": FLOAT,
}


@one_connection
def group_sessions_by_site(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Peer-group sessions held at each site in the period, and the mentors who led them.

    The whole-program form of ``group_sessions_by_mentor``. Every site, zeros included; with
    mentors chosen, sessions one of them facilitated. Columns: site_id, site, sessions (held),
    groups (distinct groups that met), attendance (people present, summed over the sessions),
    facilitators (distinct mentors who led one), facilitations (sessions counted once per
    facilitator: the per-mentor sessions added up), group_hours (hours of the sessions, once
    per facilitator). Ordered by site name. For a scope that hides small counts, attendance
    below its threshold is <NA>.
    """
    chosen = (
        exists().where(
            GroupFacilitator.session_id == GroupSession.id,
            filters.mentor_clause(GroupFacilitator.mentor_id),
        )
        if filters.mentors_chosen
        else true()
    )
    held = fetch(
        engine,
        select(
            GroupSession.site_id,
            func.count(),
            func.count(func.distinct(GroupSession.group_id)),
            func.sum(GroupSession.attendance),
        )
        .where(
            filters.site_clause(GroupSession.site_id),
            GroupSession.session_date.between(filters.start, filters.end),
            chosen,
        )
        .group_by(GroupSession.site_id),
    )
    led = fetch(
        engine,
        facilitations(
            filters,
            GroupSession.site_id,
            func.count(func.distinct(GroupFacilitator.mentor_id)),
            func.count(),
            func.sum(GroupSession.minutes),
        ).group_by(GroupSession.site_id),
    )
    sessions = {int(r[0]): [int(v or 0) for v in r[1:]] for r in held}
    leaders = {int(r[0]): [int(v or 0) for v in r[1:]] for r in led}
    rows = []
    for site_id, name in sites_in_view(engine, filters):
        count, groups, attendance = sessions.get(site_id, [0, 0, 0])
        facilitators, led_sessions, minutes = leaders.get(site_id, [0, 0, 0])
        rows.append(
            (site_id, name, count, groups, attendance, facilitators, led_sessions, minutes / 60)
        )
    return hide_small_counts(typed_frame(rows, SITE_GROUP_COLUMNS), filters, ["attendance"])
