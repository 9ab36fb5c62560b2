"""Browser-test setup: Chromium options for running as root in a container."""

from __future__ import annotations

from selenium.webdriver.chrome.options import Options


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
