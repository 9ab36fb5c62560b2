"""Crisis calls and after-hours contacts, each month against the same mentor's own past.

A mentor's crisis and after-hours contacts in a month are marked as a rise against their own
previous three months when there are at least RISE_MIN of them and at least RISE_FACTOR times
their own average (a zero average counts as a rise from RISE_MIN on): a possible sign of
strain, never a comparison with other mentors. ``data.queries.program`` applies the same rule
to each site against itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from data.filters import Filters
from data.queries.contact_facts.months import mentor_month_facts
from data.queries.contact_facts.split import summarised_split
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import BOOL, DATE, FLOAT, INT, TEXT
from data.queries.plumbing.grid import grid_sums, tiled
from data.queries.plumbing.months import add_months, month_start, months_in, year_month
from data.queries.plumbing.sql import fetch
from data.queries.workload._mentor_months import contact_months
from data.queries.workload._roster import roster_columns, roster_statement

RISE_MIN = 3
RISE_FACTOR = 1.5
RISE_LOOKBACK_MONTHS = 3

CRISIS_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "site": TEXT,
    "month": DATE,
    "crisis_or_after_hours": INT,
    "previous_average": FLOAT,
    "rise": BOOL,
}


def is_rise(count: Any, previous_average: Any) -> Any:
    """True when ``count`` this month is a marked rise against the mentor's own average
    (numbers, or NumPy arrays element by element)."""
    return (count >= RISE_MIN) & (count >= RISE_FACTOR * previous_average)


def lookback_start(start: dt.date) -> dt.date:
    """The first day of the month RISE_LOOKBACK_MONTHS months before ``start``'s: where the
    counts a period's first month is compared with begin."""
    return add_months(month_start(start), -RISE_LOOKBACK_MONTHS)


def against_own_past(series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(count, previous_average) of every row and month after the look-back, row-major.

    ``series`` holds a count per row (a mentor, a site) and month, the first
    RISE_LOOKBACK_MONTHS months being the look-back; each later month is compared with the
    average of the RISE_LOOKBACK_MONTHS months before it, from running sums.
    """
    sums = np.concatenate([np.zeros((len(series), 1)), np.cumsum(series, axis=1)], axis=1)
    lb = RISE_LOOKBACK_MONTHS
    positions = np.arange(lb, series.shape[1])
    count = series[:, positions].ravel()
    average = ((sums[:, positions] - sums[:, positions - lb]) / lb).ravel()
    return count, average


@one_connection
def crisis_by_mentor_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Crisis calls and other after-hours contacts of each mentor per month, with a rise mark.

    Each month's count is compared with the same mentor's average over their previous
    RISE_LOOKBACK_MONTHS whole months (read from before the period when needed); ``rise`` is
    ``is_rise(count, previous_average)``: a possible sign of strain, never a comparison with
    other mentors. One row per roster mentor and month, zeros included. Columns: mentor_id,
    mentor, site, month, crisis_or_after_hours, previous_average, rise. For a scope that hides
    small counts, counts below its threshold are <NA> and nothing is marked (a shared screen
    shows no one's strain).
    """
    start, end = filters.start, filters.end
    lookback = lookback_start(start)
    facts = mentor_month_facts(filters, summarised_split(engine, lookback, end))
    counts = contact_months(engine, facts)
    months = months_in(start, end)
    every_month = months_in(lookback, end)  # the look-back months, then the period's
    hides = filters.scope.small_cell_min > 0
    roster = fetch(engine, roster_statement(filters))
    ids = [int(r[0]) for r in roster]
    *_, late = grid_sums(ids, [year_month(m) for m in every_month], counts, 3)
    count, average = against_own_past(late.reshape(len(roster), len(every_month)))
    rise = is_rise(count, average) & (not hides)
    df = pd.DataFrame(
        {
            **roster_columns(roster, len(months)),
            "month": pd.Series(tiled(months, len(roster)), dtype=object),
            "crisis_or_after_hours": count.astype("int64"),
            "previous_average": average,
            "rise": rise,
        }
    )
    if hides:
        df["previous_average"] = float("nan")
    return hide_small_counts(df, filters, ["crisis_or_after_hours"])


@one_connection
def crisis_rise_by_mentor(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Mentors whose crisis and after-hours contacts rose in the month of ``filters.end``.

    The rows of ``crisis_by_mentor_month`` for that month with ``rise`` true (same columns),
    ordered by site, then mentor. Empty for a scope that hides small counts.
    """
    last_month = replace(filters, start=max(filters.start, month_start(filters.end)))
    df = crisis_by_mentor_month(engine, last_month)
    return df[df["rise"]].reset_index(drop=True)
