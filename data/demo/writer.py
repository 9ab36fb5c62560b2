"""Batched inserts for the demo generator: constant memory however many rows are written."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, false, func, select


class BatchWriter:
    """Buffers rows per table and inserts them with SQLAlchemy Core in batches.

    ``tables`` lists every table in foreign-key order (parents first). When any buffer is
    full, all buffers are flushed in that order, so a child row is never inserted before the
    parent row it references, and memory stays bounded by ``batch_size`` rows per table.
    """

    def __init__(self, conn: Connection, tables: Iterable[Table], batch_size: int = 10_000):
        self.conn = conn
        self.batch_size = batch_size
        self._buffers: dict[str, list[dict[str, Any]]] = {t.name: [] for t in tables}
        self._tables: dict[str, Table] = {t.name: t for t in tables}
        self.counts: dict[str, int] = dict.fromkeys(self._buffers, 0)

    def add(self, table: Table, row: dict[str, Any]) -> None:
        """Queue one row for ``table``; inserts happen when a buffer fills."""
        buffer = self._buffers[table.name]
        buffer.append(row)
        if len(buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Insert every queued row, parents before children."""
        for name, buffer in self._buffers.items():
            if buffer:
                self.conn.execute(self._tables[name].insert(), buffer)
                self.counts[name] += len(buffer)
                self._buffers[name] = []


def reset_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """On PostgreSQL, move each table's id sequence past the explicit ids we inserted.

    Without this the app's next insert (a new note, say) would reuse id 1 and fail.
    """
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" not in table.c:
            continue
        next_id = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        sequence = func.pg_get_serial_sequence(table.name, "id")
        conn.execute(select(func.setval(sequence, next_id, false())))
