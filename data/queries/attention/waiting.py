"""The waiting list's items: mentees waiting too long, and free places while someone waits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select

from data.filters import Filters
from data.queries.attention._item import Row, day_text, item_kind, plural
from data.queries.attention.kinds import FREE_PLACE, WAITING
from data.queries.plumbing.clauses import (
    caseload_on_end_date,
    mentee_identity,
    open_on,
    waiting_by_site,
    waiting_clause,
    waiting_since,
    waiting_site_id,
)
from data.queries.plumbing.frames import as_date
from data.queries.plumbing.sql import fetch
from data.schema import Mentee, Mentor, Site


@item_kind
def waiting_items(engine: Engine, filters: Filters, waiting_days: int = 30) -> list[Row]:
    """Mentees waiting for a mentor for more than ``waiting_days`` days (since their referral
    or the end of their last match). The mentor choice does not apply: nobody mentors them."""
    day = filters.end
    since = waiting_since(day)
    statement = (
        select(Mentee.id, Mentee.site_id, Site.name, *mentee_identity(filters), since)
        .join(Site, Site.id == waiting_site_id())
        .where(
            waiting_clause(filters, day),
            since < day - dt.timedelta(days=max(0, int(waiting_days))),
        )
        .order_by(Site.name, since, Mentee.id)
    )
    rows = []
    for mentee_id, site_id, site, code, name, started in fetch(engine, statement):
        started = as_date(started)
        days = (day - started).days
        rows.append(
            (WAITING, f"mentee:{mentee_id}", site_id, site, None, None,
             mentee_id if filters.scope.see_identities else None, code, name, started, days,
             f"waiting for a mentor for {days} days (since {day_text(started)})",
             f"since:{started}")
        )  # fmt: skip
    return rows


@item_kind
def free_place_items(engine: Engine, filters: Filters) -> list[Row]:
    """Sites where someone waits for a mentor while an active mentor there has a free place
    (caseload below capacity). One item per site; ``since`` is the longest wait's start."""
    day = filters.end
    waiting = fetch(engine, waiting_by_site(filters, day))
    if not waiting:
        return []
    caseload = caseload_on_end_date(filters)
    active = func.coalesce(caseload.c.n, 0)
    free = fetch(
        engine,
        select(Mentor.site_id, Site.name, Mentor.display_name, Mentor.capacity - active)
        .join(Site, Site.id == Mentor.site_id)
        .outerjoin(caseload, caseload.c.mentor_id == Mentor.id)
        .where(
            filters.site_clause(Mentor.site_id),
            filters.mentor_clause(Mentor.id),
            Mentor.status == "active",
            open_on(Mentor.start_date, Mentor.end_date, day),
            Mentor.capacity > active,
        )
        .order_by(Site.name, Mentor.display_name, Mentor.id),
    )
    places: dict[int, tuple[str, list[tuple[str, int]]]] = {}
    for site_id, site, mentor, spare in free:
        places.setdefault(site_id, (site, []))[1].append((mentor, int(spare)))
    threshold = filters.scope.small_cell_min
    rows = []
    for site_id, n_waiting, longest in sorted(waiting, key=lambda w: w[0]):
        if site_id not in places:
            continue
        site, mentors = places[site_id]
        free_total = sum(spare for _, spare in mentors)
        n = int(n_waiting)
        who = f"fewer than {threshold}" if 0 < n < threshold else str(n)
        waits = f"{who} {'mentee' if n == 1 else 'mentees'} waiting"
        names = ", ".join(f"{mentor} {spare}" for mentor, spare in mentors)
        started = as_date(longest)
        rows.append(
            (FREE_PLACE, f"site:{site_id}", site_id, site, None, None, None, None, None,
             started, (day - started).days,
             f"{waits} while {plural(free_total, 'place is', 'places are')} free ({names})",
             f"waiting:{n}:free:{free_total}")
        )  # fmt: skip
    return sorted(rows, key=lambda r: (r[3], r[2]))
