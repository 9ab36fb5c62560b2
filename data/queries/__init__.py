"""The shared query layer: one module per subject, each function answers one question.

Every function takes ``(engine, filters, ...)`` and returns a small aggregated DataFrame with
the columns its docstring lists (an empty frame keeps them). The site scope is ANDed into the
SQL of every query; where the numbers come from (raw rows or monthly summaries) stays hidden.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from data.queries.caseloads import (
    caseload_by_mentor,
    matches_by_month,
    mentees_without_recent_contact,
    waiting_list,
)
from data.queries.meta import mentors_for_filters, sites_for_scope
from data.queries.outcomes import distance_travelled, milestones_by_category, outcome_trend
from data.queries.overview import headline_figures, monthly_activity
from data.queries.workload import contact_types_by_mentor, workload_by_mentor

# Every (engine, filters) query function, by name: for the benchmark and the scope tests.
FILTER_QUERIES: dict[str, Callable[..., pd.DataFrame]] = {
    "headline_figures": headline_figures,
    "monthly_activity": monthly_activity,
    "caseload_by_mentor": caseload_by_mentor,
    "waiting_list": waiting_list,
    "matches_by_month": matches_by_month,
    "mentees_without_recent_contact": mentees_without_recent_contact,
    "workload_by_mentor": workload_by_mentor,
    "contact_types_by_mentor": contact_types_by_mentor,
    "outcome_trend": outcome_trend,
    "distance_travelled": distance_travelled,
    "milestones_by_category": milestones_by_category,
    "mentors_for_filters": mentors_for_filters,
}

__all__ = [
    "FILTER_QUERIES",
    "caseload_by_mentor",
    "contact_types_by_mentor",
    "distance_travelled",
    "headline_figures",
    "matches_by_month",
    "mentees_without_recent_contact",
    "mentors_for_filters",
    "milestones_by_category",
    "monthly_activity",
    "outcome_trend",
    "sites_for_scope",
    "waiting_list",
    "workload_by_mentor",
]
