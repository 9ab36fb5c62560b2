"""The one clock sessions, lockouts and single sign-on read: seconds since the epoch.

Callers read it as ``clock.now()`` (never import the function itself), so a test that sets
``dashboard.auth.clock.now`` moves time for every one of them.
"""

from __future__ import annotations

import time


def now() -> float:
    """Seconds since the epoch."""
    return time.time()
