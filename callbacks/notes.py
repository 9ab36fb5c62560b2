"""The Consultation notes page, reading: filters, meetings, one meeting's notes, search,
history and the trend charts. Writing lives in callbacks/notes_write.py, the suggested
agenda in callbacks/notes_agenda.py."""

from __future__ import annotations

import dash
import plotly.graph_objects as go
from dash import ALL, Input, Output, State
from dash import ctx as dash_ctx
from sqlalchemy.exc import SQLAlchemyError

from callbacks.filters import PROBLEMS, problem_message
from callbacks.notes_common import (
    any_clicked,
    meeting_of,
    month_options,
    month_value,
    months_after,
    months_between,
    notes_filters,
    page_href,
    parse_month,
    positive_id,
)
from dashboard.charts.common import empty_figure
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

UNAVAILABLE = "The database is not answering; try again in a moment."


def update_overview(query: dict | None, _refresh: object, ctx: AppContext) -> tuple:
    """The page's frame for the URL's filters: alert, month choices (and the URL's month),
    and the site and month choices for a new meeting."""
    nothing: list[dict[str, str]] = []
    try:
        filters = notes_filters(ctx, query)
        sites = sites_for_scope(ctx.engine, filters.scope)
    except (*PROBLEMS, SQLAlchemyError) as error:
        message = UNAVAILABLE if isinstance(error, SQLAlchemyError) else problem_message(error)
        return (problem_alert(message), nothing, None, nothing, None, nothing, None)
    months = months_between(filters.start, filters.end)
    chosen = parse_month(query.get("month")) if isinstance(query, dict) else None
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


# Each chart: (query function, figure builder, caption, title), one callback per chart so the
# three are drawn in parallel.
CHARTS = {
    "strengths": (
        notes_trends.strengths_by_month,
        strengths_figure,
        strengths_caption,
        STRENGTHS_TITLE,
    ),
    "attendance": (
        notes_trends.attendance_by_meeting,
        attendance_figure,
        attendance_caption,
        ATTENDANCE_TITLE,
    ),
    "actions": (
        notes_trends.action_items_by_month,
        action_items_figure,
        action_items_caption,
        ACTIONS_TITLE,
    ),
}


def update_chart(
    chart: str, query: dict | None, _refresh: object, ctx: AppContext
) -> tuple[go.Figure, str]:
    """One trend chart (``chart`` a key of CHARTS) and its caption, for the URL's filters."""
    query_fn, figure, caption, title = CHARTS[chart]
    try:
        filters = notes_filters(ctx, query)
        df = ctx.query(query_fn, filters)
    except (*PROBLEMS, SQLAlchemyError) as error:
        message = UNAVAILABLE if isinstance(error, SQLAlchemyError) else problem_message(error)
        return empty_figure(message, title), message
    return figure(df), caption(df)


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


def update_meeting_list(query: dict | None, month: object, _refresh: object, ctx: AppContext):  # type: ignore[no-untyped-def]
    """The meetings in the period (or in the chosen month), as links to each."""
    try:
        filters = notes_filters(ctx, query)
        meetings = ctx.query(note_queries.meetings_in_period, filters)
    except (*PROBLEMS, SQLAlchemyError):
        return None  # the overview callback already says why
    chosen_month = parse_month(month)
    if chosen_month is not None:
        meetings = meetings[meetings["month"] == chosen_month]
    rows = meetings.to_dict("records")
    hrefs = {int(r["meeting_id"]): page_href(query, meeting=r["meeting_id"]) for r in rows}
    return meeting_links(rows, hrefs, meeting_of(query))


def update_meeting(query: dict | None, _refresh: object, ctx: AppContext) -> tuple:
    """One meeting (the URL's ``meeting``): title, attendees, action items carried over from
    earlier months, its notes by kind, the editor's mentor and due-month choices."""
    meeting_id = meeting_of(query)
    empty: tuple = ([], [], None, None, [], [])
    if meeting_id is None:
        return ("Choose a meeting, or start one", True, *empty)
    try:
        filters = notes_filters(ctx, query)
        meeting = ctx.query(note_queries.meeting_in_scope, filters, meeting_id=meeting_id)
        if meeting.empty:
            return ("That meeting is not available to you", True, *empty)
        row = meeting.iloc[0]
        attendance = ctx.query(note_queries.meeting_attendance, filters, meeting_id=meeting_id)
        carried = ctx.query(
            note_queries.carried_over_action_items,
            filters,
            month=row.month,
            site_id=int(row.site_id),
        )
        notes = ctx.query(note_queries.meeting_notes, filters, meeting_id=meeting_id)
    except (*PROBLEMS, SQLAlchemyError) as error:
        message = UNAVAILABLE if isinstance(error, SQLAlchemyError) else problem_message(error)
        return (message, True, *empty)
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


def run_search(_clicks: object, text: object, query: dict | None, ctx: AppContext):  # type: ignore[no-untyped-def]
    """Notes matching every word typed, in the period, sites and mentors of the URL."""
    terms = note_queries.search_terms(text)
    try:
        filters = notes_filters(ctx, query)
        found = ctx.query(note_queries.search_notes, filters, text=" ".join(terms))
    except (*PROBLEMS, SQLAlchemyError) as error:
        message = UNAVAILABLE if isinstance(error, SQLAlchemyError) else problem_message(error)
        return problem_alert(message)
    more = len(found) > note_queries.SEARCH_LIMIT
    rows = found.head(note_queries.SEARCH_LIMIT).to_dict("records")
    hrefs = {int(r["meeting_id"]): page_href(query, meeting=r["meeting_id"]) for r in rows}
    return search_results(rows, terms, hrefs, more)


def show_history(clicks: list | None, query: dict | None, ctx: AppContext, trigger: object):  # type: ignore[no-untyped-def]
    """Every saved version of the note whose History button (``trigger``) was pressed."""
    note_id = positive_id(trigger.get("index")) if isinstance(trigger, dict) else None
    if note_id is None or not any_clicked(clicks):
        raise dash.exceptions.PreventUpdate
    try:
        filters = notes_filters(ctx, query)
        history = ctx.query(note_queries.note_history, filters, note_id=note_id)
    except (*PROBLEMS, SQLAlchemyError) as error:
        message = UNAVAILABLE if isinstance(error, SQLAlchemyError) else problem_message(error)
        return problem_alert(message)
    return history_list(note_id, history.to_dict("records"))


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the reading callbacks of the Consultation notes page."""

    def _overview(query, refresh):  # type: ignore[no-untyped-def]
        return update_overview(query, refresh, ctx)

    app.callback(
        Output(ids.ALERT, "children"),
        Output(ids.MONTH, "options"),
        Output(ids.MONTH, "value"),
        Output(ids.NEW_SITE, "options"),
        Output(ids.NEW_SITE, "value"),
        Output(ids.NEW_MONTH, "options"),
        Output(ids.NEW_MONTH, "value"),
        Input(ids.QUERY, "data"),
        Input(ids.REFRESH, "data"),
    )(_overview)

    def _strengths(query, refresh):  # type: ignore[no-untyped-def]
        return update_chart("strengths", query, refresh, ctx)

    app.callback(
        Output(ids.STRENGTHS_GRAPH, "figure"),
        Output(ids.STRENGTHS_CAPTION, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.REFRESH, "data"),
    )(_strengths)

    def _attendance(query, refresh):  # type: ignore[no-untyped-def]
        return update_chart("attendance", query, refresh, ctx)

    app.callback(
        Output(ids.ATTENDANCE_GRAPH, "figure"),
        Output(ids.ATTENDANCE_CAPTION, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.REFRESH, "data"),
    )(_attendance)

    def _actions(query, refresh):  # type: ignore[no-untyped-def]
        return update_chart("actions", query, refresh, ctx)

    app.callback(
        Output(ids.ACTIONS_GRAPH, "figure"),
        Output(ids.ACTIONS_CAPTION, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.REFRESH, "data"),
    )(_actions)

    app.callback(
        Output(ids.LOCATION, "href", allow_duplicate=True),
        Input(ids.MONTH, "value"),
        State(ids.QUERY, "data"),
        prevent_initial_call=True,
    )(month_in_url)

    def _list(query, month, refresh):  # type: ignore[no-untyped-def]
        return update_meeting_list(query, month, refresh, ctx)

    app.callback(
        Output(ids.MEETING_LIST, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.MONTH, "value"),
        Input(ids.REFRESH, "data"),
    )(_list)

    def _meeting(query, refresh):  # type: ignore[no-untyped-def]
        return update_meeting(query, refresh, ctx)

    app.callback(
        Output(ids.MEETING_TITLE, "children"),
        Output(ids.MEETING_PANEL, "hidden"),
        Output(ids.ATTENDEES, "options"),
        Output(ids.ATTENDEES, "value"),
        Output(ids.CARRIED, "children"),
        Output(ids.NOTE_LIST, "children"),
        Output(ids.MENTOR, "options"),
        Output(ids.DUE, "options"),
        Input(ids.QUERY, "data"),
        Input(ids.REFRESH, "data"),
    )(_meeting)

    def _search(clicks, text, query):  # type: ignore[no-untyped-def]
        return run_search(clicks, text, query, ctx)

    app.callback(
        Output(ids.SEARCH_RESULTS, "children"),
        Input(ids.SEARCH_BUTTON, "n_clicks"),
        Input(ids.SEARCH_TEXT, "value"),
        State(ids.QUERY, "data"),
    )(_search)

    def _history(clicks, query):  # type: ignore[no-untyped-def]
        return show_history(clicks, query, ctx, dash_ctx.triggered_id)

    app.callback(
        Output(ids.HISTORY, "children"),
        Input({"type": ids.HISTORY_BUTTON, "index": ALL}, "n_clicks"),
        State(ids.QUERY, "data"),
        prevent_initial_call=True,
    )(_history)
