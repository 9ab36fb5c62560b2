"""Alembic migrations, run programmatically: ``python -m dashboard db upgrade``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Objects the migrations create that no model describes: per-backend full-text search
# (0005: SQLite's FTS5 table and the shadow tables it makes, PostgreSQL's GIN index).
UNMODELLED_OBJECTS = frozenset(
    {
        "consultation_notes_fts",
        "consultation_notes_fts_data",
        "consultation_notes_fts_idx",
        "consultation_notes_fts_docsize",
        "consultation_notes_fts_config",
        "consultation_notes_fts_content",
        "ix_consultation_notes_search",
    }
)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic ``include_name`` hook: compare everything but ``UNMODELLED_OBJECTS``."""
    return name not in UNMODELLED_OBJECTS


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config pointing at data/migrations (and at ``url`` when given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database's schema up to ``revision`` without losing data."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision the code knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_up_to_date(engine: Engine) -> bool:
    """True when the database is at the newest revision."""
    return current_revision(engine) == head_revision()
