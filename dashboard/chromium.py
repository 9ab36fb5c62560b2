"""Headless Chromium as this program runs it: Debian's binaries and the flags every run takes.

No sandbox (it runs as the service's own user, often in a container), no GPU, no shared-memory
folder, and nothing fetched from the network. A caller adds what is its own (a window size,
printing options).
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
)
