"""What every kind's row builder shares: the row, its typed frame, the words of a detail, and
the sites in scope by name."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
from sqlalchemy import Engine, null, select

from data.filters import Filters
from data.queries.attention.kinds import ITEM_COLUMNS
from data.queries.plumbing.clauses import mentee_identity
from data.queries.plumbing.connection import connection
from data.queries.plumbing.frames import typed_frame
from data.queries.plumbing.sql import fetch
from data.schema import Mentee, Site

Row = tuple[Any, ...]


def day_text(day: dt.date) -> str:
    """'3 Mar 2026'."""
    return f"{day.day} {day:%b %Y}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 mentee', '2 mentees'."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def mentee_columns(filters: Filters) -> list[Any]:
    """Mentee id, code and name, or NULLs when the scope may not see identities."""
    mentee_id = Mentee.id if filters.scope.see_identities else null()
    return [mentee_id, *mentee_identity(filters)]


def item_kind(build: Callable[..., list[Row]]) -> Callable[..., pd.DataFrame]:
    """A kind's public function from its row builder: the same arguments, a typed frame.
    ``attention_items`` calls the builder itself (``__wrapped__``) and types rows once."""

    @functools.wraps(build)
    def items(engine: Engine, filters: Filters, *args: Any, **kwargs: Any) -> pd.DataFrame:
        with connection(engine):
            return typed_frame(build(engine, filters, *args, **kwargs), ITEM_COLUMNS)

    return items


def records_in_scope(
    engine: Engine, filters: Filters, frame: pd.DataFrame
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(site id, row) of each row of ``frame`` (another subject's answer, with a ``site``
    name) whose site is in scope; the sites are read only when ``frame`` has rows."""
    if frame.empty:
        return
    rows = fetch(engine, select(Site.name, Site.id).where(filters.site_clause(Site.id)))
    sites = {str(name): int(site_id) for name, site_id in rows}
    for record in frame.to_dict("records"):
        if record["site"] in sites:
            yield sites[record["site"]], record
