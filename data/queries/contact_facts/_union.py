"""A period's facts as one subquery: the summary's rows for its whole months (or weeks), then
the raw contacts of each partial edge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from sqlalchemy import Select, Subquery, union_all


def summary_and_edges(
    name: str,
    summary: Select | None,
    edge: Callable[[dt.date, dt.date], Select],
    edges: Iterable[tuple[dt.date, dt.date]],
) -> Subquery:
    """``summary`` (None when the period holds no whole unit) and ``edge(first, last)`` of each
    edge, UNION ALL'd into the subquery ``name`` (a single part stands alone)."""
    parts = [summary] if summary is not None else []
    parts.extend(edge(first, last) for first, last in edges)
    return (parts[0] if len(parts) == 1 else union_all(*parts)).subquery(name)
