"""The suggested agenda on the Consultation notes page: draft the month's accomplishments
from the data, then accept (as a note, edited or not) or drop each line."""

from __future__ import annotations

from typing import Any

import dash
from dash import ALL, Input, Output, State, no_update
from dash import ctx as dash_ctx

from callbacks.notes.common import (
    again,
    any_clicked,
    bump_refresh,
    clicked,
    editor_for,
    meeting_of,
    notes_filters,
    positive_id,
    register_write,
)
from callbacks.notes.problems import READ_ERRORS, WRITE_ERRORS, read_problem, write_problem
from dashboard.context import AppContext
from data.queries import notes as note_queries
from data.queries.notes import agenda
from data.services import notes as service
from layouts.components import problem_alert
from layouts.ids import NotesIds as ids
from layouts.notes_parts import suggestion_rows

MAX_SUGGESTIONS = 100


def _line_key(value: object) -> int | None:
    """A suggested line's number (0..MAX_SUGGESTIONS-1) from browser input, else None."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_SUGGESTIONS:
        return value
    return None


def suggest(clicks: object, query: dict | None, ctx: AppContext) -> tuple[Any, Any, Any]:
    """Draft lines for the open meeting's site and month (lines already accepted as notes
    are left out). Returns (suggestion store, rows, feedback)."""
    if not clicked(clicks):
        raise dash.exceptions.PreventUpdate
    meeting_id = meeting_of(query)
    if meeting_id is None:
        return [], None, problem_alert("Open a meeting first.", "warning")
    try:
        filters = notes_filters(ctx, query)
        meeting = ctx.query(note_queries.meeting_in_scope, filters, meeting_id=meeting_id)
        if meeting.empty:
            return [], None, problem_alert("That meeting is not available to you.", "warning")
        row = meeting.iloc[0]
        lines = ctx.query(
            agenda.suggested_agenda, filters, site_id=int(row.site_id), month=row.month
        )
        written = set(ctx.query(note_queries.meeting_notes, filters, meeting_id=meeting_id)["text"])
    except READ_ERRORS as error:
        return no_update, no_update, problem_alert(read_problem(error), "warning")
    store = [
        {"key": i, "mentor_id": int(r.mentor_id), "text": str(r.text), "source": str(r.source)}
        for i, r in enumerate(lines.itertuples(index=False))
        if str(r.text) not in written
    ][:MAX_SUGGESTIONS]
    if not store:
        message = f"No strengths to draft from the data for {row.month:%B %Y} at {row.site}."
        return [], suggestion_rows([]), problem_alert(message, "info")
    n = len(store)
    feedback = problem_alert(
        f"{n} line{'s' if n != 1 else ''} drafted for {row.month:%B %Y}: accept, edit or drop "
        "each.",
        "info",
    )
    return store, suggestion_rows(store), feedback


def decide(
    trigger: object,
    accept_clicks: list | None,
    drop_clicks: list | None,
    texts: dict[int, object],
    store: object,
    query: dict | None,
    refresh: object,
    ctx: AppContext,
) -> tuple[Any, Any, Any, Any]:
    """Accept (as an accomplishment note about its mentor, with the text as edited) or drop
    the suggested line whose button ``trigger`` was pressed. Returns (store, rows,
    feedback, refresh)."""
    if not isinstance(trigger, dict) or trigger.get("type") not in (
        ids.SUGGESTION_ACCEPT,
        ids.SUGGESTION_DROP,
    ):
        raise dash.exceptions.PreventUpdate
    if not (any_clicked(accept_clicks) or any_clicked(drop_clicks)):
        raise dash.exceptions.PreventUpdate
    key = _line_key(trigger.get("index"))
    lines = [s for s in store if isinstance(s, dict)] if isinstance(store, list) else []
    line = next((s for s in lines if _line_key(s.get("key")) == key), None)
    if key is None or line is None:
        raise dash.exceptions.PreventUpdate
    remaining = [s for s in lines if s is not line]
    if trigger["type"] == ids.SUGGESTION_DROP:
        return (
            remaining,
            suggestion_rows(remaining),
            problem_alert("Line dropped.", "info"),
            (no_update),
        )
    meeting_id = meeting_of(query)
    text = texts.get(key, line.get("text"))
    draft = service.NoteDraft(
        "accomplishment", text if isinstance(text, str) else "", positive_id(line.get("mentor_id"))
    )
    try:
        scope = notes_filters(ctx, query).scope
        if meeting_id is None:
            raise service.NoteNotFound("Open a meeting first.")
        service.add_note(ctx.engine, scope, meeting_id, draft, editor_for(scope), "suggested")
    except service.NoteInvalid as invalid:
        return no_update, no_update, problem_alert(f"Not added: {invalid}", "warning"), no_update
    except WRITE_ERRORS as error:
        unavailable = "The database did not answer; the line was not added (it is still here)."
        return no_update, no_update, write_problem(error, unavailable), no_update
    return (
        remaining,
        suggestion_rows(remaining),
        problem_alert("Added to the meeting's accomplishments."),
        bump_refresh(refresh),
    )


def decide_edited(
    accepts: list | None, drops: list | None, texts: object, *store_query_refresh: object
) -> tuple[Any, Any, Any, Any]:
    """``decide`` for the pressed button, with the edited texts keyed by their line's number
    (the pattern-matched fields' ids in the request say which is which)."""
    by_key: dict[int, object] = {}
    states = dash_ctx.states_list[0] if dash_ctx.states_list else []
    pairs = zip(states, texts, strict=False) if isinstance(texts, list) else []
    for item, value in pairs:
        index = item.get("id", {}).get("index") if isinstance(item, dict) else None
        if isinstance(index, int):
            by_key[index] = value
    return decide(dash_ctx.triggered_id, accepts, drops, by_key, *store_query_refresh)  # type: ignore[arg-type]


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the suggested-agenda callbacks."""
    app.callback(
        Output(ids.SUGGESTION_STORE, "data"),
        Output(ids.SUGGESTIONS, "children"),
        Output(ids.SUGGEST_FEEDBACK, "children"),
        Input(ids.SUGGEST, "n_clicks"),
        State(ids.QUERY, "data"),
        prevent_initial_call=True,
    )(lambda clicks, query: suggest(clicks, query, ctx))
    register_write(
        app,
        lambda *pressed_texts_store_page: decide_edited(*pressed_texts_store_page, ctx),
        (
            again(ids.SUGGESTION_STORE, "data"),
            again(ids.SUGGESTIONS, "children"),
            again(ids.SUGGEST_FEEDBACK, "children"),
        ),
        (
            Input({"type": ids.SUGGESTION_ACCEPT, "index": ALL}, "n_clicks"),
            Input({"type": ids.SUGGESTION_DROP, "index": ALL}, "n_clicks"),
            State({"type": ids.SUGGESTION_TEXT, "index": ALL}, "value"),
            State(ids.SUGGESTION_STORE, "data"),
        ),
    )
