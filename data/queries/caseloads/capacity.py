"""Each mentor's caseload against capacity, and each site's free places against who waits."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, case, func, or_, select

from data.filters import Filters
from data.queries.plumbing.clauses import (
    caseload_on_end_date,
    open_on,
    waiting_by_site,
)
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts, rounding_base
from data.queries.plumbing.frames import BOOL, INT, INT_OR_NONE, TEXT, as_date, typed_frame
from data.queries.plumbing.sql import fetch
from data.schema import Mentor, Site

CASELOAD_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "site": TEXT,
    "capacity": INT,
    "active_mentees": INT,
    "spare": INT,
    "over_capacity": BOOL,
}
PLACES_COLUMNS = {
    "site_id": INT,
    "site": TEXT,
    "mentors_available": INT,
    "places": INT,
    "active_mentees": INT,
    "free_places": INT,
    "mentors_with_room": INT,
    "waiting": INT,
    "longest_wait_days": INT_OR_NONE,
}


@one_connection
def caseload_by_mentor(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Each mentor's caseload on ``filters.end`` against their capacity.

    Mentors in post on the end date, in scope and chosen. Columns: mentor_id, mentor, site,
    capacity, active_mentees (open matches on the end date), spare (capacity - active_mentees,
    negative when over), over_capacity. Ordered by site, then mentor. For a scope that hides
    small counts, active_mentees is rounded or hidden (``plumbing.disclosure``), and spare and
    over_capacity follow the shown count.
    """
    end = filters.end
    caseload = caseload_on_end_date(filters)
    active = func.coalesce(caseload.c.n, 0)
    statement = (
        select(
            Mentor.id,
            Mentor.display_name,
            Site.name,
            Mentor.capacity,
            active,
            Mentor.capacity - active,
            active > Mentor.capacity,
        )
        .join(Site, Site.id == Mentor.site_id)
        .outerjoin(caseload, caseload.c.mentor_id == Mentor.id)
        .where(
            filters.site_clause(Mentor.site_id),
            filters.mentor_clause(Mentor.id),
            or_(open_on(Mentor.start_date, Mentor.end_date, end), caseload.c.n > 0),
        )
        .order_by(Site.name, Mentor.display_name, Mentor.id)
    )
    df = hide_small_counts(
        typed_frame(fetch(engine, statement), CASELOAD_COLUMNS), filters, ["active_mentees"]
    )
    if rounding_base(filters):
        # Spare places follow the rounded caseload: capacity minus an exact count would give
        # the count back.
        df["spare"] = (df["capacity"] - df["active_mentees"]).astype("Int64")
        df["over_capacity"] = (df["spare"] < 0).fillna(False).astype(bool)
    return df


@one_connection
def places_against_waits(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Per site on ``filters.end``: free places with available mentors against who waits.

    Available mentors are in post and not on leave; their free places are capacity minus
    open matches, counted per mentor (an over-full mentor does not hide another's room).
    Columns: site_id, site, mentors_available, places (their capacity), active_mentees (in
    their open matches), free_places, mentors_with_room, waiting (mentees waiting for a mentor
    at the site; the mentor choice does not apply), longest_wait_days (<NA> when nobody
    waits). Every site in scope, by name. For a scope that hides small counts, active_mentees
    and waiting below its threshold are <NA>, and so is longest_wait_days then.
    """
    end = filters.end
    caseload = caseload_on_end_date(filters)
    active = func.coalesce(caseload.c.n, 0)
    room = case((Mentor.capacity > active, Mentor.capacity - active), else_=0)
    mentor_rows = fetch(
        engine,
        select(
            Mentor.site_id,
            func.count(),
            func.sum(Mentor.capacity),
            func.sum(active),
            func.sum(room),
            func.sum(case((room > 0, 1), else_=0)),
        )
        .outerjoin(caseload, caseload.c.mentor_id == Mentor.id)
        .where(
            filters.site_clause(Mentor.site_id),
            filters.mentor_clause(Mentor.id),
            open_on(Mentor.start_date, Mentor.end_date, end),
            Mentor.status != "on_leave",
            Mentor.status != "inactive",
        )
        .group_by(Mentor.site_id),
    )
    wait_rows = fetch(engine, waiting_by_site(filters, end))
    mentors = {int(r[0]): [int(v or 0) for v in r[1:]] for r in mentor_rows}
    waits = {int(s): (int(n), as_date(first)) for s, n, first in wait_rows}
    sites = fetch(
        engine,
        select(Site.id, Site.name).where(filters.site_clause(Site.id)).order_by(Site.name),
    )
    rows = []
    for site_id, name in sites:
        available, places, in_matches, free, with_room = mentors.get(int(site_id), [0] * 5)
        waiting, first = waits.get(int(site_id), (0, None))
        longest = (end - first).days if first is not None else None
        rows.append(
            (site_id, name, available, places, in_matches, free, with_room, waiting, longest)
        )
    df = hide_small_counts(
        typed_frame(rows, PLACES_COLUMNS), filters, ["active_mentees", "waiting"]
    )
    df.loc[df["waiting"].isna(), "longest_wait_days"] = pd.NA
    return df
