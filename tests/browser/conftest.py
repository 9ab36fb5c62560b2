"""Browser-test setup: Chromium options for running as root in a container."""

from __future__ import annotations

import os

from dash.testing.application_runners import BaseDashRunner
from selenium.webdriver.chrome.options import Options

# Dash's runner counts ports up from 58050 in every process: two test runs on one machine
# (a developer's and CI's, or parallel sessions) would collide. Start each process elsewhere.
BaseDashRunner._next_port = 20000 + (os.getpid() * 97) % 30000


def pytest_setup_options() -> Options:
    """dash_duo's hook for Chrome options: Chromium as root in a container needs these."""
    options = Options()
    for flag in (
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    return options
