"""Zero-filled grids (a row per roster entry and period) built with NumPy, not row by row.

The heatmap's mentor x week grid is about 50,000 cells at the large scale; filling it tuple by
tuple in Python cost more than the SQL that answers it (about 150 ms of 220).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def _positions(keys: Sequence[int], wanted: np.ndarray) -> np.ndarray:
    """Each of ``wanted``'s index in ``keys`` (distinct integers), or -1 when absent."""
    known = np.asarray(keys, dtype=np.int64)
    if known.size == 0:
        return np.full(wanted.shape, -1, dtype=np.int64)
    order = np.argsort(known, kind="stable")
    at = np.minimum(np.searchsorted(known[order], wanted), known.size - 1)
    return np.where(known[order][at] == wanted, order[at], -1)


def grid_sums(
    row_keys: Sequence[int],
    periods: Sequence[int],
    found: Sequence[Sequence[Any]],
    n_values: int,
) -> list[np.ndarray]:
    """Rows of ``found`` (row key, period, value, value, ...) summed into the row-major grid of
    ``row_keys`` x ``periods``: one float64 array of ``len(row_keys) * len(periods)`` cells
    per value column, zero where nothing was found and None counted as 0. Rows whose key or
    period is outside the grid are left out; rows sharing a cell add up."""
    size = len(row_keys) * len(periods)
    if not found:
        return [np.zeros(size, dtype="float64") for _ in range(n_values)]
    columns = list(zip(*found, strict=True))
    rows = _positions(row_keys, np.fromiter(columns[0], dtype=np.int64, count=len(found)))
    at = _positions(periods, np.fromiter(columns[1], dtype=np.int64, count=len(found)))
    keep = (rows >= 0) & (at >= 0)
    cells = rows[keep] * len(periods) + at[keep]
    sums = []
    for values in columns[2 : 2 + n_values]:
        numbers = np.nan_to_num(np.array(values, dtype="float64"), nan=0.0)
        grid = np.zeros(size, dtype="float64")
        np.add.at(grid, cells, numbers[keep])
        sums.append(grid)
    return sums


def repeated(values: Sequence[Any], times: int) -> np.ndarray:
    """Each of ``values`` ``times`` times in a row (a roster column across its periods), as an
    object array when the values are not numbers."""
    array = np.asarray(values) if values and isinstance(values[0], int) else _objects(values)
    return np.repeat(array, times)


def tiled(values: Sequence[Any], times: int) -> np.ndarray:
    """``values`` (the periods) over again ``times`` times (once per roster row)."""
    return np.tile(_objects(values), times)


def _objects(values: Sequence[Any]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return array
