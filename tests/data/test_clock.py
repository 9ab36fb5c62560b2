"""data.clock is the one place the program reads the calendar, and tests can move it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from data import clock
from data.filters import default_period

ROOT = Path(__file__).resolve().parents[2]
CALENDAR_READS = re.compile(
    r"date\.today\(\)|datetime\.(now|today|utcnow)\(|Timestamp\.(now|today)\("
)


def test_pinned_days_nest_and_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.ENV_VARIABLE, raising=False)
    with clock.pinned(dt.date(2027, 1, 1)):
        assert clock.today() == dt.date(2027, 1, 1)
        with clock.pinned(dt.date(2028, 2, 29)):
            assert clock.today() == dt.date(2028, 2, 29)
        assert clock.today() == dt.date(2027, 1, 1)
    assert clock.today() == dt.date.today()


def test_the_environment_sets_the_day_and_a_pin_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV_VARIABLE, "2027-03-31")
    assert clock.today() == dt.date(2027, 3, 31)
    with clock.pinned(dt.date(2028, 2, 29)):
        assert clock.today() == dt.date(2028, 2, 29)
    monkeypatch.setenv(clock.ENV_VARIABLE, " ")
    assert clock.today() == dt.date.today()


def test_a_day_that_is_not_a_date_is_refused_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV_VARIABLE, "2027-02-30")
    with pytest.raises(clock.ClockSettingError, match="DASHBOARD_TODAY='2027-02-30' is not a date"):
        clock.today()


def test_now_is_on_the_pinned_day_at_the_real_time_of_day() -> None:
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with clock.pinned(dt.date(2028, 2, 29)):
        moment = clock.now()
    after = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert moment.date() == dt.date(2028, 2, 29) and moment.tzinfo is None
    if before.date() == after.date():  # not across midnight while the test ran
        assert before.time() <= moment.time() <= after.time()


@pytest.mark.parametrize(
    ("day", "first"),
    [
        (dt.date(2027, 1, 1), dt.date(2026, 2, 1)),
        (dt.date(2027, 3, 31), dt.date(2026, 4, 1)),
        (dt.date(2028, 2, 29), dt.date(2027, 3, 1)),
        (dt.date(2027, 12, 31), dt.date(2027, 1, 1)),
    ],
)
def test_the_default_period_follows_the_clock(day: dt.date, first: dt.date) -> None:
    with clock.pinned(day):
        assert default_period() == (first, day)


def test_no_other_module_reads_the_calendar() -> None:
    readers = []
    for folder in ("dashboard", "data", "callbacks", "layouts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "data" / "clock.py" or "migrations" in path.parts:
                continue
            if CALENDAR_READS.search(path.read_text(encoding="utf-8")):
                readers.append(str(path.relative_to(ROOT)))
    if CALENDAR_READS.search((ROOT / "app.py").read_text(encoding="utf-8")):
        readers.append("app.py")
    assert readers == [], f"read today from data.clock instead: {readers}"
