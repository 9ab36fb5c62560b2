"""Emptying a database of program data before demo data is generated again (never users)."""

from __future__ import annotations

from sqlalchemy import Engine, delete

from data import versioning
from data.schema import Base

# Tables that belong to people and the record of what they did: kept across a demo reset.
# (user_sites is not kept: its rows point at the sites being deleted.)
KEPT_TABLES = frozenset({"users", "audit_events", "data_version", "alembic_version"})


def delete_program_data(engine: Engine) -> None:
    """Delete every program row, children before parents, in one transaction.

    User site grants are kept only for sites that survive, i.e. none: users keep their accounts
    and roles but must be granted sites again (admins see all sites regardless).
    """
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                conn.execute(delete(table))
        versioning.bump(conn)
