"""`python -m dashboard demo`: fills a database once; replacing it needs --reset and keeps users."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import func, select

from dashboard.cli import main
from data.db import make_engine
from data.schema import Mentee, User


def test_demo_fills_refuses_to_overwrite_and_resets_keeping_users(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DASHBOARD_INSTANCE_PATH", str(tmp_path))
    assert main(["demo", "--scale", "small", "--seed", "3"]) == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    with engine.connect() as conn:
        mentees = conn.execute(select(func.count()).select_from(Mentee)).scalar_one()
    assert mentees > 0

    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-password\n"))
    assert main(["users", "add", "kim", "--role", "admin", "--password-stdin"]) == 0
    assert main(["demo", "--scale", "small", "--seed", "3"]) == 1
    assert "--reset" in capsys.readouterr().out

    assert main(["demo", "--scale", "small", "--seed", "4", "--reset"]) == 0
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Mentee)).scalar_one() > 0
        assert conn.execute(select(User.username)).scalars().all() == ["kim"]
