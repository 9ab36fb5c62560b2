"""What an import kind is: its template columns, its keys, and how its rows become table rows.

A ``KindSpec`` names the template's columns (``fields.Column``), the columns that identify a
row (its natural key, checked for duplicates across the whole file), the tables it writes
(``Target``, merged in order) and ``build``, which checks one chunk's parsed values against the
database's references and returns the rows to stage for each target.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Table

from data.importing.fields import Column, Parsed, normalise_heading, parse_column
from data.importing.problems import Problem, short_value


@dataclass(frozen=True)
class ParentLink:
    """A target column filled from a parent row found by its natural key after the parent merge."""

    column: str  # e.g. assessment_id in assessment_scores
    table: Table  # e.g. assessments
    parent_key: str  # e.g. external_id
    stage_column: str  # the staged column holding the parent's key, e.g. assessment_key


@dataclass(frozen=True)
class Target:
    """One table an import writes: upserted on ``key`` (columns of the table).

    ``optional`` maps a table column to the template column it comes from when that column
    may be left out of the file: a file without it leaves existing values alone.
    ``prune_by`` (for child rows such as facilitators): rows of the same parent that the file
    no longer lists are deleted. ``distinct``: several file rows describe the same row.
    """

    table: Table
    key: tuple[str, ...]
    columns: tuple[str, ...]
    parent: ParentLink | None = None
    distinct: bool = False
    prune_by: str | None = None
    optional: dict[str, str] = field(default_factory=dict)
    only_with: str | None = None  # written only when the file has this template column
    insert_order: str | None = None  # new rows go in in this column's order (index locality)


@dataclass(frozen=True)
class KindSpec:
    """One kind of record that can be imported (see docs/import.md)."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    targets: tuple[Target, ...]
    build: Callable[[RowCheck, References], dict[str, pd.DataFrame]]
    # Long templates (one row per domain or score): the parent's key and what each row
    # must say the same about it.
    parent_key: tuple[str, ...] = ()
    parent_columns: tuple[str, ...] = ()
    summaries: frozenset[str] = frozenset()  # "contacts", "assessments"
    after_merge: tuple[Callable[..., None], ...] = ()
    example: tuple[dict[str, str], ...] = ()
    order: int = 0

    def column(self, name: str) -> Column:
        """The template column called ``name``."""
        return next(c for c in self.columns if c.name == name)

    def heading_map(self) -> dict[str, str]:
        """Normalised heading -> template column name, aliases included."""
        mapping: dict[str, str] = {}
        for column in self.columns:
            mapping[normalise_heading(column.name)] = column.name
            for alias in column.aliases:
                mapping.setdefault(normalise_heading(alias), column.name)
        return mapping


class References:
    """Lookup frames of what the database already holds, loaded once per import (see lookups)."""

    def __init__(self, loader: Callable[[str], pd.DataFrame]) -> None:
        self._loader = loader
        self._frames: dict[str, pd.DataFrame] = {}

    def get(self, name: str) -> pd.DataFrame:
        """The lookup frame ``name`` (indexed by its natural key)."""
        if name not in self._frames:
            self._frames[name] = self._loader(name)
        return self._frames[name]


class RowCheck:
    """One chunk under validation: parsed values, and the problems found so far, by row."""

    def __init__(
        self,
        file_name: str,
        cells: pd.DataFrame,
        rows: pd.Series,
        present: frozenset[str],
        spec: KindSpec,
        dayfirst: bool,
    ) -> None:
        self.file_name = file_name
        self.cells = cells
        self.rows = rows
        self.present = present
        self.spec = spec
        self.bad = pd.Series(False, index=cells.index)
        self._problems: list[pd.DataFrame] = []
        self.values: dict[str, pd.Series] = {}
        for column in spec.columns:
            raw = cells[column.name] if column.name in cells else _blank(cells.index)
            parsed: Parsed = parse_column(raw, column, dayfirst)
            self.values[column.name] = parsed.values
            if column.required:
                self.flag(raw == "", column.name, "missing required value")
            self.flag(parsed.bad & (raw != ""), column.name, parsed.reason)

    def __getitem__(self, name: str) -> pd.Series:
        return self.values[name]

    def has(self, name: str) -> bool:
        """True when the file has column ``name``."""
        return name in self.present

    def flag(
        self,
        mask: pd.Series,
        column: str,
        reason: str | pd.Series,
        value: pd.Series | None = None,
    ) -> None:
        """Report ``reason`` for every row where ``mask`` is true (the cell of ``column``)."""
        mask = mask.fillna(False).astype(bool) if mask.dtype != bool else mask
        if not mask.any():
            return
        shown = value if value is not None else self.cells.get(column, _blank(self.cells.index))
        reasons = reason[mask] if isinstance(reason, pd.Series) else reason
        self._problems.append(
            pd.DataFrame(
                {
                    "row": self.rows[mask],
                    "column": column,
                    "value": shown[mask].map(short_value),
                    "reason": reasons,
                }
            )
        )
        self.bad |= mask

    def problems(self) -> list[Problem]:
        """The chunk's problems in row order."""
        if not self._problems:
            return []
        frame = pd.concat(self._problems).sort_values("row", kind="stable")
        return [
            Problem(self.file_name, int(r.row), r.column, r.value, str(r.reason))
            for r in frame.itertuples(index=False)
        ]

    def reasons_by_row(self) -> pd.Series:
        """Row index -> all its problems joined with '; ' (for the rejected-rows file)."""
        if not self._problems:
            return pd.Series(dtype=object)
        frame = pd.concat(self._problems)
        text = frame["column"].astype(str) + ": " + frame["reason"].astype(str)
        return text.groupby(level=0).agg("; ".join)


def _blank(index: pd.Index) -> pd.Series:
    return pd.Series("", index=index, dtype=object)
