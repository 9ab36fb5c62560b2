"""The Consultation notes page: start a site's meeting for a month, and record who attended.

Both writes go through ``data.services.notes`` (one transaction, audited); a refused or failed
write says why and changes nothing."""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, no_update

from callbacks.notes.common import (
    REFRESHED,
    bump_refresh,
    clicked,
    editor_for,
    meeting_of,
    month_value,
    page_href,
    parse_day,
    parse_month,
    positive_id,
    writer_scope,
)
from callbacks.notes.problems import WRITE_ERRORS, write_problem
from dashboard.context import AppContext
from data.services import notes as service
from layouts.components import problem_alert
from layouts.ids import NotesIds as ids


def create_meeting(
    clicks: object,
    query: dict | None,
    site: object,
    month: object,
    held_on: object,
    ctx: AppContext,
) -> tuple[Any, Any]:
    """Create the chosen site's meeting for the chosen month; go to it when created."""
    if not clicked(clicks):
        raise dash.exceptions.PreventUpdate
    site_id, first = positive_id(site), parse_month(month)
    if site_id is None or first is None:
        return problem_alert("Choose a site and a month for the meeting.", "warning"), no_update
    day = parse_day(held_on) if held_on else None
    if held_on and day is None:
        message = "The meeting date must be a date like 2026-11-12."
        return problem_alert(message, "warning"), no_update
    try:
        scope = writer_scope(ctx, query)
        plan = service.MeetingPlan(site_id, first, day)
        meeting_id = service.create_meeting(ctx.engine, scope, plan, editor_for(scope))
    except WRITE_ERRORS as error:
        unavailable = "The database did not answer; the meeting was not created."
        return write_problem(error, unavailable), no_update
    href = page_href(query, meeting=meeting_id, month=month_value(first))
    return problem_alert(f"Meeting for {first:%B %Y} created.", "success"), href


def save_attendees(
    clicks: object, query: dict | None, chosen: object, refresh: object, ctx: AppContext
) -> tuple[Any, Any]:
    """Replace the meeting's attendees with the ticked mentors."""
    if not clicked(clicks):
        raise dash.exceptions.PreventUpdate
    meeting_id = meeting_of(query)
    values = chosen if isinstance(chosen, list) else []
    mentor_ids = [positive_id(v) for v in values[:500]]
    if meeting_id is None or any(m is None for m in mentor_ids):
        return problem_alert("Choose attendees from the list.", "warning"), no_update
    try:
        scope = writer_scope(ctx, query)
        service.set_attendees(ctx.engine, scope, meeting_id, mentor_ids, editor_for(scope))  # type: ignore[arg-type]
    except WRITE_ERRORS as error:
        unavailable = "The database did not answer; attendees were not saved."
        return write_problem(error, unavailable), no_update
    n = len(mentor_ids)
    saved = f"Attendance saved ({n} mentor{'s' if n != 1 else ''})."
    return problem_alert(saved, "success"), bump_refresh(refresh)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the meeting and attendance writes of the Consultation notes page."""
    app.callback(
        Output(ids.NEW_FEEDBACK, "children"),
        Output(ids.LOCATION, "href"),
        Input(ids.NEW_CREATE, "n_clicks"),
        State(ids.QUERY, "data"),
        State(ids.NEW_SITE, "value"),
        State(ids.NEW_MONTH, "value"),
        State(ids.NEW_HELD_ON, "date"),
        prevent_initial_call=True,
    )(lambda clicks, query, site, month, day: create_meeting(clicks, query, site, month, day, ctx))
    app.callback(
        Output(ids.ATTENDEES_FEEDBACK, "children"),
        REFRESHED,
        Input(ids.ATTENDEES_SAVE, "n_clicks"),
        State(ids.QUERY, "data"),
        State(ids.ATTENDEES, "value"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(lambda clicks, query, chosen, refresh: save_attendees(clicks, query, chosen, refresh, ctx))
