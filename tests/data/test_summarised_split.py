"""Which partial months at a period's edges the summaries answer (``summarised_split``): every
index probe in one round trip."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, event, literal, select

from data.queries.contact_facts.split import summarised_split, summarised_split_and
from data.queries.plumbing.months import PeriodSplit
from tests.data import queries_fixture as fx

D = dt.date


@pytest.fixture
def db(any_engine: Engine) -> Engine:
    fx.load(any_engine)  # contacts on 2025-12-15, 2026-01-20 ... 2026-06-10 and 2026-06-20
    return any_engine


def _statements(engine: Engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, sql, *_a: seen.append(sql))
    return seen


def test_an_edge_month_with_nothing_outside_the_period_is_read_whole(db):
    # June's contacts lie on or before the 25th, and nothing was logged after it.
    split = summarised_split(db, D(2026, 2, 1), D(2026, 6, 25))
    assert split == PeriodSplit((202602, 202606), ())


def test_an_edge_month_with_a_contact_outside_the_period_is_read_from_the_raw_rows(db):
    # 2026-06-20 lies after the period's end (06-15): June is read day by day.
    split = summarised_split(db, D(2026, 1, 10), D(2026, 6, 15))
    # January holds nothing before the 10th, so it is adopted whole; June is not.
    assert split == PeriodSplit((202601, 202605), ((D(2026, 6, 1), D(2026, 6, 15)),))


def test_a_period_inside_one_month_is_not_split(db):
    split = summarised_split(db, D(2026, 3, 10), D(2026, 3, 18))
    assert split == PeriodSplit(None, ((D(2026, 3, 10), D(2026, 3, 18)),))


def test_every_probe_and_the_extra_value_come_in_one_round_trip(db):
    seen = _statements(db)
    split, extra = summarised_split_and(
        db,
        D(2026, 1, 10),
        D(2026, 6, 15),
        ("test_extra", lambda: select(literal(7)).scalar_subquery()),
    )
    assert len(seen) == 1
    assert extra == 7
    assert split.whole_months == (202601, 202605)
    seen.clear()
    assert summarised_split(db, D(2026, 2, 1), D(2026, 5, 31)) == PeriodSplit((202602, 202605), ())
    assert seen == []  # whole months only: nothing to probe
