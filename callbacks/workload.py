"""The Workload page's behaviour: heatmap, type of support, crisis, direct service, groups,
modes, balance and the per-mentor table (with its export), and click-through navigation.

Split into a few callbacks so each answer stays small and quick; all go through
``filters_for_page`` and ``ctx.query``, so scope, small-count hiding and the cache apply.
The charts with a row per mentor draw a row per site instead when more than
``mentor_rows.MAX_MENTOR_ROWS`` mentors are in view (``data.queries.program``); a click on a
site narrows the page to it.
"""

from __future__ import annotations

import dash
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, html, no_update
from dash import ctx as dash_ctx

from callbacks import mentor_rows
from callbacks.exports import register_export
from callbacks.filters import PROBLEMS, filters_for_page, problem_message
from callbacks.navigation import mentor_href, mentor_link, month_href, site_href
from dashboard.auth import PageForbidden
from dashboard.charts import groups as group_charts
from dashboard.charts import program as program_charts
from dashboard.charts import workload as charts
from dashboard.charts.common import empty_figure
from dashboard.context import AppContext
from dashboard.exports import ExportColumn
from data.filters import Filters
from data.queries import groups as group_queries
from data.queries import program as program_queries
from data.queries import workload as queries
from layouts.components import problem_alert
from layouts.ids import WorkloadIds as ids

PAGE = "workload"
PATH = "/workload"
MENTOR_PAGE = "mentor"
TABLE_FIELDS = (
    "site",
    "mentor",
    "capacity",
    "caseload",
    "contacts",
    "hours",
    "crisis_calls",
    "after_hours",
    "group_sessions",
)
TABLE_EXPORT = [
    ExportColumn("site", "Site"),
    ExportColumn("mentor", "Mentor"),
    ExportColumn("capacity", "Capacity"),
    ExportColumn("caseload", "Mentees now"),
    ExportColumn("contacts", "Contacts"),
    ExportColumn("hours", "Contact hours"),
    ExportColumn("crisis_calls", "Crisis calls"),
    ExportColumn("after_hours", "After hours"),
    ExportColumn("group_sessions", "Group sessions"),
]


def _may_see_site(ctx: AppContext, site_id: int) -> bool:
    """True when the user may open this page for the site ``site_id``."""
    try:
        return ctx.scope(PAGE).allows_site(site_id)
    except PageForbidden:
        return False


def _may_open_mentor_pages(ctx: AppContext) -> bool:
    try:
        ctx.scope(MENTOR_PAGE)
    except PageForbidden:
        return False
    return True


def mentors_in_view(ctx: AppContext, filters: Filters) -> int:
    """How many mentors the filters show (the rows of the per-mentor table)."""
    return len(ctx.query(queries.workload_by_mentor, filters))


def _hours_per_place(ctx: AppContext) -> float:
    """The hours a month one caseload place stands for (HOURS_PER_PLACE_PER_MONTH)."""
    return float(ctx.settings.hours_per_place_per_month)


def _empty_figures(message: str, *titles: str) -> tuple[go.Figure, ...]:
    return tuple(empty_figure(message, title) for title in titles)


def _problem_figures(error: Exception, *titles: str) -> tuple[go.Figure, ...]:
    return _empty_figures(problem_message(error), *titles)


def update_heatmap(query: dict | None, measure: str | None, ctx: AppContext) -> tuple:
    """(heatmap figure, caption) for the URL's filters and the chosen measure."""
    measure = (
        measure if isinstance(measure, str) and measure in charts.HEATMAP_TITLE else "contacts"
    )
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        return *_problem_figures(error, charts.HEATMAP_TITLE[measure]), ""
    mentors = mentors_in_view(ctx, filters)
    # Summing the rows is exact unless small counts are hidden: only then is the program's
    # weekly total asked for separately (a second pass over the contacts).
    hides = filters.scope.small_cell_min > 0
    total = ctx.query(queries.contacts_by_week, filters) if hides else None
    if mentor_rows.draws_sites(mentors):
        by_site = ctx.query(program_queries.contacts_by_site_week, filters)
        return (
            program_charts.site_heatmap_figure(by_site, total, measure),
            program_charts.site_heatmap_caption(by_site, total, measure, mentors),
        )
    weekly = ctx.query(queries.contacts_by_mentor_week, filters)
    return (
        charts.weekly_heatmap_figure(weekly, total, measure),
        charts.weekly_heatmap_caption(weekly, total, measure),
    )


def update_support(query: dict | None, ctx: AppContext) -> tuple:
    """(support-type figure, style figure, caption)."""
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        support, style = _problem_figures(error, charts.SUPPORT_TITLE, charts.STYLE_TITLE)
        return support, style, ""
    workload = ctx.query(queries.workload_by_mentor, filters)
    if mentor_rows.draws_sites(len(workload)):
        by_site = ctx.query(program_queries.contact_types_by_site, filters)
        return (
            program_charts.site_support_figure(by_site),
            program_charts.site_style_figure(by_site),
            program_charts.site_support_caption(by_site, len(workload)),
        )
    types = ctx.query(queries.contact_types_by_mentor, filters)
    return (
        charts.support_types_figure(types, workload),
        charts.support_style_figure(types, workload),
        charts.support_caption(types),
    )


def update_mix(query: dict | None, ctx: AppContext) -> tuple:
    """(the program's mix by month, its caption)."""
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        return *_problem_figures(error, charts.MIX_TITLE), ""
    mix = ctx.query(queries.contact_mix_by_month, filters)
    return charts.mix_by_month_figure(mix), charts.mix_caption(mix)


def update_crisis(query: dict | None, ctx: AppContext) -> tuple:
    """(crisis and after-hours figure, caption)."""
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        return *_problem_figures(error, charts.CRISIS_TITLE), ""
    mentors = mentors_in_view(ctx, filters)
    if mentor_rows.draws_sites(mentors):
        by_site = ctx.query(program_queries.crisis_by_site_month, filters)
        return (
            program_charts.site_crisis_figure(by_site),
            program_charts.site_crisis_caption(by_site, mentors),
        )
    crisis = ctx.query(queries.crisis_by_mentor_month, filters)
    return charts.crisis_figure(crisis), charts.crisis_caption(crisis)


def update_direct_service(query: dict | None, ctx: AppContext) -> tuple:
    """(direct-service hours against capacity, caption)."""
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        return *_problem_figures(error, charts.DIRECT_TITLE), ""
    hours = _hours_per_place(ctx)
    mentors = mentors_in_view(ctx, filters)
    if mentor_rows.draws_sites(mentors):
        by_site = ctx.query(
            program_queries.direct_service_by_site_month, filters, hours_per_place=hours
        )
        return (
            program_charts.site_direct_service_figure(by_site),
            program_charts.site_direct_service_caption(by_site, hours, mentors),
        )
    months = ctx.query(queries.mentor_month_workload, filters, hours_per_place=hours)
    return charts.direct_service_figure(months), charts.direct_service_caption(months, hours)


def update_groups(query: dict | None, ctx: AppContext) -> tuple:
    """(sessions per mentor figure, attendance figure, caption)."""
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        sessions, attendance = _problem_figures(
            error, group_charts.SESSIONS_TITLE, group_charts.ATTENDANCE_TITLE
        )
        return sessions, attendance, ""
    sessions = ctx.query(group_queries.group_attendance_by_session, filters)
    mentors = mentors_in_view(ctx, filters)
    if mentor_rows.draws_sites(mentors):
        by_site = ctx.query(program_queries.group_sessions_by_site, filters)
        return (
            program_charts.site_sessions_figure(by_site),
            group_charts.attendance_figure(sessions),
            program_charts.site_groups_caption(by_site, sessions, mentors),
        )
    by_mentor = ctx.query(group_queries.group_sessions_by_mentor, filters)
    return (
        group_charts.sessions_by_mentor_figure(by_mentor),
        group_charts.attendance_figure(sessions),
        group_charts.groups_caption(by_mentor, sessions),
    )


def update_modes(query: dict | None, ctx: AppContext) -> tuple:
    """(contacts by mode per month, caption)."""
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        return *_problem_figures(error, charts.MODES_TITLE), ""
    modes = ctx.query(queries.contact_modes_by_month, filters)
    return charts.modes_figure(modes), charts.modes_caption(modes)


def _cell(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, float):
        return round(value, 1)
    if hasattr(value, "item"):
        return value.item()
    return value


def table_rows(df: pd.DataFrame, query: dict | None, links: bool) -> list[dict[str, object]]:
    """The per-mentor table as grid rows; mentor names link to their page when allowed.

    Hidden small counts show as 'fewer than 5'.
    """
    rows = []
    for record in df.to_dict("records"):
        row = {field: _cell(record.get(field)) for field in TABLE_FIELDS}
        for field in ("caseload", "contacts", "crisis_calls", "after_hours"):
            if row[field] is None:
                row[field] = charts.HIDDEN
        if links:
            row["mentor"] = mentor_link(str(record["mentor"]), int(record["mentor_id"]), query)
        rows.append(row)
    return rows


def workload_table_frame(ctx: AppContext, query: dict | None) -> tuple[pd.DataFrame, Filters]:
    """What the per-mentor table shows (and what its export writes): workload_by_mentor."""
    filters = filters_for_page(ctx, PAGE, query)
    return ctx.query(queries.workload_by_mentor, filters), filters


def update_summary(query: dict | None, ctx: AppContext) -> tuple:
    """(alert, balance sentences as list items, table rows)."""
    try:
        df, _filters = workload_table_frame(ctx, query)
    except PROBLEMS as error:
        return problem_alert(problem_message(error)), [], []
    sentences = charts.balance_sentences(df)
    links = _may_open_mentor_pages(ctx)
    return None, [html.Li(s) for s in sentences], table_rows(df, query, links)


def navigate(click: object, query: dict | None, source: str | None, ctx: AppContext) -> object:
    """The address a click on a chart leads to, or no_update.

    A mentor (bar, heatmap row, dot) opens their page when the user's role may; a site (a row
    of a whole-program chart) narrows the page to that site, keeping the period; a month
    (mix, modes, crisis column) narrows the period to that month.
    """
    site_id = program_charts.site_clicked(click)
    if site_id is not None:
        return site_href(PATH, site_id, query) if _may_see_site(ctx, site_id) else no_update
    if source in (ids.MIX_GRAPH, ids.MODES_GRAPH):
        month = charts.month_clicked(click)
        return month_href(PATH, month, query) if month else no_update
    mentor_id = charts.mentor_clicked(click)
    if mentor_id is None:
        if source == ids.CRISIS_GRAPH:  # the 'All mentors' row: that month
            month = charts.month_clicked(click)
            return month_href(PATH, month, query) if month else no_update
        return no_update
    if not _may_open_mentor_pages(ctx):
        return no_update
    return mentor_href(mentor_id, query)


CLICK_SOURCES = (
    ids.HEATMAP_GRAPH,
    ids.SUPPORT_GRAPH,
    ids.STYLE_GRAPH,
    ids.CRISIS_GRAPH,
    ids.DIRECT_GRAPH,
    ids.GROUPS_GRAPH,
    ids.MIX_GRAPH,
    ids.MODES_GRAPH,
)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the Workload page's callbacks on ``app``."""
    app.callback(
        Output(ids.HEATMAP_GRAPH, "figure"),
        Output(ids.HEATMAP_CAPTION, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.MEASURE, "value"),
    )(lambda query, measure: update_heatmap(query, measure, ctx))
    app.callback(
        Output(ids.SUPPORT_GRAPH, "figure"),
        Output(ids.STYLE_GRAPH, "figure"),
        Output(ids.SUPPORT_CAPTION, "children"),
        Input(ids.QUERY, "data"),
    )(lambda query: update_support(query, ctx))
    app.callback(
        Output(ids.MIX_GRAPH, "figure"),
        Output(ids.MIX_CAPTION, "children"),
        Input(ids.QUERY, "data"),
    )(lambda query: update_mix(query, ctx))
    app.callback(
        Output(ids.CRISIS_GRAPH, "figure"),
        Output(ids.CRISIS_CAPTION, "children"),
        Input(ids.QUERY, "data"),
    )(lambda query: update_crisis(query, ctx))
    app.callback(
        Output(ids.DIRECT_GRAPH, "figure"),
        Output(ids.DIRECT_CAPTION, "children"),
        Input(ids.QUERY, "data"),
    )(lambda query: update_direct_service(query, ctx))
    app.callback(
        Output(ids.GROUPS_GRAPH, "figure"),
        Output(ids.ATTENDANCE_GRAPH, "figure"),
        Output(ids.GROUPS_CAPTION, "children"),
        Input(ids.QUERY, "data"),
    )(lambda query: update_groups(query, ctx))
    app.callback(
        Output(ids.MODES_GRAPH, "figure"),
        Output(ids.MODES_CAPTION, "children"),
        Input(ids.QUERY, "data"),
    )(lambda query: update_modes(query, ctx))
    app.callback(
        Output(ids.ALERT, "children"),
        Output(ids.BALANCE, "children"),
        Output(ids.TABLE_GRID, "rowData"),
        Input(ids.QUERY, "data"),
    )(lambda query: update_summary(query, ctx))

    def _navigate(*args):  # type: ignore[no-untyped-def]
        *_clicks, query = args
        source = dash_ctx.triggered_id
        click = args[CLICK_SOURCES.index(source)] if source in CLICK_SOURCES else None
        return navigate(click, query, source, ctx)

    app.callback(
        Output(ids.NAV, "href"),
        *(Input(source, "clickData") for source in CLICK_SOURCES),
        State(ids.QUERY, "data"),
        prevent_initial_call=True,
    )(_navigate)
    register_export(
        app,
        ctx,
        page=PAGE,
        table="mentors",
        query_id=ids.QUERY,
        csv_id=ids.TABLE_CSV,
        xlsx_id=ids.TABLE_XLSX,
        download_id=ids.TABLE_DOWNLOAD,
        status_id=ids.TABLE_EXPORT_STATUS,
        rows=workload_table_frame,
        columns=TABLE_EXPORT,
    )
