"""Ids of the Caseloads page."""

from __future__ import annotations


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
    WAITING_CSV = "caseloads-waiting-csv"
    WAITING_XLSX = "caseloads-waiting-xlsx"
    WAITING_DOWNLOAD = "caseloads-waiting-download"
    WAITING_EXPORT_STATUS = "caseloads-waiting-export-status"
    # Follow-up list: matched mentees with no contact for N days (N is ?days= in the URL).
    DAYS = "caseloads-days"
    FOLLOW_UP_GRID = "caseloads-follow-up-grid"
    FOLLOW_UP_NOTE = "caseloads-follow-up-note"
    FOLLOW_UP_CSV = "caseloads-follow-up-csv"
    FOLLOW_UP_XLSX = "caseloads-follow-up-xlsx"
    FOLLOW_UP_DOWNLOAD = "caseloads-follow-up-download"
    FOLLOW_UP_EXPORT_STATUS = "caseloads-follow-up-export-status"
    NEW_MENTOR_GRID = "caseloads-new-mentor-grid"
    NEW_MENTOR_NOTE = "caseloads-new-mentor-note"
    NEW_MENTOR_CSV = "caseloads-new-mentor-csv"
    NEW_MENTOR_XLSX = "caseloads-new-mentor-xlsx"
    NEW_MENTOR_DOWNLOAD = "caseloads-new-mentor-download"
    NEW_MENTOR_EXPORT_STATUS = "caseloads-new-mentor-export-status"
    PLACES_GRAPH = "caseloads-places-graph"
    PLACES_CAPTION = "caseloads-places-caption"
    PLACES_GRID = "caseloads-places-grid"
    PLACES_CSV = "caseloads-places-csv"
    PLACES_XLSX = "caseloads-places-xlsx"
    PLACES_DOWNLOAD = "caseloads-places-download"
    PLACES_EXPORT_STATUS = "caseloads-places-export-status"
    CLOSURES_GRAPH = "caseloads-closures-graph"
    RETENTION_GRAPH = "caseloads-retention-graph"
    LIFECYCLE_CAPTION = "caseloads-lifecycle-caption"
    DAYS_URL = "caseloads-days-url"  # dcc.Location (no reload) that keeps ?days= in the URL
    FOLLOW_UP_QUERY = "caseloads-follow-up-query"  # the filters plus days, for the export
