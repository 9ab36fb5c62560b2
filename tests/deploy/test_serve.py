"""The production path of the README, run as written: gunicorn with gunicorn.conf.py.

Starts gunicorn on a free loopback port against a fresh SQLite database prepared with the
README's operator commands, signs in, gets pages, reloads gracefully (HUP), stops; and checks
that it exits 2 with one line, starting no worker, when the database cannot be used.
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from tests.deploy.serve_support import (
    GUNICORN,
    ROOT,
    clean_env,
    dashboard_cli,
    free_port,
    sign_in,
    wait_until_serving,
)

PASSWORD = "a long deploy-test passphrase"


@pytest.fixture(scope="module")
def prepared_database(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A migrated SQLite database with small demo data and one admin, made by the CLI."""
    folder = tmp_path_factory.mktemp("deploy")
    env = clean_env(
        DATABASE_URL=f"sqlite:///{folder / 'program.sqlite3'}",
        INSTANCE_PATH=str(folder / "instance"),
        SECRET_KEY="deploy-test-secret-key-0123456789abcdef",
    )
    assert "revision" in dashboard_cli(env, "db", "upgrade")
    dashboard_cli(env, "demo", "--scale", "small")
    added = dashboard_cli(
        env, "users", "add", "ops", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert "password (shown once)" not in added
    return env


def test_gunicorn_serves_a_signed_in_page_and_reloads_gracefully(
    prepared_database: dict[str, str],
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    pidfile = Path(prepared_database["INSTANCE_PATH"]) / "gunicorn.pid"
    env = {**prepared_database, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"}
    process = subprocess.Popen(
        GUNICORN, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_until_serving(base, process)
        session = sign_in(base, "ops", PASSWORD)
        page = session.get(base + "/", timeout=30)
        assert page.status_code == 200
        assert page.headers["Server"] == "peer-mentoring-dashboard"  # no make or version
        assert 'id="login-username"' not in page.text
        layout = session.get(base + "/_dash-layout", timeout=30)
        assert layout.status_code == 200 and layout.json()
        assert int(pidfile.read_text().strip()) == process.pid

        process.send_signal(signal.SIGHUP)  # graceful reload: new workers, same master
        wait_until_serving(base, process)
        again = session.get(base + "/_dash-layout", timeout=30)
        assert again.status_code == 200, "the session must survive a reload"
    finally:
        process.terminate()
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert f"http://127.0.0.1:{port}/" in out
    assert "Traceback" not in err


@pytest.mark.parametrize("problem", ["unreachable", "not migrated"])
def test_gunicorn_exits_2_with_one_line_when_the_database_cannot_be_used(
    tmp_path: Path, problem: str
) -> None:
    if problem == "unreachable":
        url = f"postgresql+psycopg://dashboard:secret-pw@127.0.0.1:{free_port()}/nowhere"
        expected = "error: cannot reach the database at"
    else:
        url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        expected = "error: the database schema is not up to date"
    env = clean_env(
        DATABASE_URL=url,
        INSTANCE_PATH=str(tmp_path / "instance"),
        BIND=f"127.0.0.1:{free_port()}",
    )
    done = subprocess.run(
        GUNICORN, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(expected), lines[0]
    assert "secret-pw" not in lines[0]
    assert not (tmp_path / "instance" / "gunicorn.pid").exists()


def test_bin_serve_as_the_readme_says_exits_2_with_one_line(tmp_path: Path) -> None:
    """``bin/serve`` itself (its install step finds everything in place after bin/test)."""
    import hashlib

    stamp = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    needed = ["postgres", "redis", "sso", "prod"]
    if not all((ROOT / ".venv" / f".installed-{stamp}-{extra}").exists() for extra in needed):
        pytest.skip("run through bin/test, which installs bin/serve's extras first")
    env = clean_env(
        DATABASE_URL=f"postgresql+psycopg://dashboard@127.0.0.1:{free_port()}/nowhere",
        INSTANCE_PATH=str(tmp_path / "instance"),
        BIND=f"127.0.0.1:{free_port()}",
    )
    done = subprocess.run(
        [str(ROOT / "bin" / "serve")], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach the database"), lines
