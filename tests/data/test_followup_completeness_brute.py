"""Follow-up completeness against brute force on the demo data: every mentee ever taken in,
every point of their schedule, no shortcut (which mentees are read, which points are made)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import Engine, func, select

from data import clock
from data.filters import AccessScope, Filters
from data.queries import follow_up_completeness
from data.queries.outcomes._schedule import FollowUpSchedule, due_points
from data.queries.outcomes.followup import _late_by, _schedule_rows, _status
from data.schema import Mentee
from tests.conftest import BACKENDS

ADMIN = AccessScope("admin", all_sites=True, see_identities=True)


@pytest.fixture(params=BACKENDS)
def demo_db(request: pytest.FixtureRequest) -> Engine:
    name = "demo_engine" if request.param == "sqlite" else "demo_pg_engine"
    return request.getfixturevalue(name)


def _an_exit(engine: Engine) -> dt.date:
    with engine.connect() as conn:
        return conn.scalar(
            select(func.max(Mentee.exit_date)).where(
                Mentee.exit_date < clock.today() - dt.timedelta(days=90)
            )
        )


def _brute_force(engine: Engine, filters: Filters, schedule: FollowUpSchedule) -> Counter:
    tally: Counter = Counter()
    everyone = _schedule_rows(engine, filters, None, False, schedule, exited_from=dt.date.min)
    for *_, intake, exit_date, days in everyone:
        points = due_points(intake, exit_date, filters.end, schedule)
        for index, point in enumerate(points):
            if filters.start <= point.closes < filters.end:
                status = _status(point, days, filters.end, _late_by(points, index))
                tally[(point.kind, status)] += 1
    return tally


@pytest.mark.parametrize(
    "schedule",
    [
        FollowUpSchedule(),
        FollowUpSchedule(baseline_days=60, interval_months=3, window_days=45),
    ],
)
def test_completeness_counts_what_brute_force_counts(demo_db, schedule):
    today = clock.today()
    labels = {"baseline": "Baseline", "follow_up": "Follow-up", "exit": "Exit"}
    # A period that starts a few days after a mentee left: their exit window closes in it.
    left = _an_exit(demo_db)
    for start, end in [
        (left + dt.timedelta(days=5), left + dt.timedelta(days=70)),
        (today - dt.timedelta(days=365), today),
        (dt.date(today.year - 2, 1, 1), dt.date(today.year - 2, 12, 31)),
        (today - dt.timedelta(days=45), today - dt.timedelta(days=3)),
    ]:
        filters = Filters(start, end, scope=ADMIN)
        expected = _brute_force(demo_db, filters, schedule)
        got = follow_up_completeness(demo_db, filters, schedule=schedule, min_group=1)
        by_label = got.set_index("kind")
        for kind, label in labels.items():
            for status in ("on_time", "late", "missing"):
                assert by_label.loc[label, status] == expected[(kind, status)], (
                    start,
                    end,
                    kind,
                    status,
                )
        assert sum(expected.values()) > 0
