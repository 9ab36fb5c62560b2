"""Duplicate keys across a whole file in flat memory: 64-bit hashes in sorted numpy arrays.

A million contact ids take 16 MB here instead of the hundreds a Python set of strings would.
Two different keys sharing a 64-bit hash is about as likely as a cosmic-ray bit flip.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def key_hashes(frame: pd.DataFrame) -> np.ndarray:
    """One uint64 hash per row of ``frame`` (its values as text)."""
    return pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy(np.uint64)


class KeyRegistry:
    """Remembers each key's first row (and a hash of what the row said about it)."""

    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.uint64)
        self._rows = np.empty(0, dtype=np.int64)
        self._values = np.empty(0, dtype=np.uint64)

    def check(
        self, keys: np.ndarray, rows: np.ndarray, values: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """For each key, the row where it was first seen (0 when new) and that row's value hash.

        New keys are remembered; a key repeated within ``keys`` points at its first row.
        """
        values = np.zeros(len(keys), dtype=np.uint64) if values is None else values
        first_row = np.zeros(len(keys), dtype=np.int64)
        first_value = values.copy()
        if len(self._keys):
            pos = np.searchsorted(self._keys, keys)
            pos_clipped = np.minimum(pos, len(self._keys) - 1)
            found = self._keys[pos_clipped] == keys
            first_row[found] = self._rows[pos_clipped[found]]
            first_value[found] = self._values[pos_clipped[found]]
        frame = pd.DataFrame({"key": keys, "row": rows, "value": values})
        new = first_row == 0
        repeated = frame["key"].duplicated(keep="first") & new
        if repeated.any():
            firsts = frame[new & ~repeated].set_index("key")
            lookup = frame.loc[repeated, "key"]
            first_row[repeated.to_numpy()] = firsts["row"].reindex(lookup).to_numpy()
            first_value[repeated.to_numpy()] = firsts["value"].reindex(lookup).to_numpy()
        add = (new & ~repeated).to_numpy()
        if add.any():
            keys_all = np.concatenate([self._keys, keys[add]])
            order = np.argsort(keys_all, kind="stable")
            self._keys = keys_all[order]
            self._rows = np.concatenate([self._rows, rows[add]])[order]
            self._values = np.concatenate([self._values, values[add]])[order]
        return first_row, first_value
