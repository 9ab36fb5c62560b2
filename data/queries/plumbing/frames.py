"""Result frames typed alike on every backend: the column kinds and the frame builder.

Every query function returns a frame with exactly the columns its docstring lists, typed by
kind, so the same question answered by SQLite and by PostgreSQL compares equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

# Column kinds of result frames, so SQLite and PostgreSQL answers compare equal.
INT, FLOAT, TEXT, DATE, BOOL = "int", "float", "text", "date", "bool"
INT_OR_NONE = "int_or_none"


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
