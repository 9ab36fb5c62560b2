"""`python -m dashboard import KIND FILE`: dry run, refusal with problems, import, re-import."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard.cli import main
from data.db import make_engine
from data.migrate import upgrade
from data.schema import AuditEvent, Site
from tests.data.importing.support import template_path, write_csv


def _sites(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Site)).scalar_one()


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    upgrade(make_engine(url))
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_dry_run_then_import_then_reimport(database_url: str, capsys) -> None:
    sites = str(template_path("sites"))
    assert main(["import", "sites", sites, "--dry-run"]) == 0
    assert "2 new" in capsys.readouterr().out and _sites(database_url) == 0
    assert main(["import", "sites", sites]) == 0
    assert "2 new, 0 updated, 0 unchanged (were written)" in capsys.readouterr().out
    assert main(["import", "sites", sites, "--quiet"]) == 0
    assert "0 new, 0 updated, 2 unchanged" in capsys.readouterr().out
    engine = make_engine(database_url)
    with engine.connect() as conn:
        events = conn.execute(select(AuditEvent.username).where(AuditEvent.event == "import"))
        assert all(name.startswith("cli:") for name in events.scalars())


def test_a_file_with_problems_exits_1_and_lists_them(
    database_url: str, tmp_path: Path, capsys
) -> None:
    path = write_csv(
        tmp_path / "sites.csv",
        [{"site_code": "A", "site_name": "Alpha"}, {"site_code": "A", "site_name": "Beta"}],
    )
    assert main(["import", "sites", str(path)]) == 1
    out = capsys.readouterr().out
    assert "nothing was imported" in out
    assert "sites.csv, row 3, column site_code ('A'): duplicate key: already on row 2" in out
    assert _sites(database_url) == 0
    rejected = tmp_path / "rejects.csv"
    assert main(["import", "sites", str(path), "--skip-invalid", "--rejected", str(rejected)]) == 0
    assert rejected.exists() and _sites(database_url) == 1


def test_missing_file_and_unknown_kind(database_url: str, tmp_path: Path, capsys) -> None:
    assert main(["import", "sites", str(tmp_path / "nope.csv")]) == 1
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["import", "volunteers", str(template_path("sites"))])
