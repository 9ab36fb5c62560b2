"""Ids of the Caseloads page."""

from __future__ import annotations


class CaseloadsIds:
    """The Caseloads page."""

    HEADING = "caseloads-heading"
    QUERY = "caseloads-query"
    ALERT = "caseloads-alert"
    CAPACITY_GRAPH = "caseloads-capacity-graph"
    MATCHES_GRAPH = "caseloads-matches-graph"
    WAITING_GRID = "caseloads-waiting-grid"
    WAITING_NOTE = "caseloads-waiting-note"
