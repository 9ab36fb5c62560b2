"""One mentee's page: who they are (within the viewer's sites), their scores, milestones and
events. Opening it for a mentee in scope is written to the audit trail (view_mentee_page)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, html

from callbacks.filters import PROBLEMS, filters_for_page, problem_message
from dashboard.audit import AuditEventType, record
from dashboard.charts.common import empty_figure
from dashboard.charts.mentee import (
    MENTEE_CHANGE_TITLE,
    MENTEE_HISTORY_TITLE,
    mentee_caption,
    mentee_change_figure,
    mentee_history_figure,
)
from dashboard.charts.outcomes import CATEGORY_LABELS, EVENT_LABELS
from dashboard.context import AppContext
from data.filters import FilterError, Filters
from data.queries import outcome_mentee as mq
from layouts.components import problem_alert
from layouts.ids import MenteeIds as ids

PAGE = "mentee"
NOT_FOUND = "There is no mentee with this number at your sites."


def parse_mentee_id(raw: object) -> int:
    """The mentee id from the path; FilterError unless it is a positive whole number."""
    text = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
    if not text.isdigit() or len(text) > 10 or not 0 < int(text) <= mq.MAX_MENTEE_ID:
        raise FilterError("The address does not name a mentee (it should end in a number).")
    return int(text)


def _checked(ctx: AppContext, raw: object) -> tuple[Filters, int]:
    filters = filters_for_page(ctx, PAGE, {})
    return filters, parse_mentee_id(raw)


def _audit(ctx: AppContext, mentee_id: int) -> None:
    from dashboard import auth

    info = auth.current_user_info()
    record(
        ctx.engine,
        AuditEventType.VIEW_MENTEE_PAGE,
        info.username if info else "",
        info.id if info else None,
        PAGE,
        f"mentee_id={mentee_id}",
        auth.client_ip(),
    )


def _rows(df: pd.DataFrame, labels: dict[str, str], column: str) -> list[dict[str, object]]:
    rows = []
    for record_ in df.to_dict("records"):
        row = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in record_.items()}
        row[column] = labels.get(str(row[column]), row[column])
        rows.append(row)
    return rows


def open_mentee(raw: object, ctx: AppContext) -> tuple:
    """Who the mentee is, their instruments, milestones and events; audits the opening.

    Returns (alert, profile, instrument options, instrument value, milestone rows, event rows).
    """
    try:
        filters, mentee_id = _checked(ctx, raw)
    except PROBLEMS as error:
        return problem_alert(problem_message(error)), None, [], None, [], []
    profile = ctx.query(mq.mentee_profile, filters, mentee_id=mentee_id)
    if profile.empty:
        return problem_alert(NOT_FOUND), None, [], None, [], []
    _audit(ctx, mentee_id)
    person = profile.iloc[0]
    facts = [
        f"{person['mentee_code']} · {person['mentee_name']}",
        f"Site: {person['site']}",
        f"Status: {person['status']}",
    ]
    if person["intake_date"] is not None:
        facts.append(f"Intake: {person['intake_date']:%d %B %Y}")
    if person["exit_date"] is not None:
        facts.append(f"Left: {person['exit_date']:%d %B %Y}")
    scores = ctx.query(mq.mentee_scores, filters, mentee_id=mentee_id)
    instruments = scores[["instrument_code", "instrument"]].drop_duplicates()
    options = [
        {"label": str(n), "value": str(c)}
        for c, n in zip(instruments["instrument_code"], instruments["instrument"], strict=True)
    ]
    goals = ctx.query(mq.mentee_milestones, filters, mentee_id=mentee_id)
    events = ctx.query(mq.mentee_events, filters, mentee_id=mentee_id)
    return (
        None,
        dbc.Card(dbc.CardBody(html.Ul([html.Li(f) for f in facts], className="mb-0"))),
        options,
        options[0]["value"] if options else None,
        _rows(goals, CATEGORY_LABELS, "category"),
        _rows(events, EVENT_LABELS, "kind"),
    )


def mentee_charts(raw: object, instrument: object, ctx: AppContext) -> tuple:
    """(first-vs-latest figure, caption, history figure, caption) for one instrument."""
    try:
        filters, mentee_id = _checked(ctx, raw)
    except PROBLEMS as error:
        message = problem_message(error)
        return (
            empty_figure(message, MENTEE_CHANGE_TITLE),
            "",
            empty_figure(message, MENTEE_HISTORY_TITLE),
            "",
        )
    scores = ctx.query(mq.mentee_scores, filters, mentee_id=mentee_id)
    rows = scores[scores["instrument_code"] == instrument] if isinstance(instrument, str) else None
    if rows is None or rows.empty:
        blank: go.Figure = empty_figure(
            "No assessments with this instrument for this mentee", MENTEE_CHANGE_TITLE
        )
        return blank, "", empty_figure("No assessments", MENTEE_HISTORY_TITLE), ""
    higher = bool(rows["higher_is_better"].iloc[0])
    caption = mentee_caption(rows, higher)
    return mentee_change_figure(rows), caption, mentee_history_figure(rows), caption


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the mentee page's callbacks on ``app``."""

    def _open(raw):  # type: ignore[no-untyped-def]
        return open_mentee(raw, ctx)

    def _charts(raw, instrument):  # type: ignore[no-untyped-def]
        return mentee_charts(raw, instrument, ctx)

    app.callback(
        Output(ids.ALERT, "children"),
        Output(ids.PROFILE, "children"),
        Output(ids.INSTRUMENT, "options"),
        Output(ids.INSTRUMENT, "value"),
        Output(ids.MILESTONES, "rowData"),
        Output(ids.EVENTS, "rowData"),
        Input(ids.MENTEE, "data"),
    )(_open)
    app.callback(
        Output(ids.CHANGE_GRAPH, "figure"),
        Output(ids.CHANGE_CAPTION, "children"),
        Output(ids.HISTORY_GRAPH, "figure"),
        Output(ids.HISTORY_CAPTION, "children"),
        Input(ids.MENTEE, "data"),
        Input(ids.INSTRUMENT, "value"),
    )(_charts)
