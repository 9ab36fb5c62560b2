"""Today, for the whole program: the one place that reads the calendar.

Every "today" (the default period, this month, the demo data's last day, a snooze's start, a
timestamp written beside a record) comes from here, so one setting moves the whole program to
another day:

- ``DASHBOARD_TODAY=2027-01-01`` in the environment pins the day for a process and everything it
  starts (the test suite's run on another day of the calendar, a demo shown as of a date);
- ``pinned(day)`` pins it inside a ``with`` block (tests).

Pinned, ``now()`` keeps the real time of day on the pinned day, so timestamps still move
forward. Durations (idle sign-out, tickets, throttling) use ``time.time()`` and stay real.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager

ENV_VARIABLE = "DASHBOARD_TODAY"

_pinned: list[dt.date] = []


class ClockSettingError(ValueError):
    """``DASHBOARD_TODAY`` is not a date."""


@functools.cache
def _parse(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ClockSettingError(
            f"{ENV_VARIABLE}={value[:32]!r} is not a date like 2027-01-01."
        ) from None


def _setting() -> dt.date | None:
    value = os.environ.get(ENV_VARIABLE, "")
    return _parse(value) if value.strip() else None


def _fixed_day() -> dt.date | None:
    return _pinned[-1] if _pinned else _setting()


def today() -> dt.date:
    """The day the program treats as today: pinned by ``pinned()``, else ``DASHBOARD_TODAY``,
    else the calendar's."""
    return _fixed_day() or dt.date.today()


def now() -> dt.datetime:
    """Now in UTC, without a time zone (as the database stores it); on the pinned day when one
    is set, at the real time of day."""
    real = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    day = _fixed_day()
    return real if day is None else dt.datetime.combine(day, real.time())


@contextmanager
def pinned(day: dt.date) -> Iterator[dt.date]:
    """Within the block, ``today()`` is ``day`` (blocks nest; the innermost wins)."""
    _pinned.append(day)
    try:
        yield day
    finally:
        _pinned.pop()
