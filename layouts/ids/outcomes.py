"""Ids of the Outcomes page."""

from __future__ import annotations

from layouts.ids.exports import export_ids


class OutcomesIds:
    """The Outcomes page."""

    HEADING = "outcomes-heading"
    QUERY = "outcomes-query"
    ALERT = "outcomes-alert"
    URL = "outcomes-url"
    INSTRUMENT = "outcomes-instrument"
    MEASURE = "outcomes-measure"
    COHORT = "outcomes-cohort"
    TREND_GRAPH = "outcomes-trend-graph"
    TREND_CAPTION = "outcomes-trend-caption"
    CHANGE_GRAPH = "outcomes-change-graph"
    CHANGE_CAPTION = "outcomes-change-caption"
    RELIABLE_GRAPH = "outcomes-reliable-graph"
    RELIABLE_CAPTION = "outcomes-reliable-caption"
    COHORT_GRAPH = "outcomes-cohort-graph"
    COHORT_CAPTION = "outcomes-cohort-caption"
    FOLLOW_UP_GRAPH = "outcomes-follow-up-graph"
    FOLLOW_UP_CAPTION = "outcomes-follow-up-caption"
    EVENTS_GRAPH = "outcomes-events-graph"
    EVENTS_CAPTION = "outcomes-events-caption"
    MILESTONES_GRAPH = "outcomes-milestones-graph"
    GOALS_GRAPH = "outcomes-goals-graph"
    MILESTONES_CAPTION = "outcomes-milestones-caption"
    DUE_SECTION = "outcomes-due-section"
    DUE_HEADING = "outcomes-due-heading"
    DUE_NOTE = "outcomes-due-note"
    DUE_GRID = "outcomes-due-grid"
    DUE_EXPORT_IDS = export_ids("outcomes-due")
