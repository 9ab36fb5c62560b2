"""Mentors' items: over capacity, left or on leave with a match still open, and may need support
(crisis and after-hours contacts rising against their own past)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from data.filters import Filters
from data.queries.attention._item import Row, day_text, item_kind, plural, records_in_scope
from data.queries.attention.kinds import CRISIS_RISE, MENTOR_AWAY, OVER_CAPACITY
from data.queries.caseloads.needs import LEFT, mentees_needing_new_mentor
from data.queries.plumbing.clauses import caseload_on_end_date, open_on
from data.queries.plumbing.frames import as_date
from data.queries.plumbing.months import month_start, year_month
from data.queries.plumbing.sql import fetch
from data.queries.workload.crisis import crisis_rise_by_mentor
from data.schema import Match, Mentor, Site


@item_kind
def over_capacity_items(engine: Engine, filters: Filters) -> list[Row]:
    """Mentors in post with more mentees in open matches than their capacity; ``since`` is the
    start of their newest open match."""
    day = filters.end
    newest = (
        select(Match.mentor_id, func.max(Match.start_date).label("newest"))
        .where(filters.site_clause(Match.site_id), open_on(Match.start_date, Match.end_date, day))
        .group_by(Match.mentor_id)
        .subquery("newest")
    )
    caseload = caseload_on_end_date(filters)
    statement = (
        select(
            Mentor.id,
            Mentor.site_id,
            Site.name,
            Mentor.display_name,
            Mentor.capacity,
            caseload.c.n,
            newest.c.newest,
        )
        .join(Site, Site.id == Mentor.site_id)
        .join(caseload, caseload.c.mentor_id == Mentor.id)
        .join(newest, newest.c.mentor_id == Mentor.id)
        .where(
            filters.site_clause(Mentor.site_id),
            Mentor.status == "active",
            open_on(Mentor.start_date, Mentor.end_date, day),
            caseload.c.n > Mentor.capacity,
        )
        .order_by(Site.name, Mentor.display_name, Mentor.id)
    )
    rows = []
    for mentor_id, site_id, site, mentor, capacity, n, started in fetch(engine, statement):
        started = as_date(started)
        rows.append(
            (OVER_CAPACITY, f"mentor:{mentor_id}", site_id, site, mentor_id, mentor, None, None,
             None, started, (day - started).days,
             f"{plural(int(n), 'mentee')} for a capacity of {int(capacity)}",
             f"caseload:{int(n)}:capacity:{int(capacity)}")
        )  # fmt: skip
    return rows


@item_kind
def mentor_away_items(engine: Engine, filters: Filters) -> list[Row]:
    """Mentees whose match is still open while their mentor has left or is on leave (the
    Caseloads page's ``mentees_needing_new_mentor``); ``since`` is when the mentor left."""
    day, rows = filters.end, []
    away = mentees_needing_new_mentor(engine, filters)
    for site_id, r in records_in_scope(engine, filters, away):
        left_on = as_date(r["mentor_left_on"])
        if r["mentor_status"] == LEFT:
            detail = "their mentor has left" + (f" ({day_text(left_on)})" if left_on else "")
            why = "left"
        else:
            detail, why = "their mentor is on leave", "on_leave"
        mentee_id = r["mentee_id"] if filters.scope.see_identities else None
        rows.append(
            (MENTOR_AWAY, f"mentee:{r['mentee_id']}", site_id, r["site"],
             int(r["mentor_id"]), r["mentor"], mentee_id, r["mentee_code"], r["mentee_name"],
             left_on, (day - left_on).days if left_on else None,
             detail + " and the match is still open",
             f"{why}:{r['mentor_id']}:{left_on or ''}")
        )  # fmt: skip
    return sorted(rows, key=lambda r: (r[3], r[5] or "", r[1]))


@item_kind
def crisis_rise_items(engine: Engine, filters: Filters) -> list[Row]:
    """Mentors whose crisis calls and after-hours contacts this month (to the day) rose
    against their own average over the previous three months, by the Workload page's rule
    (``crisis_rise_by_mentor``): they may need support. A mentor is compared only with their
    own past; nothing is marked for a scope that hides small counts."""
    day, this_month, rows = filters.end, month_start(filters.end), []
    rise = crisis_rise_by_mentor(engine, filters)
    for site_id, r in records_in_scope(engine, filters, rise):
        now, before = int(r["crisis_or_after_hours"]), float(r["previous_average"])
        rows.append(
            (CRISIS_RISE, f"mentor:{r['mentor_id']}", site_id, r["site"],
             int(r["mentor_id"]), r["mentor"], None, None, None, this_month,
             (day - this_month).days,
             f"may need support: {plural(now, 'crisis or after-hours contact')} so far in "
             f"{this_month:%B}, against {before:.1f} a month over the three months before",
             f"month:{year_month(this_month)}")
        )  # fmt: skip
    return sorted(rows, key=lambda r: (r[3], r[5] or "", r[1]))
