"""Engine and session factory for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session


class DatabaseUnavailable(RuntimeError):
    """The database URL is malformed, its driver is missing, or the server does not answer."""


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets readers (dashboard callbacks) run while a writer (a note save, an import) commits;
    # SQLite ignores foreign keys unless told otherwise on every connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def postgres_connect_args(query: Mapping[str, object]) -> dict[str, str]:
    """Session options for PostgreSQL: JIT compilation off, unless the URL says otherwise.

    The dashboard's queries read summary tables and indexes and finish in milliseconds, but
    their cost estimates can pass ``jit_above_cost``: PostgreSQL then spends 200-450 ms
    compiling a query that runs in 60 (measured at the large scale). A URL whose ``options``
    already mention ``jit`` keeps its own setting.
    """
    options = query.get("options", "")
    options = " ".join(options) if isinstance(options, tuple) else str(options)
    if "jit" in options:
        return {}
    return {"options": f"{options} -c jit=off".strip()}


def make_engine(url: str) -> Engine:
    """Build an engine for ``url``; raise DatabaseUnavailable with one clear line on a bad URL.

    Bound parameters are hidden from SQLAlchemy's errors and logs: they can hold mentee names.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(f"DATABASE_URL is not a valid database URL: {exc}") from None
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, hide_parameters=True)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            connect_args = (
                postgres_connect_args(parsed.query)
                if parsed.get_backend_name() == "postgresql"
                else {}
            )
            engine = create_engine(
                parsed,
                pool_pre_ping=True,
                pool_size=5,
                max_overflow=10,
                hide_parameters=True,
                connect_args=connect_args,
            )
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise DatabaseUnavailable(
            f"no driver for {parsed.drivername!r} ({exc}); for PostgreSQL use "
            "postgresql+psycopg://... and install the [postgres] extra"
        ) from None
    return engine


def check_connection(engine: Engine) -> None:
    """Raise DatabaseUnavailable, with the host but never the password, if the database is down."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(f"cannot reach the database at {where}: {reason}") from None


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
