"""Security headers, cross-site request refusal, friendly errors, the secret key, bandit."""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from dash import Dash

from dashboard import auth
from dashboard.settings import PROJECT_ROOT
from tests.fixtures_app import ClientFor
from tests.support import callback_body, callback_keys, same_origin_headers


def test_security_headers_on_pages_and_login(small_app: Dash) -> None:
    response = small_app.server.test_client().get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "img-src 'self' data:" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "null"},
    ],
)
def test_cross_origin_callback_is_refused(
    small_app: Dash, small_client_for: ClientFor, headers: dict[str, str]
) -> None:
    client = small_client_for("admin")
    body = callback_body(small_app, callback_keys(small_app)[1])
    response = client.post("/_dash-update-component", json=body, headers=headers)
    assert response.status_code == 403
    ok = client.post("/_dash-update-component", json=body, headers=same_origin_headers())
    assert ok.status_code == 200


def test_cross_origin_login_is_refused(small_app: Dash) -> None:
    client = small_app.server.test_client()
    response = client.post("/login", data={}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_failures_show_a_reference_not_a_traceback(
    small_app: Dash, small_client_for: ClientFor, caplog: pytest.LogCaptureFixture
) -> None:
    def explode() -> str:
        raise RuntimeError("secret internals: Jane Example")

    small_app.server.add_url_rule("/explode", "explode", explode)
    client = small_client_for("admin")
    response = client.get("/explode")
    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "reference" in text
    assert "Traceback" not in text and "Jane Example" not in text
    reference = text.split("reference ")[1][:12]
    assert any(reference in r.getMessage() for r in caplog.records)


def test_secret_key_is_generated_once_and_private(tmp_path: Path) -> None:
    first = auth.instance_secret_key(tmp_path)
    assert first == auth.instance_secret_key(tmp_path)
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600
    assert len(first) >= 40


def test_bandit_reports_no_high_severity_finding() -> None:
    """bandit (the test extra) beside this Python: the suite's security scan."""
    bandit = shutil.which("bandit", path=str(Path(sys.executable).parent))
    if bandit is None:
        pytest.skip("bandit is not installed")
    result = subprocess.run(
        [bandit, "-q", "-r", "dashboard", "data", "callbacks", "layouts", "app.py", "-lll"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
