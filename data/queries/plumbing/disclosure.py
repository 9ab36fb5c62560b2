"""Disclosure control for scopes that hide small counts (meeting viewers, meeting mode).

The rule, applied to every count such a scope receives, in the query layer:

- a count from 1 to ``t - 1`` (``t`` = the scope's ``small_cell_min``, 5 by default) is
  suppressed (<NA>, read "fewer than 5");
- every other count is **rounded to the nearest multiple of t** (half up: 7 -> 5, 8 -> 10),
  totals included, each rounded on its own; zero stays zero;
- a figure derived from a count follows it: hours are hidden with their count and rounded
  to the same base (a positive number of hours to at least ``t``); a share or rate is
  recomputed from the rounded counts, never from the exact ones.

Because every figure shown is 0 or a multiple of ``t``, every sum or difference of shown
figures is too, and none can equal a suppressed count (1 to ``t - 1``): a hidden cell cannot
be recovered by adding or subtracting what else is shown, on the same page or another.
This is the "base rounding" of the UK Office for National Statistics' disclosure control
guidance (counts rounded to base 5, as in census and health tables), combined with the
suppression of small cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from data.filters import Filters


def rounding_base(filters: Filters) -> int:
    """The base counts are rounded to for ``filters``' scope (0: shown exactly)."""
    return max(0, int(filters.scope.small_cell_min))


def shown_count(value: Any, base: int) -> int | None:
    """One count as a scope with rounding ``base`` may see it: None when suppressed."""
    if value is None or pd.isna(value):
        return None
    number = int(value)
    if base <= 0 or number <= 0:
        return number
    if number < base:
        return None
    return (number + base // 2) // base * base


def shown_quantity(value: Any, base: int) -> float:
    """A quantity (hours) as a scope with rounding ``base`` may see it: NaN stays NaN."""
    if value is None or pd.isna(value):
        return float("nan")
    number = float(value)
    if base <= 0 or number <= 0:
        return number
    return float(max(base, np.floor(number / base + 0.5) * base))


def _rounded_counts(values: pd.Series, base: int) -> pd.Series:
    counts = values.astype("Int64")
    rounded = (counts + base // 2) // base * base
    return rounded.where(counts >= base, counts).mask((counts > 0) & (counts < base))


def _rounded_quantities(values: pd.Series, base: int) -> pd.Series:
    numbers = values.astype("float64")
    rounded = np.maximum(base, np.floor(numbers / base + 0.5) * base)
    return rounded.where(numbers > 0, numbers)


def hide_small_counts(
    df: pd.DataFrame,
    filters: Filters,
    columns: Iterable[str],
    along: Mapping[str, str] | None = None,
    shares: Mapping[str, tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """``df`` as the scope of ``filters`` may see it (see the module's rule).

    ``columns`` count people or events: 1 to ``t - 1`` become <NA>, the rest are rounded to a
    multiple of ``t`` (nullable Int64). ``along`` maps a quantity to the count it goes with
    (``{"hours": "contacts"}``): hidden wherever that count is, rounded to the same base.
    ``shares`` maps a share column to its (numerator, denominator) counts: recomputed from
    the rounded counts, NaN when either is hidden or the denominator is 0. Unchanged for a
    scope that sees exact figures.
    """
    base = rounding_base(filters)
    if base <= 0:
        return df
    df = df.copy()
    for column in columns:
        df[column] = _rounded_counts(df[column], base)
    for dependent, count in (along or {}).items():
        hidden = df[count].isna().to_numpy(dtype=bool)
        df[dependent] = _rounded_quantities(df[dependent], base).where(~hidden)
    for share, (numerator, denominator) in (shares or {}).items():
        df[share] = share_of(df[numerator], df[denominator])
    return df


def share_of(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator as floats; NaN where either is missing or the denominator is 0."""
    top = numerator.astype("Float64").astype("float64")
    bottom = denominator.astype("Float64").astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        result = top / bottom
    return result.where(bottom > 0)
