"""Ids of the Overview page."""

from __future__ import annotations


class OverviewIds:
    """The Overview page."""

    HEADING = "overview-heading"
    QUERY = "overview-query"  # dcc.Store with the URL's filter parameters
    ALERT = "overview-alert"
    ACTIVE_MENTEES = "overview-active-mentees"
    ACTIVE_MENTORS = "overview-active-mentors"
    WAITING = "overview-waiting"
    WAITING_DETAIL = "overview-waiting-detail"
    CONTACTS_MONTH = "overview-contacts-month"
    CONTACTS_MONTH_DETAIL = "overview-contacts-month-detail"
    MILESTONES_MONTH = "overview-milestones-month"
    CONTACTS_GRAPH = "overview-contacts-graph"
