"""The Caseloads page's behaviour: capacity chart, matches per month, waiting list, the
follow-up list (N days in the URL), who needs a new mentor, places against waits per site,
the match lifecycle, click-through to a mentor's page (or, from the capacity chart's
whole-program form, to one site), and the tables' exports."""

from __future__ import annotations

from collections.abc import Callable

import dash
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, no_update
from dash import ctx as dash_ctx

from callbacks import mentor_rows
from callbacks.exports import RowsFn, TableExport
from callbacks.filters import PROBLEMS, filters_for_page, problem_message, search_string
from callbacks.grid_rows import grid_records
from callbacks.navigation import mentee_link, mentor_href, mentor_link, site_href
from callbacks.page_update import PageUpdate, filters_and_query, register_all
from callbacks.slots import alert, chart, fixed, graph, text
from dashboard.charts import caseload_capacity_figure, lifecycle, matches_by_month_figure
from dashboard.charts import program as program_charts
from dashboard.charts.caseloads import CAPACITY_TITLE, MATCHES_TITLE, caseload_capacity_caption
from dashboard.charts.workload import mentor_clicked
from dashboard.context import AppContext
from dashboard.exports import ExportColumn
from data.filters import FilterError, Filters
from data.queries import caseloads as caseload_queries
from data.queries import program as program_queries
from layouts.caseloads import DEFAULT_DAYS, MAX_DAYS
from layouts.ids import CaseloadsIds as ids
from layouts.ids.exports import ExportIds

PAGE = "caseloads"
PATH = "/caseloads"
ON_QUERY = (Input(ids.QUERY, "data"),)
WAITING_LIMIT = 200
WAITING_FIELDS = (
    "mentee_code",
    "mentee_name",
    "site",
    "referral_date",
    "waiting_since",
    "days_waiting",
)
DAYS_MESSAGE = f"The number of days must be a whole number from 1 to {MAX_DAYS}."
WAITING_EXPORT = [
    ExportColumn("mentee_code", "Mentee code"),
    ExportColumn("mentee_name", "Name"),
    ExportColumn("site", "Site"),
    ExportColumn("referral_date", "Referred on"),
    ExportColumn("waiting_since", "Waiting since"),
    ExportColumn("days_waiting", "Days waiting"),
]
FOLLOW_UP_EXPORT = [
    ExportColumn("mentee_code", "Mentee code"),
    ExportColumn("mentee_name", "Name"),
    ExportColumn("mentor", "Mentor"),
    ExportColumn("last_contact", "Last contact"),
    ExportColumn("days_since", "Days since"),
]
NEW_MENTOR_EXPORT = [
    ExportColumn("mentee_code", "Mentee code"),
    ExportColumn("mentee_name", "Name"),
    ExportColumn("site", "Site"),
    ExportColumn("mentor", "Mentor"),
    ExportColumn("mentor_status", "Mentor is"),
    ExportColumn("mentor_left_on", "Left on"),
    ExportColumn("match_start", "Matched since"),
]
PLACES_EXPORT = [
    ExportColumn("site", "Site"),
    ExportColumn("mentors_available", "Mentors available"),
    ExportColumn("places", "Places"),
    ExportColumn("active_mentees", "In matches"),
    ExportColumn("free_places", "Free places"),
    ExportColumn("mentors_with_room", "Mentors with room"),
    ExportColumn("waiting", "Waiting"),
    ExportColumn("longest_wait_days", "Longest wait (days)"),
]

CaseloadsResult = tuple[object, go.Figure, go.Figure, list[dict[str, object]], str, str]


def waiting_rows(df: pd.DataFrame) -> list[dict[str, object]]:
    """The waiting list as grid rows: dates as ISO text, missing identities as blanks."""
    rows = []
    for row, _record in grid_records(df, WAITING_FIELDS):
        if row["days_waiting"] is not None:
            row["days_waiting"] = int(row["days_waiting"])  # type: ignore[call-overload]
        rows.append(row)
    return rows


def waiting_note(count: int, limit: int = WAITING_LIMIT) -> str:
    """One line under the waiting list's title saying how many are shown."""
    if count == 0:
        return "Nobody is waiting for a mentor at these sites."
    if count >= limit:
        return f"The {limit} mentees who have waited longest (there may be more)."
    noun = "mentee is" if count == 1 else "mentees are"
    return f"{count} {noun} waiting for a mentor, longest wait first."


def _caseloads(ctx: AppContext, filters: Filters) -> CaseloadsResult:
    caseload = ctx.query(caseload_queries.caseload_by_mentor, filters)
    matches = ctx.query(caseload_queries.matches_by_month, filters)
    waiting = ctx.query(caseload_queries.waiting_list, filters, limit=WAITING_LIMIT)
    rows = waiting_rows(waiting)
    if mentor_rows.draws_sites(len(caseload)):
        by_site = ctx.query(program_queries.caseload_by_site, filters)
        capacity = program_charts.site_capacity_figure(by_site)
        caption = program_charts.site_capacity_caption(by_site, len(caseload))
    else:
        capacity = caseload_capacity_figure(caseload)
        caption = caseload_capacity_caption(caseload)
    return None, capacity, matches_by_month_figure(matches), rows, waiting_note(len(rows)), caption


update_caseloads = PageUpdate(
    PAGE,
    (
        alert(ids.ALERT),
        graph(ids.CAPACITY_GRAPH, CAPACITY_TITLE),
        graph(ids.MATCHES_GRAPH, MATCHES_TITLE),
        fixed(ids.WAITING_GRID, "rowData", []),
        text(ids.WAITING_NOTE),
        text(ids.CAPACITY_CAPTION),
    ),
    _caseloads,
    ON_QUERY,
)
"""Answers the Caseloads page for the URL's filters ``query``.

Returns (alert, capacity figure, matches figure, waiting-list rows, waiting-list note,
capacity caption). The capacity chart has a bar per mentor, or a bar per site when more than
``mentor_rows.MAX_MENTOR_ROWS`` mentors are in view. Bad filters or no access give an alert
and empty figures, never an exception.
"""


# --- follow-up, new mentors needed, places, lifecycle ------------------------------------


def parse_days(value: object) -> int:
    """The follow-up list's N: a whole number of days 1..MAX_DAYS (FilterError otherwise)."""
    if value is None or value == "":
        return DEFAULT_DAYS
    if isinstance(value, bool):
        raise FilterError(DAYS_MESSAGE)
    try:
        number = float(str(value).strip()[:12])
    except ValueError:
        raise FilterError(DAYS_MESSAGE) from None
    if number != int(number) or not 1 <= number <= MAX_DAYS:
        raise FilterError(DAYS_MESSAGE)
    return int(number)


def grid_rows(
    df: pd.DataFrame, fields: list[str], query: dict | None = None
) -> list[dict[str, object]]:
    """Plain-JSON grid rows of ``fields``; mentee codes and mentor names become links."""
    rows = []
    for row, record in grid_records(df, fields):
        if "mentee_code" in row and "mentee_id" in record:
            row["mentee_code"] = mentee_link(record["mentee_code"], int(record["mentee_id"]))
        if "mentor_id" in record and "mentor" in row:
            row["mentor"] = mentor_link(str(record["mentor"]), int(record["mentor_id"]), query)
        for field in ("active_mentees", "waiting"):
            if field in row and row[field] is None:
                row[field] = lifecycle.HIDDEN
        rows.append(row)
    return rows


def follow_up_frame(ctx: AppContext, query: dict | None) -> tuple[pd.DataFrame, Filters]:
    """What the follow-up list shows (and exports): ``query`` holds the filters and days."""
    filters = filters_for_page(ctx, PAGE, query)
    days = parse_days((query or {}).get("days") if isinstance(query, dict) else None)
    df = ctx.query(caseload_queries.mentees_without_recent_contact, filters, days=days)
    return df, filters


def follow_up_note(count: int, days: int) -> str:
    """One line over the follow-up list."""
    if count == 0:
        return f"Every matched mentee has had a contact in the last {days} days."
    noun = "matched mentee has" if count == 1 else "matched mentees have"
    return f"{count} {noun} had no contact for {days} days or more, never-contacted first."


def update_follow_up(query: dict | None, days: object, triggered: str | None, ctx: AppContext):  # type: ignore[no-untyped-def]
    """(rows, note, the export's query, URL search) for the follow-up list with N = ``days``.

    Changing N rewrites ?days= in the URL (without reloading); a bad N gets a message.
    """
    base = query if isinstance(query, dict) else {}
    try:
        ctx.scope(PAGE)  # a role without the page is refused before its input is judged
        number = parse_days(days)
        with_days = {**base, "days": number}
        df, _filters = follow_up_frame(ctx, with_days)
    except PROBLEMS as error:
        return [], problem_message(error), None, no_update
    fields = [c.field for c in FOLLOW_UP_EXPORT]
    search = no_update
    if triggered == ids.DAYS:
        search = search_string(base.get("start"), base.get("end"), base.get("sites"))
        search += ("&" if search else "?") + f"days={number}"
    return grid_rows(df, fields), follow_up_note(len(df), number), with_days, search


def new_mentor_note(count: int) -> str:
    """One line over the needs-a-new-mentor table."""
    if count == 0:
        return "Every open match has its mentor in post."
    noun = "mentee's mentor has" if count == 1 else "mentees' mentors have"
    return f"{count} {noun} left or gone on leave while the match is still open."


def _frame(fn: Callable[..., pd.DataFrame]) -> Callable[..., tuple[pd.DataFrame, Filters]]:
    """What a table of ``fn``'s rows shows (and exports) for the URL's filters."""

    def rows(ctx: AppContext, query: dict | None) -> tuple[pd.DataFrame, Filters]:
        filters = filters_for_page(ctx, PAGE, query)
        return ctx.query(fn, filters), filters

    return rows


_new_mentor_frame = _frame(caseload_queries.mentees_needing_new_mentor)
_places_frame = _frame(caseload_queries.places_against_waits)


def _waiting_frame(ctx: AppContext, query: dict | None) -> tuple[pd.DataFrame, Filters]:
    filters = filters_for_page(ctx, PAGE, query)
    return ctx.query(caseload_queries.waiting_list, filters, limit=WAITING_LIMIT), filters


def _lifecycle(ctx: AppContext, parsed: tuple[Filters, dict | None]) -> tuple:
    filters, query = parsed
    needing = ctx.query(caseload_queries.mentees_needing_new_mentor, filters)
    places = ctx.query(caseload_queries.places_against_waits, filters)
    closures = ctx.query(caseload_queries.match_closures_by_reason, filters)
    retention = ctx.query(caseload_queries.match_retention, filters)
    length = ctx.query(caseload_queries.match_length, filters)
    return (
        grid_rows(needing, [c.field for c in NEW_MENTOR_EXPORT], query),
        new_mentor_note(len(needing)),
        lifecycle.places_figure(places),
        lifecycle.places_caption(places),
        grid_rows(places, [c.field for c in PLACES_EXPORT]),
        lifecycle.closures_figure(closures),
        lifecycle.retention_figure(retention),
        lifecycle.lifecycle_caption(closures, retention, length),
    )


update_lifecycle = PageUpdate(
    PAGE,
    (
        fixed(ids.NEW_MENTOR_GRID, "rowData", []),
        text(ids.NEW_MENTOR_NOTE),
        *chart(ids.PLACES_GRAPH, ids.PLACES_CAPTION, lifecycle.PLACES_TITLE),
        fixed(ids.PLACES_GRID, "rowData", []),
        graph(ids.CLOSURES_GRAPH, lifecycle.CLOSURES_TITLE),
        graph(ids.RETENTION_GRAPH, lifecycle.RETENTION_TITLE),
        text(ids.LIFECYCLE_CAPTION),
    ),
    _lifecycle,
    ON_QUERY,
    parse=filters_and_query(PAGE),
)
"""(new-mentor rows, note, places figure, caption, places rows, closures figure, retention
figure, lifecycle caption)."""


def navigate(click: object, query: dict | None, ctx: AppContext) -> object:
    """A click on a mentor's bar in the capacity chart opens their page (filters kept); on a
    site's bar (the whole-program form) narrows the page to that site, keeping the period."""
    site_id = program_charts.site_clicked(click)
    if site_id is not None:
        try:
            allowed = ctx.scope(PAGE).allows_site(site_id)
        except PROBLEMS:
            return no_update
        return site_href(PATH, site_id, query) if allowed else no_update
    mentor_id = mentor_clicked(click)
    if mentor_id is None:
        return no_update
    try:
        ctx.scope("mentor")
    except PROBLEMS:
        return no_update
    return mentor_href(mentor_id, query)


def _export(
    table: str, buttons: ExportIds, rows: RowsFn, columns: list[ExportColumn]
) -> TableExport:
    return TableExport(PAGE, table, ids.QUERY, buttons, rows, columns)


EXPORTS = (
    _export("waiting-list", ids.WAITING_EXPORT_IDS, _waiting_frame, WAITING_EXPORT),
    TableExport(
        PAGE,
        "follow-up",
        ids.FOLLOW_UP_QUERY,  # the filters and the list's N days
        ids.FOLLOW_UP_EXPORT_IDS,
        follow_up_frame,
        FOLLOW_UP_EXPORT,
    ),
    _export("needs-new-mentor", ids.NEW_MENTOR_EXPORT_IDS, _new_mentor_frame, NEW_MENTOR_EXPORT),
    _export("places-against-waits", ids.PLACES_EXPORT_IDS, _places_frame, PLACES_EXPORT),
)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the Caseloads page's callbacks on ``app``."""
    register_all(app, ctx, (update_caseloads, update_lifecycle, *EXPORTS))
    app.callback(
        Output(ids.FOLLOW_UP_GRID, "rowData"),
        Output(ids.FOLLOW_UP_NOTE, "children"),
        Output(ids.FOLLOW_UP_QUERY, "data"),
        Output(ids.DAYS_URL, "search"),
        Input(ids.QUERY, "data"),
        Input(ids.DAYS, "value"),
    )(lambda query, days: update_follow_up(query, days, dash_ctx.triggered_id, ctx))
    app.callback(
        Output(ids.NAV, "href"),
        Input(ids.CAPACITY_GRAPH, "clickData"),
        State(ids.QUERY, "data"),
        prevent_initial_call=True,
    )(lambda click, query: navigate(click, query, ctx))
