"""The benchmarks' databases: built once, then reused while their recorded build matches.

An SQLite database is cached as a file in ``instance/bench/`` with a ``.json`` record beside
it; a server database (``--database-url``) is dropped and rebuilt when the record kept for it
there names another build. Building always starts from the migrations, as a deploy does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, text

from data.db import make_engine
from data.migrate import upgrade
from data.schema import Base

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = ROOT / "instance" / "bench"
# Fills a freshly migrated, empty database; returns the seconds it took.
Builder = Callable[[Engine], float]


def cached_sqlite(path: Path, build: Builder, record: dict[str, object]) -> tuple[Engine, dict]:
    """The SQLite database at ``path`` and its record (``record`` plus the build seconds),
    built by ``build`` when the file or its record is missing."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    record_path = path.with_suffix(".json")
    if path.exists() and record_path.exists():
        return make_engine(f"sqlite:///{path}"), json.loads(record_path.read_text())
    building = path.with_suffix(".building")
    for leftover in path.parent.glob(f"{building.name}*"):
        leftover.unlink()
    engine = make_engine(f"sqlite:///{building}")
    upgrade(engine)
    seconds = build(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    building.rename(path)
    record = {**record, "build_seconds": round(seconds, 1)}
    record_path.write_text(json.dumps(record))
    return make_engine(f"sqlite:///{path}"), record


def server_record_path(engine: Engine, prefix: str) -> Path:
    """Where the record of the server database behind ``engine`` is kept."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    where = re.sub(r"[^A-Za-z0-9]+", "_", engine.url.render_as_string(hide_password=True))
    return CACHE_DIR / f"{prefix}{where}.json"


def rebuild_server(engine: Engine, build: Builder) -> float:
    """Drop everything in the server database, migrate it, fill it with ``build`` and analyse
    it; returns the seconds ``build`` took."""
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(engine)
    seconds = build(engine)
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    return seconds
