"""A mentor's page: profile, supervision card, charts, click-through, print, and the audit.

The mentor id from the path is checked here against the signed-in user's scope: a mentor
at a site they may not see is answered exactly like one that does not exist. Opening a
mentor's page writes ``view_mentor_page`` to the audit trail. The consultation notes section
(``MentorIds.NOTES``) is filled by callbacks/mentor_notes.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import dash
import pandas as pd
from dash import Input, Output, State, html, no_update

from callbacks.filters import PROBLEMS, filters_for_page, month_label, problem_message
from callbacks.navigation import MENTOR_PATH, month_href
from dashboard.charts import groups as group_charts
from dashboard.charts import mentor as charts
from dashboard.charts.common import empty_figure
from dashboard.charts.workload import HIDDEN, mix_by_month_figure, mix_caption, month_clicked
from dashboard.context import AppContext
from data.filters import FilterError, Filters
from data.queries import caseloads as caseload_queries
from data.queries import groups as group_queries
from data.queries import mentors as queries
from data.queries import workload as workload_queries
from data.queries.plumbing.months import month_start
from data.services.audit import AuditEventType, record
from layouts import mentor as layout
from layouts.components import problem_alert
from layouts.ids import MentorIds as ids

PAGE = "mentor"
NO_SUCH_MENTOR = "There is no mentor with this number at the sites you can see."
NOT_A_MENTOR = "This address does not name a mentor (it should end in their number)."
CARD_PREVIOUS_MONTHS = 3
FOLLOW_UP_DAYS = 14
CARD_NOTE_KINDS = {
    "accomplishment": "Accomplishments",
    "positive_impact": "Positive impact",
    "action_item": "Action items",
}
CARD_NOTES_PER_KIND = 3


def mentor_filters(ctx: AppContext, query: dict | None) -> tuple[Filters, dict[str, object]]:
    """The URL's filters narrowed to the path's mentor, and the mentor's profile row.

    Raises PageForbidden for a role that may not open mentor pages and FilterError for a
    malformed id or a mentor outside the scope (one message for both: nothing is revealed).
    """
    filters = filters_for_page(ctx, PAGE, query)
    raw = (query or {}).get("mentor") if isinstance(query, dict) else None
    if not isinstance(raw, str) or not raw.isdigit() or not 0 < int(raw) < 2**31:
        raise FilterError(NOT_A_MENTOR)
    filters = replace(filters, mentor_ids=(int(raw),))
    profile = ctx.query(queries.mentor_profile, filters)
    if profile.empty:
        raise FilterError(NO_SUCH_MENTOR)
    return filters, profile.iloc[0].to_dict()


def _previous_months(month: dt.date, n: int) -> list[dt.date]:
    months, current = [], month
    for _ in range(n):
        current = month_start(current - dt.timedelta(days=1))
        months.insert(0, current)
    return months


def _card_notes(ctx: AppContext, filters: Filters, mentor_id: int) -> html.Div | None:
    """The month's accomplishments, positive impacts and action items about the mentor."""
    try:
        from data.queries.notes import notes_about_mentor
    except ImportError:  # the notes query layer is not there: the card stays without notes
        return None
    notes = ctx.query(notes_about_mentor, filters, mentor_id=mentor_id, limit=50)
    if notes.empty:
        return html.P(
            "No consultation-meeting notes about them for this month.",
            className="small text-body-secondary mb-0",
        )
    parts: list = []
    for kind, heading in CARD_NOTE_KINDS.items():
        texts = [str(t) for t in notes[notes["kind"] == kind]["text"]][:CARD_NOTES_PER_KIND]
        if texts:
            parts.append(html.H3(heading, className="h6 mb-1 mt-2"))
            parts.append(html.Ul([html.Li(t) for t in texts], className="mb-1"))
    return html.Div(parts, className="card-notes") if parts else None


def supervision_card(ctx: AppContext, filters: Filters, profile: dict) -> html.Div:
    """The card for the month of ``filters.end``: the month against the mentor's own
    previous three months, strengths first, with the month's meeting notes."""
    month = month_start(filters.end)
    previous = _previous_months(month, CARD_PREVIOUS_MONTHS)
    span = replace(filters, start=previous[0])
    months = ctx.query(workload_queries.mentor_month_workload, span)
    caseload = ctx.query(queries.caseload_by_month, span)
    milestones = ctx.query(queries.milestones_of_mentees, span)
    silent = ctx.query(
        caseload_queries.mentees_without_recent_contact, filters, days=FOLLOW_UP_DAYS
    )
    lines = charts.card_lines(months, caseload, milestones, month, previous, len(silent))
    month_only = replace(filters, start=max(filters.start, month))
    notes = _card_notes(ctx, month_only, int(profile["mentor_id"]))
    rows = [(ln.label, ln.this_month, ln.usual, ln.words, ln.strength) for ln in lines]
    return layout.card_body(rows, notes)


def _audit_opening(ctx: AppContext, filters: Filters, mentor_id: int) -> None:
    from dashboard.auth import client_ip, current_user_info

    info = current_user_info()
    record(
        ctx.engine,
        AuditEventType.VIEW_MENTOR_PAGE,
        info.username if info else filters.scope.username,
        info.id if info else None,
        f"mentor:{mentor_id}",
        f"period {filters.start.isoformat()}..{filters.end.isoformat()}",
        client_ip(),
    )


def _date_text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.strftime("%d %B %Y") if hasattr(value, "strftime") else str(value)


def update_profile(query: dict | None, ctx: AppContext) -> tuple:
    """(alert, profile, card month, card) for the path's mentor; audited when shown."""
    try:
        filters, row = mentor_filters(ctx, query)
    except PROBLEMS as error:
        return problem_alert(problem_message(error)), None, "", None
    _audit_opening(ctx, filters, int(row["mentor_id"]))
    caseload = row["caseload"]
    shown = layout.profile(
        str(row["mentor"]),
        str(row["site"]),
        str(row["status"]),
        _date_text(row["start_date"]) or "",
        _date_text(row["end_date"]),
        int(row["capacity"]),
        HIDDEN if pd.isna(caseload) else str(int(caseload)),
    )
    card = supervision_card(ctx, filters, row)
    return None, shown, f"{row['mentor']} · {month_label(filters.end)}", card


def _chart_problem(error: Exception, *titles: str) -> tuple:
    message = problem_message(error)
    out: list = []
    for title in titles:
        out += [empty_figure(message, title), ""]
    return tuple(out)


def update_outcomes(query: dict | None, ctx: AppContext) -> tuple:
    """(milestones figure, caption, caseload figure, caption) for the path's mentor."""
    try:
        filters, row = mentor_filters(ctx, query)
    except PROBLEMS as error:
        return _chart_problem(error, charts.MILESTONES_TITLE, charts.CASELOAD_TITLE)
    capacity = int(row["capacity"])
    caseload = ctx.query(queries.caseload_by_month, filters)
    milestones = ctx.query(queries.milestones_of_mentees, filters)
    return (
        charts.milestones_figure(milestones),
        charts.milestones_caption(milestones),
        charts.caseload_figure(caseload, capacity),
        charts.caseload_caption(caseload, capacity),
    )


def update_activity(query: dict | None, ctx: AppContext) -> tuple:
    """(contacts figure, caption, support figure, caption, groups figure, caption)."""
    try:
        filters, _row = mentor_filters(ctx, query)
    except PROBLEMS as error:
        return _chart_problem(
            error, charts.CONTACTS_TITLE, charts.SUPPORT_TITLE, group_charts.ATTENDANCE_TITLE
        )
    mix = ctx.query(workload_queries.contact_mix_by_month, filters)
    types = ctx.query(workload_queries.contact_types_by_mentor, filters)
    sessions = ctx.query(group_queries.group_attendance_by_session, filters)
    return (
        mix_by_month_figure(mix, title=charts.CONTACTS_TITLE),
        mix_caption(mix),
        charts.support_figure(types),
        charts.support_caption(types),
        group_charts.attendance_figure(sessions),
        f"{len(sessions):,} group sessions they facilitated in the period."
        if len(sessions)
        else group_charts.NO_SESSIONS + " facilitated by this mentor.",
    )


def navigate(click: object, query: dict | None) -> object:
    """A click on a month of the contacts chart: this mentor's page for that month."""
    month = month_clicked(click)
    raw = (query or {}).get("mentor") if isinstance(query, dict) else None
    if month is None or not isinstance(raw, str) or not raw.isdigit():
        return no_update
    return month_href(MENTOR_PATH.format(mentor_id=int(raw)), month, query)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the mentor page's callbacks on ``app``."""
    app.callback(
        Output(ids.ALERT, "children"),
        Output(ids.PROFILE, "children"),
        Output(ids.CARD_MONTH, "children"),
        Output(ids.CARD, "children"),
        Input(ids.QUERY, "data"),
    )(lambda query: update_profile(query, ctx))
    app.callback(
        Output(ids.MILESTONES_GRAPH, "figure"),
        Output(ids.MILESTONES_CAPTION, "children"),
        Output(ids.CASELOAD_GRAPH, "figure"),
        Output(ids.CASELOAD_CAPTION, "children"),
        Input(ids.QUERY, "data"),
    )(lambda query: update_outcomes(query, ctx))
    app.callback(
        Output(ids.CONTACTS_GRAPH, "figure"),
        Output(ids.CONTACTS_CAPTION, "children"),
        Output(ids.SUPPORT_GRAPH, "figure"),
        Output(ids.SUPPORT_CAPTION, "children"),
        Output(ids.GROUPS_GRAPH, "figure"),
        Output(ids.GROUPS_CAPTION, "children"),
        Input(ids.QUERY, "data"),
    )(lambda query: update_activity(query, ctx))
    app.callback(
        Output(ids.NAV, "href"),
        Input(ids.CONTACTS_GRAPH, "clickData"),
        State(ids.QUERY, "data"),
        prevent_initial_call=True,
    )(navigate)
    # Printing is the browser's job; the print stylesheet (assets/print.css) keeps the card.
    app.clientside_callback(
        "function(n) { if (n) { window.print(); } return window.dash_clientside.no_update; }",
        Output(ids.PRINT, "title"),
        Input(ids.PRINT, "n_clicks"),
        prevent_initial_call=True,
    )
