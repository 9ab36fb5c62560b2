"""Months and quarters: as yyyymm integers in SQL and in Python, periods cut into whole months.

SQLite and PostgreSQL truncate dates differently, but both understand ``EXTRACT`` (SQLAlchemy
renders it as ``strftime`` on SQLite), so month and quarter buckets are built from the extracted
year and month as integers, and turned into dates in Python on the small aggregated frame.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Integer, cast, extract


def year_of(column: ColumnElement[dt.date]) -> ColumnElement[int]:
    """The calendar year of a date column, as an integer on every backend."""
    return cast(extract("year", column), Integer)


def month_of(column: ColumnElement[dt.date]) -> ColumnElement[int]:
    """The calendar month (1-12) of a date column, as an integer on every backend."""
    return cast(extract("month", column), Integer)


def year_month_of(column: ColumnElement[dt.date]) -> ColumnElement[int]:
    """The month of a date column as a yyyymm integer (202611 for November 2026)."""
    return year_of(column) * 100 + month_of(column)


def year_quarter_of(column: ColumnElement[dt.date]) -> ColumnElement[int]:
    """The quarter of a date column as year * 10 + quarter (20264 for Oct-Dec 2026)."""
    # SQLAlchemy 2 renders // as integer division on every backend (/ would be true division).
    return year_of(column) * 10 + (month_of(column) + 2) // 3


def year_month(day: dt.date) -> int:
    """``day``'s month as a yyyymm integer."""
    return day.year * 100 + day.month


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def next_month_start(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s."""
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return next_month_start(day) - dt.timedelta(days=1)


def date_of_year_month(value: int) -> dt.date:
    """The first day of the month a yyyymm integer names."""
    return dt.date(int(value) // 100, int(value) % 100, 1)


def date_of_year_quarter(value: int) -> dt.date:
    """The first day of the quarter a year * 10 + quarter integer names."""
    return dt.date(int(value) // 10, (int(value) % 10 - 1) * 3 + 1, 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months (the 31st becomes the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, month_end(dt.date(year, month, 1)).day))


def months_in(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of every month that ``start``..``end`` touches, in order."""
    months, current = [], month_start(start)
    while current <= end:
        months.append(current)
        current = next_month_start(current)
    return months


@dataclass(frozen=True)
class PeriodSplit:
    """A period cut into whole calendar months (read from summaries) and partial edge days.

    ``whole_months`` is an inclusive (first, last) yyyymm range, or None when the period holds
    no whole month; ``edges`` are inclusive date ranges to read from the raw rows.
    """

    whole_months: tuple[int, int] | None
    edges: tuple[tuple[dt.date, dt.date], ...]


def quarter_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s calendar quarter."""
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarter_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s calendar quarter."""
    return month_end(dt.date(day.year, (day.month - 1) // 3 * 3 + 3, 1))


def year_quarter(day: dt.date) -> int:
    """``day``'s quarter as year * 10 + quarter."""
    return day.year * 10 + (day.month - 1) // 3 + 1


def _split(
    start: dt.date,
    end: dt.date,
    unit_start: Callable[[dt.date], dt.date],
    unit_end: Callable[[dt.date], dt.date],
    label: Callable[[dt.date], int],
) -> PeriodSplit:
    first_whole = start if start == unit_start(start) else unit_end(start) + dt.timedelta(days=1)
    last_whole_end = end if end == unit_end(end) else unit_start(end) - dt.timedelta(days=1)
    if first_whole > last_whole_end:
        return PeriodSplit(None, ((start, end),))
    edges = []
    if start < first_whole:
        edges.append((start, first_whole - dt.timedelta(days=1)))
    if last_whole_end < end:
        edges.append((last_whole_end + dt.timedelta(days=1), end))
    return PeriodSplit((label(first_whole), label(last_whole_end)), tuple(edges))


def split_quarters(start: dt.date, end: dt.date) -> PeriodSplit:
    """Cut ``start``..``end`` into whole calendar quarters (year * 10 + quarter) and edges."""
    return _split(start, end, quarter_start, quarter_end, year_quarter)


def split_period(start: dt.date, end: dt.date) -> PeriodSplit:
    """Cut ``start``..``end`` (inclusive) into whole months and the partial months at its edges."""
    return _split(start, end, month_start, month_end, year_month)
