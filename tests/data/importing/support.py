"""Helpers for the import tests: files written from rows, a database with the templates' people."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Engine, func, select

from data.importing import import_file
from data.importing.kinds import KINDS
from data.importing.templates import TEMPLATE_DIR, write_all

BASE_KINDS = ("sites", "mentors", "mentees", "matches")


def template_path(kind: str) -> Path:
    """The repository's example file of ``kind`` (docs/import/templates/NN_kind.csv)."""
    position = list(KINDS).index(kind) + 1
    return TEMPLATE_DIR / f"{position:02d}_{kind}.csv"


def write_csv(
    path: Path, rows: list[dict[str, object]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    """Write ``rows`` (dicts with the same keys) as a CSV file."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def import_templates(engine: Engine, kinds: tuple[str, ...] = BASE_KINDS) -> None:
    """Import the repository's templates of ``kinds`` (they must import cleanly)."""
    for kind in kinds:
        result = import_file(engine, kind, template_path(kind))
        assert result.committed, [str(p) for p in result.problems]


def count(engine: Engine, table) -> int:  # type: ignore[no-untyped-def]
    """Rows in ``table`` (a model class)."""
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def table_rows(engine: Engine, table) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Every row of ``table`` (a model class), sorted, for before/after comparisons."""
    with engine.connect() as conn:
        return sorted(conn.execute(select(table)).all(), key=repr)


def templates_are_current() -> bool:
    """True when docs/import/templates/ holds exactly what the kinds' examples say."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        fresh = write_all(Path(tmp))
        return all(
            (TEMPLATE_DIR / p.name).exists()
            and (TEMPLATE_DIR / p.name).read_text() == p.read_text()
            for p in fresh
        )
