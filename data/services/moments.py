"""Moments as the database keeps them: naive UTC datetimes, from and to epoch seconds.

Sign-in, sessions and throttling take the time as seconds since the epoch (one clock the
web layer reads and tests set); their tables hold naive UTC datetimes.
"""

from __future__ import annotations

import datetime as dt


def utc_naive(seconds: float) -> dt.datetime:
    """Seconds since the epoch as a naive UTC datetime (how the database keeps times)."""
    return dt.datetime.fromtimestamp(seconds, dt.UTC).replace(tzinfo=None)


def epoch_seconds(moment: dt.datetime) -> float:
    """A naive UTC datetime as seconds since the epoch."""
    return moment.replace(tzinfo=dt.UTC).timestamp()
