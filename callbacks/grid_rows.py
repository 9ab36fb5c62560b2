"""A query's frame as the rows of a data grid: plain JSON values, one dict per row.

Missing values (None, NaN, pandas' NA) become None, dates their ISO day, numpy numbers
Python ones; a page's own columns (links, hidden counts) are set on the rows afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def missing(value: object) -> bool:
    """True for None, NaN or pandas' NA (which cannot be compared with itself)."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def cell(value: object, decimals: int | None = None) -> object:
    """One value of a frame as a grid shows it; floats rounded to ``decimals`` if given."""
    if missing(value):
        return None
    if decimals is not None and isinstance(value, float):
        return round(value, decimals)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if hasattr(value, "item"):
        return value.item()
    return value


def grid_records(
    df: pd.DataFrame, fields: Sequence[str], decimals: int | None = None
) -> list[tuple[dict[str, object], dict[str, object]]]:
    """Each row of ``df`` as (its ``fields`` as grid cells, the whole row as it came), so a
    page can add links from columns the grid does not show."""
    return [
        ({field: cell(record.get(field), decimals) for field in fields}, record)
        for record in df.to_dict("records")
    ]
