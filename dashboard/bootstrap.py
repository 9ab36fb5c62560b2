"""Getting a database ready to serve: connect, migrate the demo, fill it on first run.

``python app.py`` calls ``prepare_database``; everything that can go wrong here raises
``DatabaseUnavailable`` with one line a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from dashboard.settings import Settings
from data.db import (
    DatabaseUnavailable,
    check_connection,
    database_has_program_data,
    make_engine,
)
from data.migrate import current_revision, head_revision, upgrade
from data.services.users import ensure_demo_users


@dataclass
class PreparedDatabase:
    """The engine to serve from, and what first-run set-up did (for printing once)."""

    engine: Engine
    created_demo: bool = False
    new_accounts: list[tuple[str, str, str | None]] = field(default_factory=list)


def prepare_database(settings: Settings) -> PreparedDatabase:
    """Connect; for the embedded demo, migrate and fill it with synthetic data on first run.

    A configured (non-demo) database is only checked: it must be migrated by the operator
    (``python -m dashboard db upgrade``), so several gunicorn workers never race to migrate.
    """
    if settings.is_demo:
        settings.instance_path.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.effective_database_url)
    check_connection(engine)
    if not settings.is_demo:
        if current_revision(engine) != head_revision():
            raise DatabaseUnavailable(
                "the database schema is not up to date: run `python -m dashboard db upgrade`"
            )
        return PreparedDatabase(engine)

    upgrade(engine)
    prepared = PreparedDatabase(engine)
    if not database_has_program_data(engine):
        # Imported only on a first run: the generator loads Faker and its locales.
        from data.demo import generate

        generate(engine, scale=settings.demo_scale, seed=settings.demo_seed, progress=True)
        prepared.created_demo = True
    prepared.new_accounts = ensure_demo_users(engine, settings)
    return prepared
