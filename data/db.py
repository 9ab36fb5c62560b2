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


# Session settings every PostgreSQL connection starts with, unless the URL's ``options`` name
# the setting (see ``postgres_connect_args``).
POSTGRES_SESSION_SETTINGS = {
    # The dashboard's queries read summary tables and indexes and finish in milliseconds, but
    # their cost estimates can pass ``jit_above_cost``: PostgreSQL then spends 200-450 ms
    # compiling a query that runs in 60 (measured at the large scale).
    "jit": "off",
    # The planner's default (4) prices a random page read for spinning disks. The tables the
    # dashboard reads are small and cached, so a nested loop over an index beats hashing a
    # whole table: a site's group sessions joined to their facilitators, 6-12 ms by hash join,
    # 3 ms by the primary-key index. 1.1 is the usual setting for SSD or cached data.
    "random_page_cost": "1.1",
}


def postgres_connect_args(query: Mapping[str, object]) -> dict[str, str]:
    """Session options for PostgreSQL: ``POSTGRES_SESSION_SETTINGS`` added to the URL's own
    ``options``, except a setting those options already name (the URL wins)."""
    options = query.get("options", "")
    options = " ".join(options) if isinstance(options, tuple) else str(options)
    added = [
        f"-c {name}={value}"
        for name, value in POSTGRES_SESSION_SETTINGS.items()
        if name not in options
    ]
    if not added:
        return {}
    return {"options": " ".join([options, *added]).strip()}


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


def database_has_program_data(engine: Engine) -> bool:
    """True when any site exists (every program row hangs off a site): the demo is filled
    on first run only when this is False."""
    with engine.connect() as conn:
        return conn.execute(text("SELECT EXISTS (SELECT 1 FROM sites)")).scalar_one() in (1, True)
