"""One mentee's page: who they are (within the viewer's sites), their scores, on which domains
they changed by more than chance, their milestones and events, and those two tables' exports.
Opening it for a mentee in scope is written to the audit trail (view_mentee_page), and so is
each export (export, with the mentee's number)."""

from __future__ import annotations

from collections.abc import Callable

import dash
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, html

from callbacks.exports import columns_of, register_export
from callbacks.filters import PROBLEMS, filters_for_page, problem_message
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
from data.queries.outcomes import mentee as mq
from data.services.audit import AuditEventType, record
from layouts.components import problem_alert
from layouts.ids import MenteeIds as ids
from layouts.mentee import EVENT_COLUMNS, MILESTONE_COLUMNS

PAGE = "mentee"
NOT_FOUND = "There is no mentee with this number at your sites."
MILESTONE_EXPORT = columns_of(MILESTONE_COLUMNS)
EVENT_EXPORT = columns_of(EVENT_COLUMNS)


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


def _labelled(df: pd.DataFrame, labels: dict[str, str], column: str) -> pd.DataFrame:
    """``df`` with ``column``'s codes in words, as the table shows them."""
    shown = df.copy()
    shown[column] = [labels.get(str(v), v) for v in shown[column]]
    return shown


def _goals(ctx: AppContext, filters: Filters, mentee_id: int) -> pd.DataFrame:
    goals = ctx.query(mq.mentee_milestones, filters, mentee_id=mentee_id)
    return _labelled(goals, CATEGORY_LABELS, "category")


def _events(ctx: AppContext, filters: Filters, mentee_id: int) -> pd.DataFrame:
    events = ctx.query(mq.mentee_events, filters, mentee_id=mentee_id)
    return _labelled(events, EVENT_LABELS, "kind")


def _rows(df: pd.DataFrame) -> list[dict[str, object]]:
    """Grid rows of a table frame: dates as ISO text."""
    return [
        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in record_.items()}
        for record_ in df.to_dict("records")
    ]


def _table_frame(
    table: Callable[[AppContext, Filters, int], pd.DataFrame],
) -> Callable[[AppContext, object], tuple[pd.DataFrame, Filters]]:
    """What one of the page's tables shows (and exports) for the page's raw mentee id: the
    same rows as the grid; FilterError for an id that names no mentee at the user's sites."""

    def rows(ctx: AppContext, raw: object) -> tuple[pd.DataFrame, Filters]:
        filters, mentee_id = _checked(ctx, raw)
        if ctx.query(mq.mentee_profile, filters, mentee_id=mentee_id).empty:
            raise FilterError(NOT_FOUND)
        return table(ctx, filters, mentee_id), filters

    return rows


milestone_frame = _table_frame(_goals)
event_frame = _table_frame(_events)


def export_subject(raw: object) -> str:
    """Whose rows an export of this page holds, for the audit trail (never a name)."""
    return f"mentee_id={parse_mentee_id(raw)}"


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
    return (
        None,
        dbc.Card(dbc.CardBody(html.Ul([html.Li(f) for f in facts], className="mb-0"))),
        options,
        options[0]["value"] if options else None,
        _rows(_goals(ctx, filters, mentee_id)),
        _rows(_events(ctx, filters, mentee_id)),
    )


def mentee_charts(raw: object, instrument: object, ctx: AppContext) -> tuple:
    """(first-vs-latest figure, caption, history figure, caption) for one instrument.

    The caption counts the domains better by more than chance (reliable change, as on the
    Outcomes page), not every rise of a score.
    """
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
    change = ctx.query(
        mq.mentee_reliable_change, filters, mentee_id=mentee_id, instrument_code=instrument
    )
    caption = mentee_caption(rows, change)
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
    register_export(
        app, ctx, page=PAGE, table="milestones", query_id=ids.MENTEE,
        csv_id=ids.MILESTONES_CSV, xlsx_id=ids.MILESTONES_XLSX,
        download_id=ids.MILESTONES_DOWNLOAD, status_id=ids.MILESTONES_EXPORT_STATUS,
        rows=milestone_frame, columns=MILESTONE_EXPORT, about=export_subject,
    )  # fmt: skip
    register_export(
        app, ctx, page=PAGE, table="events", query_id=ids.MENTEE,
        csv_id=ids.EVENTS_CSV, xlsx_id=ids.EVENTS_XLSX, download_id=ids.EVENTS_DOWNLOAD,
        status_id=ids.EVENTS_EXPORT_STATUS, rows=event_frame, columns=EVENT_EXPORT,
        about=export_subject,
    )  # fmt: skip
