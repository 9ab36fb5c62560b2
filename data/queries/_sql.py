"""Small pieces every query module shares: scope-aware predicates and typed result frames."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, Engine, Executable, Subquery, and_, func, or_, select, true

from data.filters import Filters
from data.queries._connection import connection
from data.queries._planner import not_for_index
from data.queries._statements import BoundFilters
from data.schema import Match

# Column kinds of result frames, so SQLite and PostgreSQL answers compare equal.
INT, FLOAT, TEXT, DATE, BOOL = "int", "float", "text", "date", "bool"
INT_OR_NONE = "int_or_none"


def open_on(
    start: ColumnElement[Any], end: ColumnElement[Any], day: dt.date | ColumnElement[dt.date]
) -> ColumnElement[bool]:
    """True for a span (a match, a mentor's tenure) that has started and not ended on ``day``."""
    return and_(start <= day, or_(end.is_(None), end >= day))


def mentee_of_chosen_mentors(
    filters: Filters | BoundFilters, mentee_id: ColumnElement[int]
) -> ColumnElement[bool]:
    """Mentees ever matched with one of the chosen mentors (true when no mentor is chosen)."""
    if not filters.mentors_chosen:
        return true()
    return mentee_id.in_(select(Match.mentee_id).where(filters.mentor_clause(Match.mentor_id)))


def fetch(
    engine: Engine, statement: Executable, parameters: Mapping[str, Any] | None = None
) -> list[Any]:
    """Run ``statement`` (with ``parameters`` for its bound parameters) and return its rows."""
    with connection(engine) as conn:
        return list(conn.execute(statement, parameters).all())


def fetch_numbers(engine: Engine, statement: Executable) -> list[tuple[Any, ...]]:
    """Run ``statement`` and return its rows as the driver's plain tuples.

    Skips SQLAlchemy's per-row processing, which costs about half as much again as SQLite's
    own reading for tens of thousands of rows. Only for statements whose columns are all
    numbers (integers, floats, PostgreSQL's Decimal sums): no result processors apply to
    those, so the values equal ``fetch``'s.
    """
    with connection(engine) as conn:
        result = conn.execute(statement)
        try:
            return result.cursor.fetchall()  # type: ignore[attr-defined]
        finally:
            result.close()


def typed_frame(rows: Iterable[Any], columns: Mapping[str, str]) -> pd.DataFrame:
    """A frame with exactly ``columns`` (name -> kind), normalised so backends compare equal.

    Integers become int64 (Int64 with <NA> for INT_OR_NONE), floats float64,
    text ``object`` holding str or None, dates ``object`` holding ``datetime.date`` or None.
    Built column by column in one constructor call, numbers converted by NumPy in C (a frame
    per query: the fixed cost matters; `bench/run.py` shows it beside the SQL).
    """
    data = rows if isinstance(rows, list) else list(rows)
    values_by_column = list(zip(*data, strict=True)) if data else [() for _ in columns]
    built = {
        name: _typed_column(values, kind)
        for (name, kind), values in zip(columns.items(), values_by_column, strict=True)
    }
    return pd.DataFrame(built)


def _typed_column(values: tuple[Any, ...], kind: str) -> Any:
    if kind == INT:
        # Python ints, bools and PostgreSQL's Decimal sums alike; None raises, as it should.
        return np.fromiter(values, dtype=np.int64, count=len(values))
    if kind == INT_OR_NONE:
        return pd.array(
            [pd.NA if v is None or pd.isna(v) else int(v) for v in values], dtype="Int64"
        )
    if kind == FLOAT:
        # None becomes NaN.
        return np.array(values, dtype="float64")
    if kind == BOOL:
        return np.array([bool(v) for v in values], dtype="bool")
    # dtype=object: pandas 3 would infer its string dtype for text mixed with None and turn
    # the None into NaN.
    if kind == DATE:
        return pd.Series([as_date(v) for v in values], dtype="object")
    return pd.Series([None if v is None else str(v) for v in values], dtype="object")


def as_date(value: Any) -> dt.date | None:
    """A date from a driver's value (date, datetime or ISO text); None stays None."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def caseload_on_end_date(filters: Filters | BoundFilters) -> Subquery:
    """Rows (mentor_id, n): distinct mentees in open matches on ``filters.end``, in scope.

    Grouped by ``not_for_index(mentor_id)``: for every site, SQLite would otherwise walk the
    mentor index for its order, reading all of ten years' matches, instead of the few thousand
    still open through ``ix_matches_end_date_mentor`` (10 ms against 5 at the large scale).
    """
    return (
        select(Match.mentor_id, func.count(func.distinct(Match.mentee_id)).label("n"))
        .where(
            filters.site_clause(Match.site_id),
            filters.mentor_clause(Match.mentor_id),
            open_on(Match.start_date, Match.end_date, filters.end),
        )
        .group_by(not_for_index(Match.mentor_id))
        .subquery("caseload")
    )
