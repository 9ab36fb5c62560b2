"""Helpers for the production-path tests: run the README's commands and gunicorn as a user would."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from data import clock

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(**values: str) -> dict[str, str]:
    """The environment without any dashboard or gunicorn setting of the caller, plus ``values``."""
    dropped = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "INSTANCE_PATH", "BIND", "HOST", "PORT")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in dropped and not k.startswith(("DASHBOARD_", "GUNICORN_", "WEB_CONCURRENCY"))
    }
    if os.environ.get(clock.ENV_VARIABLE):  # the suite's day of the calendar, not a setting
        env[clock.ENV_VARIABLE] = os.environ[clock.ENV_VARIABLE]
    env.update(values)
    return env


def dashboard_cli(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    """Run ``python -m dashboard ARGS`` as the README does; return its output (must succeed)."""
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def wait_until_serving(base: str, process: subprocess.Popen, seconds: float = 90.0) -> None:
    """Wait until ``base``/login answers; fail if the server exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _, err = process.communicate()
            raise AssertionError(f"gunicorn exited with {process.returncode}: {err}")
        try:
            if requests.get(base + "/login", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or no worker booted yet
            pass
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer on {base} within {seconds} s")


def sign_in(base: str, username: str, password: str) -> requests.Session:
    """A session signed in through /login's form, as a browser would."""
    session = requests.Session()
    form = session.get(base + "/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token, "the sign-in form has no CSRF token"
    answer = session.post(
        base + "/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
        headers={"Origin": base, "Referer": base + "/login"},
        timeout=10,
        allow_redirects=False,
    )
    assert answer.status_code in (302, 303), answer.text[:300]
    return session
