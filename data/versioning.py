"""The data version: one counter bumped by every write, so caches never serve stale results."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.orm import Session

from data.schema import DataVersion


def current_version(engine: Engine) -> int:
    """The current data version (0 for a database that has never been written through us)."""
    with engine.connect() as conn:
        value = conn.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar()
    return int(value or 0)


def bump(bind: Session | Connection) -> None:
    """Increase the data version inside the caller's transaction (creates the row if needed)."""
    result = bind.execute(
        update(DataVersion).where(DataVersion.id == 1).values(version=DataVersion.version + 1)
    )
    if result.rowcount == 0:
        if isinstance(bind, Session):
            bind.add(DataVersion(id=1, version=1))
            bind.flush()
        else:
            bind.execute(DataVersion.__table__.insert().values(id=1, version=1))
