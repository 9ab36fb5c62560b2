"""The follow-up schedule's arithmetic: which assessments a mentee owes, and when.

A baseline within ``baseline_days`` of intake; a follow-up every ``interval_months`` after
intake, done within ``window_days`` either side of its due date; one at exit. Pure date
arithmetic, no SQL: ``followup`` reads the mentees and their assessment days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from data.queries.plumbing.months import add_months

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
        points.append(DuePoint(FOLLOW_UP, due, due - window, due + window))
    if schedule.at_exit and exit_date and exit_date <= until:
        points.append(DuePoint(EXIT, exit_date, exit_date - window, exit_date + window))
    return points


def points_owed_now(
    intake: dt.date, exit_date: dt.date | None, until: dt.date, schedule: FollowUpSchedule
) -> list[DuePoint]:
    """The points of ``due_points`` that the due list looks at on ``until``: the last one,
    and any whose window is still open. Every other point has closed with a later one
    opened, so it is done or no longer chased."""
    points = due_points(intake, exit_date, until, schedule)
    last = len(points) - 1
    return [point for i, point in enumerate(points) if i == last or point.closes >= until]
