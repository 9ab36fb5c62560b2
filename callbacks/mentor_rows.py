"""How many mentors a chart with one row per mentor may draw before it draws sites instead.

Above ``MAX_MENTOR_ROWS`` mentors in view (an admin looking at every site of a large
program), a row per mentor cannot be read and takes a browser many seconds to draw: such
charts are drawn in their whole-program form, one row per site (``dashboard/charts/program.py``,
from ``data/queries/program/``), where a click on a site narrows the page to it. Every
mentor stays listed in the Workload page's table.
"""

from __future__ import annotations

MAX_MENTOR_ROWS = 60


def draws_sites(mentors: int, limit: int | None = None) -> bool:
    """True when ``mentors`` in view are too many for a row each: draw a row per site."""
    limit = MAX_MENTOR_ROWS if limit is None else limit
    return mentors > limit
