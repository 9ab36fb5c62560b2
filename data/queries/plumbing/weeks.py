"""Weeks as integers on every backend: Monday-based week numbers counted from a fixed Monday.

SQLite has no date arithmetic and PostgreSQL no ``julianday``, so ``week_index_of`` compiles
to each backend's own form; both give the same integer (whole weeks since 1999-12-27, a
Monday before the earliest date a filter accepts), so a week's first day is
``WEEK_EPOCH + 7 * index``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

WEEK_EPOCH = dt.date(1999, 12, 27)  # a Monday


class _WeekIndex(FunctionElement[int]):
    """Whole weeks between WEEK_EPOCH and a date column (see ``week_index_of``)."""

    type = Integer()
    inherit_cache = True
    name = "week_index"


@compiles(_WeekIndex, "sqlite")
def _week_index_sqlite(element: _WeekIndex, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"CAST((julianday({column}) - julianday('{WEEK_EPOCH.isoformat()}')) / 7 AS INTEGER)"


@compiles(_WeekIndex)
def _week_index_default(element: _WeekIndex, compiler: Any, **kw: Any) -> str:
    # PostgreSQL: date - date is a whole number of days; integer division truncates.
    column = compiler.process(element.clauses, **kw)
    return f"(({column} - DATE '{WEEK_EPOCH.isoformat()}') / 7)"


def week_index_of(column: ColumnElement[dt.date]) -> ColumnElement[int]:
    """The Monday-based week of a date column, as whole weeks since WEEK_EPOCH."""
    return _WeekIndex(column)


def week_index(day: dt.date) -> int:
    """``day``'s week as whole weeks since WEEK_EPOCH (the Python twin of ``week_index_of``)."""
    return (day - WEEK_EPOCH).days // 7


def week_start(index: int) -> dt.date:
    """The Monday that starts week ``index``."""
    return WEEK_EPOCH + dt.timedelta(days=7 * int(index))


def weeks_in(start: dt.date, end: dt.date) -> list[int]:
    """Every week index that ``start``..``end`` touches, in order."""
    return list(range(week_index(start), week_index(end) + 1))
