"""The Overview page: headline figures on the period's last day, and activity month by month."""

from data.queries.overview.activity import MONTHLY_COLUMNS, monthly_activity
from data.queries.overview.headline import HEADLINE_COLUMNS, headline_figures, weighted_median

__all__ = [
    "HEADLINE_COLUMNS",
    "MONTHLY_COLUMNS",
    "headline_figures",
    "monthly_activity",
    "weighted_median",
]
