"""The mentors a per-mentor grid has a row for, and their name columns repeated per period."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Select, and_, exists, or_, select

from data.filters import Filters
from data.queries.plumbing.grid import repeated
from data.schema import Contact, Mentor, Site

# Who each row of a per-mentor frame is: mentor_id, mentor, site, capacity (join Site on the
# mentor's site).
MENTOR_COLUMNS = (Mentor.id, Mentor.display_name, Site.name, Mentor.capacity)


def roster_statement(filters: Filters) -> Select:
    """Rows (mentor_id, mentor, site, capacity, start_date, end_date) of the mentors in scope
    and chosen who were in post at some time in the period, or had any contact in it (a
    mentor who left mid-period keeps their weeks before leaving); by site, then mentor."""
    start, end = filters.start, filters.end
    had_contact = exists().where(
        Contact.mentor_id == Mentor.id, Contact.contact_date.between(start, end)
    )
    return (
        select(*MENTOR_COLUMNS, Mentor.start_date, Mentor.end_date)
        .join(Site, Site.id == Mentor.site_id)
        .where(
            filters.site_clause(Mentor.site_id),
            filters.mentor_clause(Mentor.id),
            or_(
                and_(
                    Mentor.start_date <= end,
                    or_(Mentor.end_date.is_(None), Mentor.end_date >= start),
                ),
                had_contact,
            ),
        )
        .order_by(Site.name, Mentor.display_name, Mentor.id)
    )


def roster_columns(rows: list[Any], periods: int) -> dict[str, Any]:
    """mentor_id, mentor and site of each roster row repeated for each of ``periods``, typed
    as ``typed_frame`` types them (int64; text as object)."""
    return {
        "mentor_id": repeated([int(r[0]) for r in rows], periods).astype("int64"),
        "mentor": pd.Series(repeated([str(r[1]) for r in rows], periods), dtype=object),
        "site": pd.Series(repeated([str(r[2]) for r in rows], periods), dtype=object),
    }
