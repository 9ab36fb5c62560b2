"""The follow-up schedule: which assessments were due, which were done on time, which are
overdue (the attention list reuses ``assessments_due``).

The schedule (a setting, ``FollowUpSchedule``): a baseline within ``baseline_days`` of
intake; a follow-up every ``interval_months`` after intake, done within ``window_days``
either side of its due date; and one at exit (within ``window_days`` of the exit date).
A follow-up that falls due in the last ``window_days`` before exit is replaced by the exit
assessment. Any instrument's assessment counts unless one instrument is named.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, String, cast, func, null, select

from data.filters import Filters
from data.labels import ASSESSMENT_KIND_LABELS
from data.queries.outcomes._intake import intake_day
from data.queries.outcomes._schedule import (
    DuePoint,
    FollowUpSchedule,
    due_points,
    points_owed_now,
)
from data.queries.outcomes.intervals import DEFAULT_MIN_GROUP, effective_min_group
from data.queries.plumbing.clauses import mentee_of_chosen_mentors
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import (
    BOOL,
    DATE,
    FLOAT,
    INT,
    INT_OR_NONE,
    TEXT,
    as_date,
    typed_frame,
)
from data.queries.plumbing.months import add_months
from data.queries.plumbing.sql import fetch
from data.schema import Assessment, Instrument, Mentee, Site

DUE_COLUMNS = {
    "mentee_id": INT,
    "mentee_code": TEXT,
    "mentee_name": TEXT,
    "site": TEXT,
    "kind": TEXT,
    "due_date": DATE,
    "window_closes": DATE,
    "status": TEXT,
    "days_overdue": INT,
}
COMPLETENESS_COLUMNS = {
    "kind": TEXT,
    "due": INT_OR_NONE,
    "on_time": INT_OR_NONE,
    "late": INT_OR_NONE,
    "missing": INT_OR_NONE,
    "share_on_time": FLOAT,
    "shown": BOOL,
}


def _any_between(days: list[str], low: dt.date, high: dt.date) -> bool:
    """True when sorted ISO ``days`` hold a day from ``low`` to ``high`` (inclusive)."""
    index = bisect.bisect_left(days, low.isoformat())
    return index < len(days) and days[index] <= high.isoformat()


def _status(point: DuePoint, days: list[str], until: dt.date, late_by: dt.date) -> str:
    """'on_time', 'late' (done after the window, before ``late_by``), 'missing' or 'due'.

    ``days`` are the mentee's assessment days as sorted ISO text (YYYY-MM-DD sorts as the
    dates do), none after ``until``.
    """
    if _any_between(days, point.opens, min(point.closes, until)):
        return "on_time"
    if point.closes >= until:
        return "due" if point.opens <= until else "upcoming"
    if _any_between(days, point.closes + dt.timedelta(days=1), late_by - dt.timedelta(days=1)):
        return "late"
    return "missing"


def _earliest_day_needed(filters: Filters, schedule: FollowUpSchedule) -> dt.date:
    """The earliest assessment day that can decide a due point looked at for this period.

    Completeness looks at windows closing from the period's start; the due list at the latest
    point owed on its end (at most one interval back). Each window opens at most
    ``window_days`` (or ``baseline_days``) before it closes by that much again.
    """
    reach = max(schedule.window_days, schedule.baseline_days, 0) * 2 + 31
    back = add_months(filters.end, -max(1, schedule.interval_months) - 1)
    return min(filters.start, back) - dt.timedelta(days=reach)


def _schedule_rows(
    engine: Engine,
    filters: Filters,
    instrument_code: str | None,
    with_identity: bool,
    schedule: FollowUpSchedule,
    latest_only: bool = False,
    exited_from: dt.date | None = None,
) -> list[tuple]:
    """Mentees in scope taken in by the end and not exited before ``exited_from`` (default:
    the period's start): (id, code, name, site, intake, exit, days).

    One round trip: each mentee with their assessment days in the reach of the period joined
    into one text (tens of thousands of days travel as a few thousand rows). With
    ``latest_only``, ``days`` is the latest of those days (a date, or None) instead.
    """
    intake = intake_day()
    identity = [Mentee.code, Mentee.display_name] if with_identity else [null(), null()]
    # Each mentee's days through a correlated subquery on (mentee, instrument, day): a few
    # index entries per mentee in the list, where grouping every assessment of the reach by
    # mentee read 100,000 rows at the large scale (twice the time).
    collect: Any = (
        func.max(Assessment.assessed_on)
        if latest_only
        else func.aggregate_strings(cast(Assessment.assessed_on, String), ",")
    )
    days = select(collect).where(
        Assessment.mentee_id == Mentee.id,
        filters.site_clause(Assessment.site_id),
        Assessment.assessed_on.between(_earliest_day_needed(filters, schedule), filters.end),
    )
    if instrument_code:
        days = days.where(
            Assessment.instrument_id.in_(
                select(Instrument.id).where(Instrument.code == instrument_code)
            )
        )
    mentees = fetch(
        engine,
        select(Mentee.id, *identity, Site.name, intake, Mentee.exit_date, days.scalar_subquery())
        .join(Site, Site.id == Mentee.site_id)
        .where(
            filters.site_clause(Mentee.site_id),
            mentee_of_chosen_mentors(filters, Mentee.id),
            intake <= filters.end,
            (Mentee.exit_date.is_(None)) | (Mentee.exit_date >= (exited_from or filters.start)),
        ),
    )
    read_days = as_date if latest_only else _days
    return [
        (int(m), code, name, site, as_date(i), as_date(e), read_days(found))
        for m, code, name, site, i, e, found in mentees
        if i is not None
    ]


def _days(joined: str | None) -> list[str]:
    """Sorted ISO days (YYYY-MM-DD) from the database's comma-joined dates (None: no days).

    Left as text: only a day or two of each mentee's is ever compared, and parsing every
    day of 8,000 mentees into dates cost a fifth of the schedule's time at the large scale.
    """
    if not joined:
        return []
    return sorted({day[:10] for day in joined.split(",")})


def _late_by(points: list[DuePoint], index: int) -> dt.date:
    """A late assessment still counts until the next one opens (or forever for the last)."""
    if index + 1 < len(points):
        return points[index + 1].opens
    return dt.date.max


@one_connection
def assessments_due(
    engine: Engine,
    filters: Filters,
    schedule: FollowUpSchedule | None = None,
    instrument_code: str | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """Assessments due now or overdue on ``filters.end``, per mentee, most overdue first.

    Status 'due': the window is open and nothing is recorded yet; 'overdue': the window closed
    without an assessment, and none was done late since. Only mentees not yet exited, or who
    exited in the period (their exit assessment). Columns: mentee_id, mentee_code,
    mentee_name (None unless the scope sees identities), site, kind ('baseline', 'follow_up',
    'exit'), due_date, window_closes, status ('due' or 'overdue'), days_overdue (days since
    the window closed; 0 when due). At most ``limit`` rows; none for a scope that may not
    see identities.
    """
    schedule = schedule or FollowUpSchedule()
    until = filters.end
    rows: list[tuple] = []
    if not filters.scope.see_identities:
        # A list of people is identifying even without names: a de-identified scope gets none.
        return typed_frame(rows, DUE_COLUMNS)
    for mentee_id, code, name, site, intake, exit_date, latest in _schedule_rows(
        engine, filters, instrument_code, filters.scope.see_identities, schedule, True
    ):
        # A point owed now is listed unless an assessment was done since its window opened
        # (on time, or late: either settles it). Assessment days never pass ``until``.
        for point in points_owed_now(intake, exit_date, until, schedule):
            if latest is not None and latest >= point.opens:
                continue
            overdue = point.closes < until
            rows.append(
                (
                    mentee_id,
                    code,
                    name,
                    site,
                    point.kind,
                    point.due,
                    point.closes,
                    "overdue" if overdue else "due",
                    (until - point.closes).days if overdue else 0,
                )
            )
    rows.sort(key=lambda r: (-r[8], r[5], r[0]))
    return typed_frame(rows[: max(0, int(limit))], DUE_COLUMNS)


@one_connection
def follow_up_completeness(
    engine: Engine,
    filters: Filters,
    schedule: FollowUpSchedule | None = None,
    instrument_code: str | None = None,
    min_group: int = DEFAULT_MIN_GROUP,
) -> pd.DataFrame:
    """Of the assessments whose window closed during the period, how many were done on time.

    One row per kind (Baseline, Follow-up, Exit) and 'All'. Columns: kind, due (windows that
    closed in the period), on_time (done within the window), late (done after it, before the
    next one opened), missing, share_on_time (on_time / due; NaN when not shown), shown
    (False when fewer than ``min_group`` were due). Counts below the scope's small-cell
    minimum are <NA>.
    """
    schedule = schedule or FollowUpSchedule()
    until = filters.end
    tally = {kind: {"on_time": 0, "late": 0, "missing": 0} for kind in ASSESSMENT_KIND_LABELS}
    # A mentee who left up to ``reach`` days before the period still has a window closing in
    # it (the exit assessment's, or a late baseline's).
    reach = dt.timedelta(days=max(schedule.window_days, schedule.baseline_days, 0))
    for *_, intake, exit_date, days in _schedule_rows(
        engine, filters, instrument_code, False, schedule, exited_from=filters.start - reach
    ):
        points = due_points(intake, exit_date, until, schedule)
        for index, point in enumerate(points):
            if not filters.start <= point.closes < until:
                continue
            status = _status(point, days, until, _late_by(points, index))
            if status in tally[point.kind]:
                tally[point.kind][status] += 1
    threshold = effective_min_group(filters, min_group)
    rows = []
    kinds = [*ASSESSMENT_KIND_LABELS.items(), ("all", "All")]
    for kind, label in kinds:
        if kind == "all":
            counts = {
                s: sum(tally[k][s] for k in ASSESSMENT_KIND_LABELS)
                for s in ("on_time", "late", "missing")
            }
        else:
            counts = tally[kind]
        due = sum(counts.values())
        shown = due >= threshold
        share = counts["on_time"] / due if shown else float("nan")
        rows.append(
            (label, due, counts["on_time"], counts["late"], counts["missing"], share, shown)
        )
    df = typed_frame(rows, COMPLETENESS_COLUMNS)
    df = hide_small_counts(
        df,
        filters,
        ["due", "on_time", "late", "missing"],
        shares={"share_on_time": ("on_time", "due")},
    )
    df["share_on_time"] = df["share_on_time"].where(df["shown"])
    return df
