"""Ids of the Workload page."""

from __future__ import annotations

from layouts.ids.exports import export_ids


class WorkloadIds:
    """The Workload page."""

    HEADING = "workload-heading"
    QUERY = "workload-query"  # dcc.Store with the URL's filter parameters
    ALERT = "workload-alert"
    NAV = "workload-nav"  # dcc.Location a click on a mentor or a month navigates with
    MEASURE = "workload-measure"  # contacts or hours in the heatmap
    HEATMAP_GRAPH = "workload-heatmap-graph"
    HEATMAP_CAPTION = "workload-heatmap-caption"
    SUPPORT_GRAPH = "workload-support-graph"
    STYLE_GRAPH = "workload-style-graph"
    SUPPORT_CAPTION = "workload-support-caption"
    MIX_GRAPH = "workload-mix-graph"
    MIX_CAPTION = "workload-mix-caption"
    CRISIS_GRAPH = "workload-crisis-graph"
    CRISIS_CAPTION = "workload-crisis-caption"
    DIRECT_GRAPH = "workload-direct-graph"
    DIRECT_CAPTION = "workload-direct-caption"
    GROUPS_GRAPH = "workload-groups-graph"
    ATTENDANCE_GRAPH = "workload-attendance-graph"
    GROUPS_CAPTION = "workload-groups-caption"
    MODES_GRAPH = "workload-modes-graph"
    MODES_CAPTION = "workload-modes-caption"
    BALANCE = "workload-balance"
    TABLE_GRID = "workload-table-grid"
    TABLE_EXPORT_IDS = export_ids("workload-table")
