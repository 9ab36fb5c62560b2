"""How many mentors a chart with one row per mentor may draw before it asks for less.

Above ``MAX_MENTOR_ROWS`` mentors in view (an admin looking at every site of a large
program), such charts cannot be read and take a browser many seconds to draw: they show
why, and what to choose instead, in place of the chart.
"""

from __future__ import annotations

MAX_MENTOR_ROWS = 60


def too_many_mentors_reason(mentors: int, limit: int | None = None) -> str | None:
    """The plain-language reason a per-mentor chart is not drawn, or None when it is."""
    limit = MAX_MENTOR_ROWS if limit is None else limit
    if mentors <= limit:
        return None
    return (
        f"{mentors:,} mentors are in view: too many to draw a row for each. Choose a site, "
        f"or up to {limit} mentors, in the filter bar; the tables list every mentor."
    )
