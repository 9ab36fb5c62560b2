"""Backups of the embedded SQLite database, consistent while the dashboard keeps serving.

PostgreSQL is backed up with its own tools (``pg_dump -Fc``; docs/deployment.md). SQLite is
copied with SQLite's online backup API (what the ``sqlite3`` shell's ``.backup`` does): the copy
is a consistent snapshot even while workers read and write, unlike copying the file, which can
miss what is still in the write-ahead log.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine


class BackupRefused(ValueError):
    """The backup cannot be made as asked (wrong backend, or the target already exists)."""


def backup_sqlite(engine: Engine, target: Path) -> Path:
    """Copy the SQLite database behind ``engine`` into the new file ``target``; return it."""
    if engine.dialect.name != "sqlite":
        raise BackupRefused(
            "db backup copies the SQLite database only; back up PostgreSQL with "
            "pg_dump -Fc (see docs/deployment.md)"
        )
    target = Path(target)
    if target.exists():
        raise BackupRefused(f"{target} already exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = engine.raw_connection()
    try:
        destination = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(destination)
        finally:
            destination.close()
    finally:
        raw.close()
    return target
