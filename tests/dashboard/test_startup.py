"""Starting the app: a bad or unreachable database gives one clear line and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(
    args: list[str], env_overrides: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DASHBOARD_"))}
    env.update({"DASHBOARD_INSTANCE_PATH": str(tmp_path / "instance"), **env_overrides})
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url at all", "not a valid database URL"),
        ("nosuchdb://localhost/x", "no driver"),
        ("postgresql+psycopg://nobody:secret@127.0.0.1:1/none", "cannot reach the database"),
    ],
)
@pytest.mark.parametrize("entry", [["app.py"], ["-m", "dashboard", "db", "upgrade"]])
def test_bad_database_url_is_one_clear_line_and_exit_2(entry, url, expected, tmp_path) -> None:
    result = _run(entry, {"DATABASE_URL": url}, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert "secret" not in result.stderr  # the password never appears
    assert "Traceback" not in result.stderr


def test_cli_help_lists_every_operator_task(tmp_path: Path) -> None:
    result = _run(["-m", "dashboard", "--help"], {}, tmp_path)
    assert result.returncode == 0
    for task in ("demo", "db", "users", "settings"):
        assert task in result.stdout


def test_settings_task_hides_secrets(tmp_path: Path) -> None:
    result = _run(
        ["-m", "dashboard", "settings"],
        {"SECRET_KEY": "top-secret-value", "DATABASE_URL": "postgresql+psycopg://u:pw123@h/db"},
        tmp_path,
    )
    assert result.returncode == 0
    assert "top-secret-value" not in result.stdout
    assert "pw123" not in result.stdout
    assert "secret_key" in result.stdout
