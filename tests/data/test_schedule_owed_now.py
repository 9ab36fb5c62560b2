"""The due list's shortcut (``points_owed_now`` and "listed unless assessed since the window
opened") against the full schedule walked point by point, on many random mentees."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from data.queries.outcomes._schedule import FollowUpSchedule, due_points, points_owed_now
from data.queries.outcomes.followup import _late_by, _status

D = dt.date
SCHEDULES = [
    FollowUpSchedule(),
    FollowUpSchedule(baseline_days=14, interval_months=3, window_days=14, at_exit=False),
    FollowUpSchedule(baseline_days=60, interval_months=1, window_days=20),
    FollowUpSchedule(baseline_days=0, interval_months=12, window_days=90),
    FollowUpSchedule(baseline_days=200, interval_months=2, window_days=40),
]


def _walked(intake, exit_date, until, schedule, days):  # type: ignore[no-untyped-def]
    """The due list as the schedule defines it: every point's status, a missed one left out
    once a later one has opened."""
    points = due_points(intake, exit_date, until, schedule)
    listed = []
    for index, point in enumerate(points):
        status = _status(point, days, until, _late_by(points, index))
        if status == "missing" and index + 1 < len(points) and points[index + 1].opens <= until:
            continue
        if status in ("due", "missing"):
            listed.append((point, status))
    return listed


def _shortcut(intake, exit_date, until, schedule, days):  # type: ignore[no-untyped-def]
    latest = D.fromisoformat(days[-1]) if days else None
    return [
        (point, "missing" if point.closes < until else "due")
        for point in points_owed_now(intake, exit_date, until, schedule)
        if latest is None or latest < point.opens
    ]


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_the_shortcut_lists_what_walking_the_schedule_lists(schedule):
    rng = random.Random(7)
    checked = 0
    for _ in range(3000):
        until = D(2026, 11, 26) - dt.timedelta(days=rng.randrange(0, 900))
        intake = until - dt.timedelta(days=rng.randrange(0, 4500))
        exit_date = None
        if rng.random() < 0.4:
            exit_date = intake + dt.timedelta(days=rng.randrange(0, 5000))
        assessed = sorted(
            {
                (intake + dt.timedelta(days=rng.randrange(-40, (until - intake).days + 1)))
                for _ in range(rng.randrange(0, 12))
            }
        )
        days = [d.isoformat() for d in assessed if d <= until]
        assert _shortcut(intake, exit_date, until, schedule, days) == _walked(
            intake, exit_date, until, schedule, days
        ), (intake, exit_date, until, days)
        checked += 1
    assert checked == 3000


def test_owed_points_are_the_last_one_and_those_still_open():
    schedule = FollowUpSchedule()
    intake, until = D(2020, 3, 31), D(2026, 11, 26)
    points = due_points(intake, None, until, schedule)
    owed = points_owed_now(intake, None, until, schedule)
    assert len(points) > 10 and owed == [points[-1]]  # six years of follow-ups, one owed now
