"""A mentor's page: profile, supervision card, charts, click-through, print, and the audit.

The mentor id from the path is checked here against the signed-in user's scope: a mentor
at a site they may not see is answered exactly like one that does not exist. Opening a
mentor's page writes ``view_mentor_page`` to the audit trail. The consultation notes section
(``MentorIds.NOTES``) is filled by callbacks/notes/mentor_notes.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import dash
import pandas as pd
from dash import Input, Output, State, no_update
from dash.development.base_component import Component

from callbacks.audit_record import record_for_user
from callbacks.filters import filters_for_page, month_label
from callbacks.navigation import MENTOR_PATH, month_href
from callbacks.page_update import PageUpdate, register_all
from callbacks.slots import alert, chart, fixed, text
from dashboard.charts import groups as group_charts
from dashboard.charts import mentor as charts
from dashboard.charts.workload import HIDDEN, mix_by_month_figure, mix_caption, month_clicked
from dashboard.context import AppContext
from data.filters import FilterError, Filters
from data.queries import caseloads as caseload_queries
from data.queries import groups as group_queries
from data.queries import mentors as queries
from data.queries import workload as workload_queries
from data.queries.notes import notes_about_mentor
from data.queries.plumbing.months import month_start
from data.services.audit import AuditEventType
from layouts import mentor as layout
from layouts.ids import MentorIds as ids

PAGE = "mentor"
NO_SUCH_MENTOR = "There is no mentor with this number at the sites you can see."
NOT_A_MENTOR = "This address does not name a mentor (it should end in their number)."
CARD_PREVIOUS_MONTHS = 3
FOLLOW_UP_DAYS = 14
CARD_NOTES_PER_KIND = 3
ON_QUERY = (Input(ids.QUERY, "data"),)


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


def _card_notes(ctx: AppContext, filters: Filters, mentor_id: int) -> object:
    """The month's accomplishments, positive impacts and action items about the mentor."""
    notes = ctx.query(notes_about_mentor, filters, mentor_id=mentor_id, limit=50)
    texts = {
        kind: [str(t) for t in notes[notes["kind"] == kind]["text"]][:CARD_NOTES_PER_KIND]
        for kind in layout.CARD_NOTE_KINDS
    }
    return layout.card_notes(texts, empty=notes.empty)


def supervision_card(ctx: AppContext, filters: Filters, profile: dict) -> Component:
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


def _date_text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.strftime("%d %B %Y") if hasattr(value, "strftime") else str(value)


def _profile(ctx: AppContext, parsed: tuple[Filters, dict[str, object]]) -> tuple:
    filters, row = parsed
    period = f"period {filters.start.isoformat()}..{filters.end.isoformat()}"
    target = f"mentor:{int(row['mentor_id'])}"  # type: ignore[call-overload]
    username = filters.scope.username
    record_for_user(ctx, AuditEventType.VIEW_MENTOR_PAGE, target, period, username)
    caseload = row["caseload"]
    shown = layout.profile(
        str(row["mentor"]),
        str(row["site"]),
        str(row["status"]),
        _date_text(row["start_date"]) or "",
        _date_text(row["end_date"]),
        int(row["capacity"]),  # type: ignore[call-overload]
        HIDDEN if pd.isna(caseload) else str(int(caseload)),  # type: ignore[call-overload]
    )
    card = supervision_card(ctx, filters, row)
    return None, shown, f"{row['mentor']} · {month_label(filters.end)}", card


update_profile = PageUpdate(
    PAGE,
    (
        alert(ids.ALERT),
        fixed(ids.PROFILE, "children", None),
        text(ids.CARD_MONTH),
        fixed(ids.CARD, "children", None),
    ),
    _profile,
    ON_QUERY,
    parse=mentor_filters,
)
"""(alert, profile, card month, card) for the path's mentor; audited when shown."""


def _outcomes(ctx: AppContext, parsed: tuple[Filters, dict[str, object]]) -> tuple:
    filters, row = parsed
    capacity = int(row["capacity"])  # type: ignore[call-overload]
    caseload = ctx.query(queries.caseload_by_month, filters)
    milestones = ctx.query(queries.milestones_of_mentees, filters)
    return (
        charts.milestones_figure(milestones),
        charts.milestones_caption(milestones),
        charts.caseload_figure(caseload, capacity),
        charts.caseload_caption(caseload, capacity),
    )


update_outcomes = PageUpdate(
    PAGE,
    (
        *chart(ids.MILESTONES_GRAPH, ids.MILESTONES_CAPTION, charts.MILESTONES_TITLE),
        *chart(ids.CASELOAD_GRAPH, ids.CASELOAD_CAPTION, charts.CASELOAD_TITLE),
    ),
    _outcomes,
    ON_QUERY,
    parse=mentor_filters,
)
"""(milestones figure, caption, caseload figure, caption) for the path's mentor."""


def _activity(ctx: AppContext, parsed: tuple[Filters, dict[str, object]]) -> tuple:
    filters, _row = parsed
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


update_activity = PageUpdate(
    PAGE,
    (
        *chart(ids.CONTACTS_GRAPH, ids.CONTACTS_CAPTION, charts.CONTACTS_TITLE),
        *chart(ids.SUPPORT_GRAPH, ids.SUPPORT_CAPTION, charts.SUPPORT_TITLE),
        *chart(ids.GROUPS_GRAPH, ids.GROUPS_CAPTION, group_charts.ATTENDANCE_TITLE),
    ),
    _activity,
    ON_QUERY,
    parse=mentor_filters,
)
"""(contacts figure, caption, support figure, caption, groups figure, caption)."""


def navigate(click: object, query: dict | None) -> object:
    """A click on a month of the contacts chart: this mentor's page for that month."""
    month = month_clicked(click)
    raw = (query or {}).get("mentor") if isinstance(query, dict) else None
    if month is None or not isinstance(raw, str) or not raw.isdigit():
        return no_update
    return month_href(MENTOR_PATH.format(mentor_id=int(raw)), month, query)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the mentor page's callbacks on ``app``."""
    register_all(app, ctx, (update_profile, update_outcomes, update_activity))
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
