"""Ids of the Caseloads page."""

from __future__ import annotations

from layouts.ids.exports import export_ids


class CaseloadsIds:
    """The Caseloads page."""

    HEADING = "caseloads-heading"
    QUERY = "caseloads-query"
    ALERT = "caseloads-alert"
    NAV = "caseloads-nav"  # dcc.Location a click on a mentor or a month navigates with
    CAPACITY_GRAPH = "caseloads-capacity-graph"
    CAPACITY_CAPTION = "caseloads-capacity-caption"
    MATCHES_GRAPH = "caseloads-matches-graph"
    WAITING_GRID = "caseloads-waiting-grid"
    WAITING_NOTE = "caseloads-waiting-note"
    WAITING_EXPORT_IDS = export_ids("caseloads-waiting")
    # Follow-up list: matched mentees with no contact for N days (N is ?days= in the URL).
    DAYS = "caseloads-days"
    FOLLOW_UP_GRID = "caseloads-follow-up-grid"
    FOLLOW_UP_NOTE = "caseloads-follow-up-note"
    FOLLOW_UP_EXPORT_IDS = export_ids("caseloads-follow-up")
    NEW_MENTOR_GRID = "caseloads-new-mentor-grid"
    NEW_MENTOR_NOTE = "caseloads-new-mentor-note"
    NEW_MENTOR_EXPORT_IDS = export_ids("caseloads-new-mentor")
    PLACES_GRAPH = "caseloads-places-graph"
    PLACES_CAPTION = "caseloads-places-caption"
    PLACES_GRID = "caseloads-places-grid"
    PLACES_EXPORT_IDS = export_ids("caseloads-places")
    CLOSURES_GRAPH = "caseloads-closures-graph"
    RETENTION_GRAPH = "caseloads-retention-graph"
    LIFECYCLE_CAPTION = "caseloads-lifecycle-caption"
    DAYS_URL = "caseloads-days-url"  # dcc.Location (no reload) that keeps ?days= in the URL
    FOLLOW_UP_QUERY = "caseloads-follow-up-query"  # the filters plus days, for the export
