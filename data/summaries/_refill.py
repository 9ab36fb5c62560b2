"""Writing a summary table: its rows replaced by those of SELECTs, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, delete, insert


def refill(
    conn: Connection,
    table: Any,
    columns: Sequence[str],
    *rows: Select,
    where: ColumnElement[bool] | None = None,
) -> None:
    """Replace ``table``'s rows (those ``where`` holds for; None: every row) with the rows of
    each SELECT of ``rows`` in turn, each giving ``columns``."""
    conn.execute(delete(table) if where is None else delete(table).where(where))
    for statement in rows:
        conn.execute(insert(table).from_select(list(columns), statement))
