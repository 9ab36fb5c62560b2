"""Ids of one mentee's own outcome chart."""

from __future__ import annotations


class MenteeIds:
    """One mentee's own outcome chart."""

    HEADING = "mentee-heading"
    MENTEE = "mentee-id"
    ALERT = "mentee-alert"
    PROFILE = "mentee-profile"
    INSTRUMENT = "mentee-instrument"
    CHANGE_GRAPH = "mentee-change-graph"
    CHANGE_CAPTION = "mentee-change-caption"
    HISTORY_GRAPH = "mentee-history-graph"
    HISTORY_CAPTION = "mentee-history-caption"
    MILESTONES = "mentee-milestones"
    MILESTONES_CSV = "mentee-milestones-csv"
    MILESTONES_XLSX = "mentee-milestones-xlsx"
    MILESTONES_DOWNLOAD = "mentee-milestones-download"
    MILESTONES_EXPORT_STATUS = "mentee-milestones-export-status"
    EVENTS = "mentee-events"
    EVENTS_CSV = "mentee-events-csv"
    EVENTS_XLSX = "mentee-events-xlsx"
    EVENTS_DOWNLOAD = "mentee-events-download"
    EVENTS_EXPORT_STATUS = "mentee-events-export-status"
