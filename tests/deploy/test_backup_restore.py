"""Backups restored into a fresh database serve the same figures (docs/deployment.md).

SQLite: ``python -m dashboard db backup FILE`` while the database is open, then the copy is
served as a new database. PostgreSQL (with TEST_DATABASE_URL): ``pg_dump -Fc`` and
``pg_restore`` into a freshly created database, as the deployment guide says.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url

from data.db import make_engine
from data.demo import generate
from data.filters import AccessScope, Filters
from data.migrate import current_revision, head_revision
from data.queries import FILTER_QUERIES
from data.schema import Contact
from tests.deploy.serve_support import ROOT, clean_env

ADMIN = AccessScope("admin", all_sites=True, see_identities=True, username="backup-test")


def figures(engine: Engine) -> dict[str, pd.DataFrame]:
    """Every query-layer answer for the whole range of the data, as an admin."""
    with engine.connect() as conn:
        first, last = conn.execute(
            select(func.min(Contact.contact_date), func.max(Contact.contact_date))
        ).one()
    start = dt.date.fromisoformat(str(first)[:10])
    end = dt.date.fromisoformat(str(last)[:10])
    filters = Filters(start, end, scope=ADMIN)
    return {name: fn(engine, filters) for name, fn in FILTER_QUERIES.items()}


def assert_same_figures(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> None:
    assert before.keys() == after.keys()
    for name, frame in before.items():
        pd.testing.assert_frame_equal(frame, after[name], obj=name)
    assert int(before["monthly_activity"]["contacts"].sum()) > 0


def test_sqlite_backup_while_open_restores_to_the_same_figures(tmp_path: Path) -> None:
    source_path = tmp_path / "live.sqlite3"
    source = make_engine(f"sqlite:///{source_path}")
    env = clean_env(DATABASE_URL=f"sqlite:///{source_path}", INSTANCE_PATH=str(tmp_path / "i"))
    subprocess.run(
        [sys.executable, "-m", "dashboard", "db", "upgrade"], cwd=ROOT, env=env, check=True
    )
    generate(source, scale="small", seed=5, progress=False)
    before = figures(source)

    backup = tmp_path / "backups" / "nightly.sqlite3"
    with source.connect():  # a connection stays open, as a serving worker's would
        done = subprocess.run(
            [sys.executable, "-m", "dashboard", "db", "backup", str(backup)],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    again = subprocess.run(
        [sys.executable, "-m", "dashboard", "db", "backup", str(backup)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert again.returncode == 1 and "already exists" in again.stderr

    restored_path = tmp_path / "restored" / "program.sqlite3"
    restored_path.parent.mkdir()
    shutil.copyfile(backup, restored_path)
    restored = make_engine(f"sqlite:///{restored_path}")
    assert current_revision(restored) == head_revision()
    assert_same_figures(before, figures(restored))
    source.dispose()
    restored.dispose()


@pytest.mark.postgres
def test_postgres_dump_restored_into_a_fresh_database_gives_the_same_figures(
    tmp_path: Path,
) -> None:
    from tests.conftest import TEST_DATABASE_URL, _fresh_engine

    if not TEST_DATABASE_URL or not shutil.which("pg_dump"):
        pytest.skip("needs TEST_DATABASE_URL and pg_dump")
    source = _fresh_engine("postgresql", tmp_path)
    generate(source, scale="small", seed=5, progress=False)
    before = figures(source)

    libpq = source.url.set(drivername="postgresql")
    dump = tmp_path / "program.dump"
    subprocess.run(
        ["pg_dump", "-Fc", "--no-owner", "-f", str(dump),
         libpq.render_as_string(hide_password=False)],
        check=True,
    )  # fmt: skip
    fresh_name = f"{libpq.database}_restore"
    admin = make_engine(str(make_url(TEST_DATABASE_URL).set(database="postgres")))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{fresh_name}"'))
        conn.execute(text(f'CREATE DATABASE "{fresh_name}"'))
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d",
             libpq.set(database=fresh_name).render_as_string(hide_password=False), str(dump)],
            check=True,
        )  # fmt: skip
        restored = make_engine(str(source.url.set(database=fresh_name)))
        assert current_revision(restored) == head_revision()
        assert_same_figures(before, figures(restored))
        restored.dispose()
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{fresh_name}" WITH (FORCE)'))
        admin.dispose()
        source.dispose()
