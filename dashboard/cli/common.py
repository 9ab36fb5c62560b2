"""What the operator tasks share: opening the database the settings name."""

from __future__ import annotations

from sqlalchemy import Engine

from dashboard.settings import Settings
from data.db import check_connection, make_engine

EXIT_DB_UNAVAILABLE = 2


def open_engine(settings: Settings, create_demo_folder: bool = False) -> Engine:
    """An engine on the settings' database, its connection checked (DatabaseUnavailable
    otherwise). ``create_demo_folder``: make the instance folder the embedded demo database
    lives in first, for the tasks that may create or migrate it."""
    if create_demo_folder and settings.is_demo:
        settings.instance_path.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.effective_database_url)
    check_connection(engine)
    return engine
