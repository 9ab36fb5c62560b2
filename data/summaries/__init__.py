"""Summary tables at the grains the charts use, rebuilt after bulk loads.

Read by the query layer: ``rebuild_all`` is called by the demo generator and importers after
they write raw rows, so query functions can read pre-aggregated rows at large scale. The
summaries hold whole calendar months of contacts (``year_month`` = yyyymm) and whole quarters of
assessment scores; the query layer reads the partial months (quarters) at a period's edges
from the raw rows, so results stay exact.

Anything that writes contacts or assessments outside a bulk load must, in the same transaction,
call ``refresh_contact_months`` with the old and new dates of the contacts it changed (cheap),
or ``rebuild_all`` / ``rebuild_contact_summaries`` (everything), or the whole-month figures go
stale. ``python -m dashboard summaries rebuild`` rebuilds every summary from the raw rows.
The contact summaries come at three grains: mentor x month x type, mentor x mentee x month
(distinct mentees), and site x month (the program-wide monthly charts), plus running totals
per mentor and type through each month (any range of whole months in two rows per mentor),
mentor x week and site x month x mode (``weeks_and_modes``). The assessment summaries are
rebuilt whole (``assessments``).

The rebuilds use the query layer's calendar arithmetic (``data.queries.plumbing``) and never
its query functions; the query layer never imports the rebuilds.
"""

from __future__ import annotations

from sqlalchemy import Connection

from data.summaries.assessments import rebuild_assessment_summaries
from data.summaries.contacts import rebuild_contact_summaries, refresh_contact_months
from data.summaries.running import refresh_mentor_running


def rebuild_all(conn: Connection) -> None:
    """Recompute every summary table from the raw rows, inside the caller's transaction."""
    rebuild_contact_summaries(conn)
    rebuild_assessment_summaries(conn)


__all__ = [
    "rebuild_all",
    "rebuild_assessment_summaries",
    "rebuild_contact_summaries",
    "refresh_contact_months",
    "refresh_mentor_running",
]
