"""Pure figure builders: a small aggregated DataFrame in, a ``go.Figure`` out, no I/O.

Each builder titles its figure with what it shows, puts the underlying counts (the n) in the
hover text, and returns an empty-state figure that says why when there is nothing to draw.
"""

from dashboard.charts.activity import monthly_contacts_figure
from dashboard.charts.caseloads import caseload_capacity_figure, matches_by_month_figure
from dashboard.charts.common import empty_figure

__all__ = [
    "caseload_capacity_figure",
    "empty_figure",
    "matches_by_month_figure",
    "monthly_contacts_figure",
]
