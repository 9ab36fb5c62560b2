"""Ids of one mentee's own outcome chart."""

from __future__ import annotations

from layouts.ids.exports import export_ids


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
    MILESTONES_EXPORT_IDS = export_ids("mentee-milestones")
    EVENTS = "mentee-events"
    EVENTS_EXPORT_IDS = export_ids("mentee-events")
