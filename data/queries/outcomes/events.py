"""Events (crisis episodes, hospital admissions, relapses) per 100 active mentees per month.

A mentee is *active* in a month when one of their matches (at the scope's sites, with the
chosen mentors) is open on any day of it. The rate is events of active mentees that month /
active mentees that month x 100: numerator and denominator count the same people, so an event
of a mentee still waiting for a mentor, or one who has left, is not counted. A month with
fewer active mentees than ``min_group`` is not given a rate (too few people for a rate to
mean anything).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd
from sqlalchemy import ColumnElement, Engine, exists, func, or_, select

from data.filters import Filters
from data.queries.outcomes.intervals import DEFAULT_MIN_GROUP, effective_min_group
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts, rounding_base, share_of
from data.queries.plumbing.frames import BOOL, DATE, FLOAT, INT_OR_NONE, TEXT, as_date, typed_frame
from data.queries.plumbing.months import date_of_year_month, months_in, year_month_of
from data.queries.plumbing.sql import fetch
from data.schema import EVENT_KINDS, Match, MenteeEvent

EVENT_COLUMNS = {
    "month": DATE,
    "kind": TEXT,
    "events": INT_OR_NONE,
    "active_mentees": INT_OR_NONE,
    "per_100_active": FLOAT,
    "shown": BOOL,
}


@one_connection
def active_mentees_by_month(engine: Engine, filters: Filters) -> dict[dt.date, int]:
    """Distinct mentees with an open match on any day of each month of the period.

    Each match covers a run of the period's months; a mentee's runs are merged, then counted
    once per month through a difference array (no set per month: tens of thousands of
    matches at the large scale).
    """
    months = months_in(filters.start, filters.end)
    first = months[0]
    last_index = len(months) - 1

    def index(day: dt.date) -> int:
        return (day.year - first.year) * 12 + day.month - first.month

    runs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for mentee_id, start, end in fetch(
        engine,
        select(Match.mentee_id, Match.start_date, Match.end_date).where(
            filters.site_clause(Match.site_id),
            filters.mentor_clause(Match.mentor_id),
            Match.start_date <= filters.end,
            (Match.end_date.is_(None)) | (Match.end_date >= filters.start),
        ),
    ):
        ended = as_date(end)
        low = max(0, index(as_date(start)))  # type: ignore[arg-type]
        high = last_index if ended is None else min(last_index, index(ended))
        if low <= high:
            runs[int(mentee_id)].append((low, high))
    change = [0] * (len(months) + 1)
    for mentee_runs in runs.values():
        mentee_runs.sort()
        low, high = mentee_runs[0]
        for next_low, next_high in mentee_runs[1:]:
            if next_low <= high + 1:
                high = max(high, next_high)
                continue
            change[low] += 1
            change[high + 1] -= 1
            low, high = next_low, next_high
        change[low] += 1
        change[high + 1] -= 1
    counts, running = {}, 0
    for position, month in enumerate(months):
        running += change[position]
        counts[month] = running
    return counts


def _active_in_month_of_event(filters: Filters) -> ColumnElement[bool]:
    """True for an event whose mentee had a match open on some day of the event's month, at
    the scope's sites and with the chosen mentors: ``active_mentees_by_month``'s definition,
    compared as yyyymm months in the database (a match from the 20th of one month to the 3rd
    of the next is open in both)."""
    event_month = year_month_of(MenteeEvent.event_date)
    return exists().where(
        Match.mentee_id == MenteeEvent.mentee_id,
        filters.site_clause(Match.site_id),
        filters.mentor_clause(Match.mentor_id),
        year_month_of(Match.start_date) <= event_month,
        or_(Match.end_date.is_(None), year_month_of(Match.end_date) >= event_month),
    )


@one_connection
def event_rates(
    engine: Engine, filters: Filters, min_group: int = DEFAULT_MIN_GROUP
) -> pd.DataFrame:
    """Events of each kind per 100 active mentees, per month of the period.

    Columns: month (first day), kind (crisis_episode, hospital_admission, relapse),
    events (count of events of mentees active that month; events of mentees waiting for a
    mentor or gone are left out, as they are from the denominator), active_mentees,
    per_100_active (NaN when not shown), shown (False when fewer than ``min_group`` mentees
    were active, or the scope hides the count). Every month and kind appear. Counts below
    the scope's small-cell minimum are <NA>.
    """
    ym = year_month_of(MenteeEvent.event_date)
    counts: dict[tuple[dt.date, str], int] = defaultdict(int)
    for bucket, kind, n in fetch(
        engine,
        select(ym, MenteeEvent.kind, func.count())
        .where(
            filters.site_clause(MenteeEvent.site_id),
            MenteeEvent.event_date.between(filters.start, filters.end),
            _active_in_month_of_event(filters),
        )
        .group_by(ym, MenteeEvent.kind),
    ):
        counts[(date_of_year_month(bucket), str(kind))] = int(n)
    active = active_mentees_by_month(engine, filters)
    threshold = effective_min_group(filters, min_group)
    rows = []
    for month, people in active.items():
        for kind in EVENT_KINDS:
            events = counts.get((month, kind), 0)
            hidden = 0 < events < filters.scope.small_cell_min
            shown = people >= threshold and not hidden
            rate = 100.0 * events / people if shown else float("nan")
            rows.append((month, kind, events, people, rate, shown))
    df = hide_small_counts(typed_frame(rows, EVENT_COLUMNS), filters, ["events", "active_mentees"])
    if rounding_base(filters):
        # The rate follows the rounded counts: a rate of exact ones times a shown n gives them back.
        df["per_100_active"] = (100.0 * share_of(df["events"], df["active_mentees"])).where(
            df["shown"]
        )
    return df
