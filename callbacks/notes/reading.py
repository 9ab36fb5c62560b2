"""The Consultation notes page, reading: filters, meetings, one meeting's notes, search,
history and the trend charts. Writing lives beside it (``meetings``, ``saving``,
``deleting``, ``carried``), the suggested agenda in ``agenda``."""

from __future__ import annotations

from collections.abc import Callable

import dash
import pandas as pd
import plotly.graph_objects as go
from dash import ALL, Input, Output, State
from dash import ctx as dash_ctx
from dash.development.base_component import Component

from callbacks.notes.common import (
    PAGE,
    again,
    meeting_of,
    month_options,
    month_value,
    months_after,
    months_between,
    notes_filters,
    page_href,
    parse_month,
    pressed_note,
)
from callbacks.notes.problems import READ_ERRORS, read_problem
from callbacks.page_update import PageUpdate, register_all
from callbacks.slots import alert, fixed, graph, message
from dashboard.charts.notes import (
    ACTIONS_TITLE,
    ATTENDANCE_TITLE,
    STRENGTHS_TITLE,
    action_items_caption,
    action_items_figure,
    attendance_caption,
    attendance_figure,
    strengths_caption,
    strengths_figure,
)
from dashboard.context import AppContext
from data.filters import FilterError, Filters
from data.queries import notes as note_queries
from data.queries.meta import sites_for_scope
from data.queries.notes import trends as notes_trends
from layouts.components import problem_alert
from layouts.ids import NotesIds as ids
from layouts.notes_parts import (
    carried_over,
    history_list,
    meeting_links,
    notes_by_kind,
    search_results,
)

ON_FILTERS = (Input(ids.QUERY, "data"), Input(ids.REFRESH, "data"))
NO_MEETING = "Choose a meeting, or start one"
NOT_AVAILABLE = "That meeting is not available to you"


def _overview(ctx: AppContext, parsed: tuple[Filters, object], _refresh: object) -> tuple:
    filters, month_asked = parsed
    sites = sites_for_scope(ctx.engine, filters.scope)
    months = months_between(filters.start, filters.end)
    chosen = parse_month(month_asked)
    month = month_value(chosen) if chosen and chosen in months else None
    chosen_sites = set(filters.site_ids)
    site_options = [
        {"label": str(r.name), "value": int(r.site_id)}
        for r in sites.itertuples(index=False)
        if not chosen_sites or int(r.site_id) in chosen_sites
    ]
    return (
        None,
        month_options(months),
        month,
        site_options,
        site_options[0]["value"] if site_options else None,
        month_options(months),
        month or (month_value(months[0]) if months else None),
    )


def _filters_and_month(ctx: AppContext, query: object) -> tuple[Filters, object]:
    filters = notes_filters(ctx, query)  # type: ignore[arg-type]
    return filters, query.get("month") if isinstance(query, dict) else None


update_overview = PageUpdate(
    PAGE,
    (
        alert(ids.ALERT),
        fixed(ids.MONTH, "options", []),
        fixed(ids.MONTH, "value", None),
        fixed(ids.NEW_SITE, "options", []),
        fixed(ids.NEW_SITE, "value", None),
        fixed(ids.NEW_MONTH, "options", []),
        fixed(ids.NEW_MONTH, "value", None),
    ),
    _overview,
    ON_FILTERS,
    parse=_filters_and_month,
    problems=READ_ERRORS,
    describe=read_problem,
)
"""The page's frame for the URL's filters: alert, month choices (and the URL's month), and
the site and month choices for a new meeting."""


def _trend(
    query_fn: Callable[..., pd.DataFrame],
    figure: Callable[[pd.DataFrame], go.Figure],
    caption: Callable[[pd.DataFrame], str],
    title: str,
    graph_id: str,
    caption_id: str,
) -> PageUpdate:
    """One trend chart and its caption (refused: the reason in both), one callback per chart
    so the three are drawn in parallel."""

    def draw_trend(ctx: AppContext, filters: Filters, _refresh: object) -> tuple[go.Figure, str]:
        df = ctx.query(query_fn, filters)
        return figure(df), caption(df)

    slots = (graph(graph_id, title), message(caption_id))
    return PageUpdate(
        PAGE, slots, draw_trend, ON_FILTERS, problems=READ_ERRORS, describe=read_problem
    )


CHARTS = {
    "strengths": _trend(
        notes_trends.strengths_by_month,
        strengths_figure,
        strengths_caption,
        STRENGTHS_TITLE,
        ids.STRENGTHS_GRAPH,
        ids.STRENGTHS_CAPTION,
    ),
    "attendance": _trend(
        notes_trends.attendance_by_meeting,
        attendance_figure,
        attendance_caption,
        ATTENDANCE_TITLE,
        ids.ATTENDANCE_GRAPH,
        ids.ATTENDANCE_CAPTION,
    ),
    "actions": _trend(
        notes_trends.action_items_by_month,
        action_items_figure,
        action_items_caption,
        ACTIONS_TITLE,
        ids.ACTIONS_GRAPH,
        ids.ACTIONS_CAPTION,
    ),
}


def update_chart(
    chart: str, query: dict | None, refresh: object, ctx: AppContext
) -> tuple[go.Figure, str]:
    """One trend chart (``chart`` a key of CHARTS) and its caption, for the URL's filters."""
    return CHARTS[chart](query, refresh, ctx)  # type: ignore[return-value]


def month_in_url(month: object, query: dict | None) -> str:
    """The page's address for a newly chosen month (the open meeting and search kept), so
    the month can be bookmarked; no change when the URL already says it."""
    query = query if isinstance(query, dict) else {}
    chosen = parse_month(month)
    current = parse_month(query.get("month"))
    if chosen == current:
        raise dash.exceptions.PreventUpdate
    return page_href(
        query,
        month=month_value(chosen) if chosen else None,
        meeting=meeting_of(query),
        q=query.get("q") if isinstance(query.get("q"), str) else None,
    )


def _meeting_hrefs(query: object, rows: list[dict]) -> dict[int, str]:
    return {int(r["meeting_id"]): page_href(query, meeting=r["meeting_id"]) for r in rows}  # type: ignore[arg-type]


def update_meeting_list(query: dict | None, month: object, refresh: object, ctx: AppContext):  # type: ignore[no-untyped-def]
    """The meetings in the period (or in the chosen month), as links to each; nothing when
    the filters are refused (the overview callback already says why)."""
    try:
        filters = notes_filters(ctx, query)
        meetings = ctx.query(note_queries.meetings_in_period, filters)
    except READ_ERRORS:
        return None
    chosen_month = parse_month(month)
    if chosen_month is not None:
        meetings = meetings[meetings["month"] == chosen_month]
    rows = meetings.to_dict("records")
    return meeting_links(rows, _meeting_hrefs(query, rows), meeting_of(query))


def _chosen_meeting(ctx: AppContext, query: object) -> tuple[Filters, int]:
    meeting_id = meeting_of(query)  # type: ignore[arg-type]
    if meeting_id is None:
        raise FilterError(NO_MEETING)
    return notes_filters(ctx, query), meeting_id  # type: ignore[arg-type]


def _meeting(ctx: AppContext, parsed: tuple[Filters, int], _refresh: object) -> tuple:
    filters, meeting_id = parsed
    meeting = ctx.query(note_queries.meeting_in_scope, filters, meeting_id=meeting_id)
    if meeting.empty:
        raise FilterError(NOT_AVAILABLE)
    row = meeting.iloc[0]
    attendance = ctx.query(note_queries.meeting_attendance, filters, meeting_id=meeting_id)
    carried = ctx.query(
        note_queries.carried_over_action_items,
        filters,
        month=row.month,
        site_id=int(row.site_id),
    )
    notes = ctx.query(note_queries.meeting_notes, filters, meeting_id=meeting_id)
    title = f"{row.site} · {row.month:%B %Y} (held {row.held_on:%d %B %Y})"
    options = [
        {"label": str(r.mentor), "value": int(r.mentor_id)}
        for r in attendance.itertuples(index=False)
    ]
    attended = [int(r.mentor_id) for r in attendance.itertuples(index=False) if r.attended]
    due = month_options(months_after(row.month, 7))
    return (
        title,
        False,
        options,
        attended,
        carried_over(carried.to_dict("records")),
        notes_by_kind(notes.to_dict("records")),
        options,
        due,
    )


update_meeting = PageUpdate(
    PAGE,
    (
        message(ids.MEETING_TITLE),
        fixed(ids.MEETING_PANEL, "hidden", True),
        fixed(ids.ATTENDEES, "options", []),
        fixed(ids.ATTENDEES, "value", []),
        fixed(ids.CARRIED, "children", None),
        fixed(ids.NOTE_LIST, "children", None),
        fixed(ids.MENTOR, "options", []),
        fixed(ids.DUE, "options", []),
    ),
    _meeting,
    ON_FILTERS,
    parse=_chosen_meeting,
    problems=READ_ERRORS,
    describe=read_problem,
)
"""One meeting (the URL's ``meeting``): title, attendees, action items carried over from
earlier months, its notes by kind, the editor's mentor and due-month choices; with none
chosen, or none available, the title says so and the panel stays hidden."""


def run_search(_clicks: object, text: object, query: dict | None, ctx: AppContext) -> Component:
    """Notes matching every word typed, in the period, sites and mentors of the URL."""
    terms = note_queries.search_terms(text)
    try:
        filters = notes_filters(ctx, query)
        found = ctx.query(note_queries.search_notes, filters, text=" ".join(terms))
    except READ_ERRORS as error:
        return problem_alert(read_problem(error))
    more = len(found) > note_queries.SEARCH_LIMIT
    rows = found.head(note_queries.SEARCH_LIMIT).to_dict("records")
    return search_results(rows, terms, _meeting_hrefs(query, rows), more)


def show_history(clicks: list | None, query: dict | None, ctx: AppContext, trigger: object):  # type: ignore[no-untyped-def]
    """Every saved version of the note whose History button (``trigger``) was pressed."""
    note_id = pressed_note(clicks, trigger)
    try:
        filters = notes_filters(ctx, query)
        history = ctx.query(note_queries.note_history, filters, note_id=note_id)
    except READ_ERRORS as error:
        return problem_alert(read_problem(error))
    return history_list(note_id, history.to_dict("records"))


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the reading callbacks of the Consultation notes page."""
    register_all(app, ctx, (update_overview, update_meeting, *CHARTS.values()))
    app.callback(
        again(ids.LOCATION, "href"),
        Input(ids.MONTH, "value"),
        State(ids.QUERY, "data"),
        prevent_initial_call=True,
    )(month_in_url)
    app.callback(
        Output(ids.MEETING_LIST, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.MONTH, "value"),
        Input(ids.REFRESH, "data"),
    )(lambda query, month, refresh: update_meeting_list(query, month, refresh, ctx))
    app.callback(
        Output(ids.SEARCH_RESULTS, "children"),
        Input(ids.SEARCH_BUTTON, "n_clicks"),
        Input(ids.SEARCH_TEXT, "value"),
        State(ids.QUERY, "data"),
    )(lambda clicks, text, query: run_search(clicks, text, query, ctx))
    app.callback(
        Output(ids.HISTORY, "children"),
        Input({"type": ids.HISTORY_BUTTON, "index": ALL}, "n_clicks"),
        State(ids.QUERY, "data"),
        prevent_initial_call=True,
    )(lambda clicks, query: show_history(clicks, query, ctx, dash_ctx.triggered_id))
