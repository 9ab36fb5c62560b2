"""Helpers the kinds share: reference checks and frame building."""

from __future__ import annotations

import pandas as pd

from data.importing.lookups import lookup
from data.importing.spec import References, RowCheck


def resolve(check: RowCheck, refs: References, table: str, column: str, noun: str) -> pd.DataFrame:
    """Look up file column ``column`` in reference frame ``table``; flag unknown values."""
    keys = check[column]
    found = lookup(refs.get(table), keys)
    unknown = keys.notna() & found["id"].isna()
    check.flag(unknown, column, "unknown " + noun + " '" + keys.astype(str) + "'")
    return found


def as_int(values: pd.Series) -> pd.Series:
    """Ids as nullable integers."""
    return values.astype("Int64")


def flag_before(
    check: RowCheck, later: str, earlier: str, reason: str, later_values: pd.Series | None = None
) -> None:
    """Flag rows where date column ``later`` is before date column ``earlier``."""
    a = check[later] if later_values is None else later_values
    b = check[earlier]
    check.flag(a.notna() & b.notna() & (a < b), later, reason)


def text_or(check: RowCheck, name: str, default: str) -> pd.Series:
    """A text column with ``default`` for blanks."""
    return check[name].fillna(default)


def dates(values: pd.Series) -> pd.Series:
    """Timestamps as dates (NaT stays missing)."""
    return values.dt.normalize()
