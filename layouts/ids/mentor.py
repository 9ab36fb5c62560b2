"""Ids of a mentor's page and supervision card."""

from __future__ import annotations


class MentorIds:
    """A mentor's page and supervision card."""

    HEADING = "mentor-heading"
    QUERY = "mentor-query"  # dcc.Store: the URL's filters and the mentor id from the path
    ALERT = "mentor-alert"
    NAV = "mentor-nav"
    PROFILE = "mentor-profile"
    ACCOMPLISHMENTS = "mentor-accomplishments"
    CASELOAD_GRAPH = "mentor-caseload-graph"
    CASELOAD_CAPTION = "mentor-caseload-caption"
    CONTACTS_GRAPH = "mentor-contacts-graph"
    CONTACTS_CAPTION = "mentor-contacts-caption"
    SUPPORT_GRAPH = "mentor-support-graph"
    SUPPORT_CAPTION = "mentor-support-caption"
    GROUPS_GRAPH = "mentor-groups-graph"
    GROUPS_CAPTION = "mentor-groups-caption"
    MILESTONES_GRAPH = "mentor-milestones-graph"
    MILESTONES_CAPTION = "mentor-milestones-caption"
    NOTES = "mentor-notes"  # filled by the consultation-notes page's own callback
    CARD = "mentor-card"
    CARD_MONTH = "mentor-card-month"
    PRINT = "mentor-print"
