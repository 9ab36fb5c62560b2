"""Running totals per mentor and type of support through the end of each month, recomputed
from the monthly summary (any range of whole months is then two rows per mentor and type)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Connection,
    and_,
    delete,
    func,
    insert,
    literal,
    select,
    true,
    union,
    union_all,
)

from data.queries.plumbing.months import date_of_year_month, months_in, year_month
from data.schema import RUNNING_COLUMNS, ContactSummaryMentorMonth, ContactSummaryMentorRunning


def refresh_mentor_running(conn: Connection, first_month: int | None) -> None:
    """Recompute the running totals from ``first_month`` (yyyymm; ``None``: every month) up to
    the newest month in the monthly summary, from ``contact_summary_mentor_month``.

    Each (site, mentor, type) row at month M is its total at the month before ``first_month``
    plus a running sum of its monthly rows from ``first_month`` to M, over a gapless calendar,
    so the rows stay dense; rows whose total is still zero are not kept (a missing row means
    zero). One INSERT ... SELECT with a window sum, in the caller's transaction.
    """
    mm, run = ContactSummaryMentorMonth, ContactSummaryMentorRunning
    newest = conn.execute(select(func.max(mm.year_month))).scalar()
    oldest = conn.execute(select(func.min(mm.year_month))).scalar()
    if first_month is None or (oldest is not None and first_month < oldest):
        first_month = oldest
    if first_month is None:  # no contact at all
        conn.execute(delete(run))
        return
    conn.execute(delete(run).where(run.year_month >= first_month))
    if newest is None or first_month > newest:
        return
    months = [
        year_month(m)
        for m in months_in(date_of_year_month(first_month), date_of_year_month(newest))
    ]
    before = year_month(date_of_year_month(first_month) - dt.timedelta(days=1))
    calendar = union_all(*(select(literal(m).label("ym")) for m in months)).subquery("calendar")
    key_columns = (run.site_id, run.mentor_id, run.contact_type)
    keys = union(
        select(*key_columns).where(run.year_month == before),
        select(mm.site_id, mm.mentor_id, mm.contact_type).where(mm.year_month >= first_month),
    ).subquery("running_keys")
    base = (
        select(*key_columns, run.contacts, run.minutes, run.after_hours)
        .where(run.year_month == before)
        .subquery("running_base")
    )
    same_key = lambda t: and_(  # noqa: E731
        t.c.site_id == keys.c.site_id,
        t.c.mentor_id == keys.c.mentor_id,
        t.c.contact_type == keys.c.contact_type,
    )
    monthly = select(
        mm.site_id, mm.mentor_id, mm.contact_type, mm.year_month,
        mm.contacts, mm.minutes, mm.after_hours,
    ).where(mm.year_month >= first_month).subquery("monthly")  # fmt: skip
    window = {
        "partition_by": [keys.c.site_id, keys.c.mentor_id, keys.c.contact_type],
        "order_by": calendar.c.ym,
    }

    def running(name: str):  # type: ignore[no-untyped-def]
        return func.coalesce(getattr(base.c, name), 0) + func.sum(
            func.coalesce(getattr(monthly.c, name), 0)
        ).over(**window)

    grid = (
        select(
            calendar.c.ym.label("year_month"),
            keys.c.site_id,
            keys.c.mentor_id,
            keys.c.contact_type,
            running("contacts").label("contacts"),
            running("minutes").label("minutes"),
            running("after_hours").label("after_hours"),
        )
        .select_from(keys.join(calendar, true()))
        .outerjoin(base, same_key(base))
        .outerjoin(monthly, and_(same_key(monthly), monthly.c.year_month == calendar.c.ym))
        .subquery("grid")
    )
    conn.execute(
        insert(run).from_select(list(RUNNING_COLUMNS), select(grid).where(grid.c.contacts > 0))
    )
