"""The migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, insert, select

from data.migrate import current_revision, head_revision, include_name, is_up_to_date, upgrade
from data.schema import Base, Site


def test_migrated_schema_matches_the_models(any_engine: Engine) -> None:
    assert is_up_to_date(any_engine)
    with any_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrade_again_keeps_existing_rows(any_engine: Engine) -> None:
    with any_engine.begin() as conn:
        conn.execute(insert(Site).values(id=1, code="RS", name="Riverside"))
    upgrade(any_engine)
    assert current_revision(any_engine) == head_revision()
    with any_engine.connect() as conn:
        assert conn.execute(select(Site.name)).scalars().all() == ["Riverside"]
