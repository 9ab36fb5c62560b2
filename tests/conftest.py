"""Shared fixtures: databases at each scale, on SQLite always and PostgreSQL when configured.

``TEST_DATABASE_URL`` (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) adds a
PostgreSQL variant to every test that uses ``any_engine``/``demo_any_engine``; the schema there
is dropped and rebuilt by the migrations, so point it at a throwaway database.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import dash
import pytest
from sqlalchemy import Engine, make_url, text

from dashboard.settings import Settings
from data.db import make_engine
from data.migrate import head_revision, upgrade


def _create_database_if_missing(url: str) -> None:
    """Create the PostgreSQL database ``url`` names, through the server's ``postgres`` one."""
    parsed = make_url(url)
    server = make_engine(parsed.set(database="postgres").render_as_string(hide_password=False))
    with server.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
        ).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    server.dispose()


def _database_of_this_worker(url: str | None) -> str | None:
    """TEST_DATABASE_URL, or under pytest-xdist a database of this worker's own beside it
    (``<name>_gw0``, created when missing): workers never reset each other's tables. Set
    back into the environment so modules that read it see the same database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    parsed = make_url(url)
    own = parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)
    _create_database_if_missing(own)
    os.environ["TEST_DATABASE_URL"] = own
    return own


TEST_DATABASE_URL = _database_of_this_worker(os.environ.get("TEST_DATABASE_URL"))
BACKENDS = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups into the node ids
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist (``--dist loadgroup``, as bin/test runs it) a test file runs whole
    on one worker: its module-scoped state and its Redis database stay its own. (Browser
    tests can share the machine: each process serves dash_duo's apps on ports of its own,
    tests/browser/conftest.py.) Nothing to group when run with ``-p no:xdist``."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        if not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


TEST_ADMIN_PASSWORD = "admin-test-password-1"
TEST_DEMO_USER_PASSWORD = "demo-user-test-password-1"

# App-level fixtures (an app on the demo data, signed-in test clients) live in their own module.
pytest_plugins = ["tests.fixtures_app"]
DEMO_SEED = 11


def _reset_postgres(engine: Engine) -> None:
    # Everything the migrations made (tables, triggers, search columns) goes with the schema.
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


def _demo_database_url() -> str:
    """A second throwaway database beside TEST_DATABASE_URL's for the session's demo data.

    Tests that reset TEST_DATABASE_URL (``any_engine``) must not wipe the demo data that
    session-scoped fixtures built earlier, so the demo lives in ``<name>_demo``, created once.
    """
    assert TEST_DATABASE_URL
    url = make_url(TEST_DATABASE_URL)
    demo = url.set(database=f"{url.database}_demo").render_as_string(hide_password=False)
    _create_database_if_missing(demo)
    return demo


ROOT = Path(__file__).resolve().parent.parent
_sqlite_template: list[Path] = []
_HEAD_REVISION = functools.cache(head_revision)


@functools.cache
def _migrations_fingerprint() -> str:
    """A digest of every migration script: a database migrated by a draft of the head
    revision (same id, other content) is rebuilt, not reused."""
    digest = hashlib.sha256()
    for script in sorted((ROOT / "data" / "migrations" / "versions").glob("*.py")):
        digest.update(script.read_bytes())
    return digest.hexdigest()[:16]


def _migrated_sqlite_copy(target: Path) -> None:
    """A migrated SQLite file at ``target``: migrated once per session, then copied.

    Running every migration for each of hundreds of tests took minutes of the suite; a copy
    of one migrated file (through SQLite's backup API, so WAL content comes along) is the
    same database.
    """
    if not _sqlite_template:
        template = Path(tempfile.mkdtemp(prefix="pmd-template-")) / "migrated.sqlite3"
        engine = make_engine(f"sqlite:///{template}")
        upgrade(engine)
        engine.dispose()
        _sqlite_template.append(template)
    source = sqlite3.connect(_sqlite_template[0])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def _empty_postgres(engine: Engine) -> None:
    """Empty every table when the schema is at head (made by these very migration scripts),
    else drop it and migrate again."""
    with engine.begin() as conn:
        version = made_by = None
        if conn.execute(text("SELECT to_regclass('public.alembic_version')")).scalar():
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            made_by = conn.execute(
                text("SELECT obj_description('public.alembic_version'::regclass, 'pg_class')")
            ).scalar()
        if version == _HEAD_REVISION() and made_by == _migrations_fingerprint():
            tables = conn.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            ).scalars()
            names = ", ".join(f'"{name}"' for name in tables)
            if names:
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
    _reset_postgres(engine)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text(f"COMMENT ON TABLE alembic_version IS '{_migrations_fingerprint()}'"))


def _fresh_engine(backend: str, tmp_path: Path, database_url: str | None = None) -> Engine:
    if backend == "sqlite":
        target = tmp_path / "test.sqlite3"
        _migrated_sqlite_copy(target)
        return make_engine(f"sqlite:///{target}")
    url = database_url or TEST_DATABASE_URL
    assert url
    engine = make_engine(url)
    _empty_postgres(engine)
    return engine


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty, migrated SQLite database."""
    eng = _fresh_engine("sqlite", tmp_path)
    yield eng
    eng.dispose()


@pytest.fixture(params=BACKENDS)
def any_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty, migrated database on each configured backend."""
    eng = _fresh_engine(request.param, tmp_path)
    yield eng
    eng.dispose()


def _demo(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    from data.demo import generate

    database_url = _demo_database_url() if backend == "postgresql" else None
    eng = _fresh_engine(backend, tmp_path_factory.mktemp(f"demo-{backend}"), database_url)
    generate(eng, scale="small", seed=DEMO_SEED, progress=False)
    return eng


@pytest.fixture(scope="session")
def demo_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The small demo data set on SQLite, built once per test session. Treat as read-only."""
    eng = _demo("sqlite", tmp_path_factory)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def demo_pg_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine | None]:
    """The same small demo data set on PostgreSQL (None without TEST_DATABASE_URL)."""
    if not TEST_DATABASE_URL:
        yield None
        return
    eng = _demo("postgresql", tmp_path_factory)
    yield eng
    eng.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for an app under test: its own instance folder, no cache surprises."""
    return Settings(
        instance_path=tmp_path / "instance",
        secret_key="test-secret-key-not-for-production",
        admin_password=TEST_ADMIN_PASSWORD,
        demo_user_password=TEST_DEMO_USER_PASSWORD,
        cache_seconds=0,
    )


@pytest.fixture(autouse=True)
def _clean_page_registry() -> Iterator[None]:
    # dash.page_registry is global: every test starts and ends without another app's pages.
    dash.page_registry.clear()
    yield
    dash.page_registry.clear()
