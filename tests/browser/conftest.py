"""Browser-test setup: Chromium options for running as root in a container, brisk waits."""

from __future__ import annotations

import functools
import os

import dash.testing.browser
from dash.testing.application_runners import BaseDashRunner
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.support.wait import WebDriverWait

# dash_duo's wait_for_* ask every 0.5 s (Selenium's default), so each wait overshot what it
# waited for by a quarter of a second on average, over hundreds of waits. Ask every 0.1 s.
dash.testing.browser.WebDriverWait = functools.partial(WebDriverWait, poll_frequency=0.1)  # type: ignore[misc]

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
