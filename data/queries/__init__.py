"""The shared query layer: one package per subject, each function answers one question.

Every function takes ``(engine, filters, ...)`` and returns a small aggregated DataFrame with
the columns its docstring lists (an empty frame keeps them). The site scope is ANDed into the
SQL of every query; where the numbers come from (raw rows or monthly summaries) stays hidden.

Subjects, by what they answer: ``overview``, ``caseloads``, ``workload`` (per mentor),
``program`` (per site), ``groups``, ``mentors``, ``outcomes``, ``notes``, ``meeting``
(the shared screen), ``attention``, ``audit``, ``meta`` (filter options). Beneath them,
``contact_facts`` reads contact figures from the summaries and the raw rows, and ``plumbing``
holds what every subject is built from (connection, SQL and frames, the shared clauses,
calendar arithmetic, the small-count rule). This module keeps the registry of every
``(engine, filters)`` query function.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from data.queries.attention import attention_items, weekly_wins
from data.queries.caseloads import (
    caseload_by_mentor,
    match_closures_by_reason,
    match_length,
    match_retention,
    matches_by_month,
    mentees_needing_new_mentor,
    mentees_without_recent_contact,
    places_against_waits,
    waiting_list,
)
from data.queries.groups import group_attendance_by_session, group_sessions_by_mentor
from data.queries.mentors import caseload_by_month, mentor_profile, milestones_of_mentees
from data.queries.meta import mentors_for_filters, sites_for_scope
from data.queries.outcomes import (
    assessments_due,
    distance_travelled,
    event_rates,
    follow_up_completeness,
    milestones_by_category,
    milestones_by_month,
    outcome_cohorts,
    outcome_instruments,
    outcome_trend,
    reliable_change,
    time_to_first_milestone,
)
from data.queries.overview import headline_figures, monthly_activity
from data.queries.program import (
    caseload_by_site,
    contact_types_by_site,
    contacts_by_site_week,
    crisis_by_site_month,
    direct_service_by_site_month,
    group_sessions_by_site,
)
from data.queries.workload import (
    contact_mix_by_month,
    contact_modes_by_month,
    contact_types_by_mentor,
    contacts_by_mentor_week,
    contacts_by_week,
    crisis_by_mentor_month,
    crisis_rise_by_mentor,
    mentor_month_workload,
    workload_by_mentor,
)

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
    # Workload, groups and mentor pages.
    "contacts_by_mentor_week": contacts_by_mentor_week,
    "contacts_by_week": contacts_by_week,
    "mentor_month_workload": mentor_month_workload,
    "crisis_by_mentor_month": crisis_by_mentor_month,
    "crisis_rise_by_mentor": crisis_rise_by_mentor,
    "contact_mix_by_month": contact_mix_by_month,
    "contact_modes_by_month": contact_modes_by_month,
    "group_sessions_by_mentor": group_sessions_by_mentor,
    "group_attendance_by_session": group_attendance_by_session,
    "mentor_profile": mentor_profile,
    "caseload_by_month": caseload_by_month,
    "milestones_of_mentees": milestones_of_mentees,
    # The whole program, a row per site: Workload and Caseloads with many mentors in view.
    "contacts_by_site_week": contacts_by_site_week,
    "contact_types_by_site": contact_types_by_site,
    "crisis_by_site_month": crisis_by_site_month,
    "direct_service_by_site_month": direct_service_by_site_month,
    "group_sessions_by_site": group_sessions_by_site,
    "caseload_by_site": caseload_by_site,
    "mentees_needing_new_mentor": mentees_needing_new_mentor,
    "places_against_waits": places_against_waits,
    "match_closures_by_reason": match_closures_by_reason,
    "match_retention": match_retention,
    "match_length": match_length,
    "outcome_trend": outcome_trend,
    "distance_travelled": distance_travelled,
    "milestones_by_category": milestones_by_category,
    "reliable_change": reliable_change,
    "outcome_cohorts": outcome_cohorts,
    "outcome_instruments": outcome_instruments,
    "event_rates": event_rates,
    "assessments_due": assessments_due,
    "follow_up_completeness": follow_up_completeness,
    "milestones_by_month": milestones_by_month,
    "time_to_first_milestone": time_to_first_milestone,
    "mentors_for_filters": mentors_for_filters,
    # The attention list: every kind of item, with the supervisors' marks.
    "attention_items": attention_items,
    "weekly_wins": weekly_wins,
}

__all__ = ["FILTER_QUERIES", "sites_for_scope", *FILTER_QUERIES]
