"""The follow-up schedule's arithmetic: which assessments a mentee owes, and when.

A baseline within ``baseline_days`` of intake; a follow-up every ``interval_months`` after
intake, done within ``window_days`` either side of its due date; one at exit. Pure date
arithmetic, no SQL: ``outcome_followup`` reads the mentees and their assessment days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from data.queries.outcome_common import add_months

BASELINE, FOLLOW_UP, EXIT = "baseline", "follow_up", "exit"
MAX_FOLLOW_UPS = 40


@dataclass(frozen=True)
class FollowUpSchedule:
    """When assessments are due: baseline within ``baseline_days`` of intake, then every
    ``interval_months`` (± ``window_days``), and at exit when ``at_exit``."""

    baseline_days: int = 30
    interval_months: int = 6
    window_days: int = 30
    at_exit: bool = True


class DuePoint(NamedTuple):
    """One assessment a mentee owes: its kind, due date and the window it may be done in.

    A named tuple, not a frozen dataclass: the schedule makes hundreds of thousands of them
    at the large scale, and a tuple is several times cheaper to make."""

    kind: str
    due: dt.date
    opens: dt.date
    closes: dt.date


def due_points(
    intake: dt.date, exit_date: dt.date | None, until: dt.date, schedule: FollowUpSchedule
) -> list[DuePoint]:
    """Every assessment the schedule asks of a mentee, from intake up to ``until``."""
    window = dt.timedelta(days=max(0, schedule.window_days))
    baseline = dt.timedelta(days=max(0, schedule.baseline_days))
    points = [DuePoint(BASELINE, intake + baseline, intake - baseline, intake + baseline)]
    last = min(until, exit_date) if exit_date else until
    for k in range(1, MAX_FOLLOW_UPS + 1):
        due = add_months(intake, k * max(1, schedule.interval_months))
        if due - window > last or (exit_date and due + window >= exit_date):
            break
        points.append(_follow_up(due, window))
    if schedule.at_exit and exit_date and exit_date <= until:
        points.append(DuePoint(EXIT, exit_date, exit_date - window, exit_date + window))
    return points


def points_owed_now(
    intake: dt.date, exit_date: dt.date | None, until: dt.date, schedule: FollowUpSchedule
) -> list[DuePoint]:
    """The points of ``due_points`` that the due list looks at on ``until``: the last one,
    and any whose window is still open. Every other point has closed with a later one
    opened, so it is done or no longer chased.

    Finds the last follow-up by arithmetic and a step or two instead of walking every
    interval since intake (ten years of six-monthly follow-ups for a long-served mentee).
    """
    window = dt.timedelta(days=max(0, schedule.window_days))
    baseline = dt.timedelta(days=max(0, schedule.baseline_days))
    interval = max(1, schedule.interval_months)
    last = min(until, exit_date) if exit_date else until

    def included(k: int) -> bool:  # due_points keeps follow-up k (true for 1..n, then false)
        due = add_months(intake, k * interval)
        return not (due - window > last or (exit_date and due + window >= exit_date))

    reach = last + window
    months = (reach.year - intake.year) * 12 + reach.month - intake.month
    n = min(MAX_FOLLOW_UPS, max(0, months // interval))
    while n > 0 and not included(n):
        n -= 1
    while n < MAX_FOLLOW_UPS and included(n + 1):
        n += 1
    owed: list[DuePoint] = []
    if schedule.at_exit and exit_date and exit_date <= until:
        owed.append(DuePoint(EXIT, exit_date, exit_date - window, exit_date + window))
    for k in range(n, 0, -1):
        point = _follow_up(add_months(intake, k * interval), window)
        if owed and point.closes < until:
            break
        owed.append(point)
    if not owed or intake + baseline >= until:
        owed.append(DuePoint(BASELINE, intake + baseline, intake - baseline, intake + baseline))
    owed.reverse()
    return owed


def _follow_up(due: dt.date, window: dt.timedelta) -> DuePoint:
    return DuePoint(FOLLOW_UP, due, due - window, due + window)
