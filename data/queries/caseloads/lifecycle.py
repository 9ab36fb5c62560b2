"""Matches over their lifetime: started and closed per month, why they closed, how many lasted
3, 6 and 12 months, and how long the closed ones lasted."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, case, func, null, select

from data.filters import Filters
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import DATE, FLOAT, INT, TEXT, as_date, typed_frame
from data.queries.plumbing.months import add_months, date_of_year_month, months_in, year_month_of
from data.queries.plumbing.sql import fetch
from data.schema import Match

MATCHES_COLUMNS = {"month": DATE, "started": INT, "closed": INT}
CLOSURE_COLUMNS = {"reason": TEXT, "closed": INT}
RETENTION_COLUMNS = {"months": INT, "eligible": INT, "lasted": INT, "share": FLOAT}
LENGTH_COLUMNS = {
    "started": INT,
    "closed": INT,
    "still_open": INT,
    "median_closed_days": FLOAT,
}
RETENTION_MONTHS = (3, 6, 12)
NOT_RECORDED = "not recorded"
GOOD_ENDING = "goals met"


@one_connection
def matches_by_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Matches started and closed in each month the period touches (zeros included).

    Columns: month (first day, date), started, closed (counts of matches; below the scope's
    small-count threshold <NA>).
    """
    start, end = filters.start, filters.end
    counts: dict[dt.date, list[int]] = {m: [0, 0] for m in months_in(start, end)}
    for position, column in enumerate((Match.start_date, Match.end_date)):
        ym = year_month_of(column)
        statement = (
            select(ym, func.count())
            .where(
                filters.site_clause(Match.site_id),
                filters.mentor_clause(Match.mentor_id),
                column.between(start, end),
            )
            .group_by(ym)
        )
        for value, n in fetch(engine, statement):
            counts[date_of_year_month(value)][position] = int(n)
    rows = [(m, s, c) for m, (s, c) in counts.items()]
    return hide_small_counts(typed_frame(rows, MATCHES_COLUMNS), filters, ["started", "closed"])


@one_connection
def match_closures_by_reason(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Matches closed in the period, by closure reason.

    Columns: reason (NOT_RECORDED when none was given), closed (matches). "goals met" comes
    first (strengths first), then the other reasons by count, most first. Small counts hidden
    per scope.
    """
    reason = func.coalesce(Match.closure_reason, NOT_RECORDED)
    rows = fetch(
        engine,
        select(reason, func.count())
        .where(
            filters.site_clause(Match.site_id),
            filters.mentor_clause(Match.mentor_id),
            Match.end_date.between(filters.start, filters.end),
        )
        .group_by(reason),
    )
    rows.sort(key=lambda r: (r[0] != GOOD_ENDING, -int(r[1]), str(r[0])))
    return hide_small_counts(typed_frame(rows, CLOSURE_COLUMNS), filters, ["closed"])


def _started_matches(engine: Engine, filters: Filters) -> list[tuple[dt.date, dt.date | None, int]]:
    """(start, end as seen on filters.end, matches) for matches started in the period."""
    seen_end = case((Match.end_date <= filters.end, Match.end_date), else_=null())
    rows = fetch(
        engine,
        select(Match.start_date, seen_end, func.count())
        .where(
            filters.site_clause(Match.site_id),
            filters.mentor_clause(Match.mentor_id),
            Match.start_date.between(filters.start, filters.end),
        )
        .group_by(Match.start_date, seen_end),
    )
    return [(as_date(s), as_date(e), int(n)) for s, e, n in rows]  # type: ignore[misc]


@one_connection
def match_retention(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Of matches started in the period, the share lasting at least 3, 6 and 12 months.

    A match counts for a threshold once that many months have passed since it started by
    ``filters.end`` (eligible); it lasted if it was still open then or closed later. One row
    per threshold with any eligible match (none: no row). Columns: months, eligible, lasted,
    share (lasted / eligible). Small counts hidden per scope (and their share with them).
    """
    matches = _started_matches(engine, filters)
    rows = []
    for months in RETENTION_MONTHS:
        eligible = lasted = 0
        for start, end, n in matches:
            mark = add_months(start, months)
            if mark > filters.end:
                continue
            eligible += n
            if end is None or end >= mark:
                lasted += n
        if eligible:
            rows.append((months, eligible, lasted, lasted / eligible))
    return hide_small_counts(
        typed_frame(rows, RETENTION_COLUMNS),
        filters,
        ["eligible", "lasted"],
        shares={"share": ("lasted", "eligible")},
    )


@one_connection
def match_length(engine: Engine, filters: Filters) -> pd.DataFrame:
    """How long matches started in the period lasted: one row.

    Columns: started, closed (by ``filters.end``), still_open, median_closed_days (median
    length in days of the closed ones; NaN when none closed). Small counts hidden per scope
    (and the median with them).
    """
    matches = _started_matches(engine, filters)
    days = pd.Series(
        [(end - start).days for start, end, n in matches if end is not None for _ in range(n)],
        dtype="float64",
    )
    started = sum(n for *_, n in matches)
    closed = int(days.size)
    median = float(days.median()) if closed else float("nan")
    df = hide_small_counts(
        typed_frame([(started, closed, started - closed, median)], LENGTH_COLUMNS),
        filters,
        ["started", "closed", "still_open"],
    )
    if df["closed"].isna().any():
        df["median_closed_days"] = float("nan")
    return df
