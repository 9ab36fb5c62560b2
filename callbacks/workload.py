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
from dash import Input, Output, State, no_update
from dash import ctx as dash_ctx

from callbacks import mentor_rows
from callbacks.exports import TableExport
from callbacks.filters import PROBLEMS, filters_for_page, may_open, problem_message
from callbacks.grid_rows import grid_records
from callbacks.navigation import mentor_href, mentor_link, month_href, site_href
from callbacks.page_update import PageUpdate, filters_and_query, register_all
from callbacks.slots import alert, chart, fixed, graph, text
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
from layouts.ids import WorkloadIds as ids
from layouts.workload import balance_items

PAGE = "workload"
PATH = "/workload"
ON_QUERY = (Input(ids.QUERY, "data"),)
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


def mentors_in_view(ctx: AppContext, filters: Filters) -> int:
    """How many mentors the filters show (the rows of the per-mentor table)."""
    return len(ctx.query(queries.workload_by_mentor, filters))


def _hours_per_place(ctx: AppContext) -> float:
    """The hours a month one caseload place stands for (HOURS_PER_PLACE_PER_MONTH)."""
    return float(ctx.settings.hours_per_place_per_month)


def _problem_figures(error: Exception, *titles: str) -> tuple[go.Figure, ...]:
    return tuple(empty_figure(problem_message(error), title) for title in titles)


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


def _support(ctx: AppContext, filters: Filters) -> tuple:
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


update_support = PageUpdate(
    PAGE,
    (
        graph(ids.SUPPORT_GRAPH, charts.SUPPORT_TITLE),
        graph(ids.STYLE_GRAPH, charts.STYLE_TITLE),
        text(ids.SUPPORT_CAPTION),
    ),
    _support,
    ON_QUERY,
)
"""(support-type figure, style figure, caption)."""


def _mix(ctx: AppContext, filters: Filters) -> tuple:
    mix = ctx.query(queries.contact_mix_by_month, filters)
    return charts.mix_by_month_figure(mix), charts.mix_caption(mix)


update_mix = PageUpdate(
    PAGE, chart(ids.MIX_GRAPH, ids.MIX_CAPTION, charts.MIX_TITLE), _mix, ON_QUERY
)
"""(the program's mix by month, its caption)."""


def _crisis(ctx: AppContext, filters: Filters) -> tuple:
    mentors = mentors_in_view(ctx, filters)
    if mentor_rows.draws_sites(mentors):
        by_site = ctx.query(program_queries.crisis_by_site_month, filters)
        return (
            program_charts.site_crisis_figure(by_site),
            program_charts.site_crisis_caption(by_site, mentors),
        )
    crisis = ctx.query(queries.crisis_by_mentor_month, filters)
    return charts.crisis_figure(crisis), charts.crisis_caption(crisis)


update_crisis = PageUpdate(
    PAGE, chart(ids.CRISIS_GRAPH, ids.CRISIS_CAPTION, charts.CRISIS_TITLE), _crisis, ON_QUERY
)
"""(crisis and after-hours figure, caption)."""


def _direct_service(ctx: AppContext, filters: Filters) -> tuple:
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


update_direct_service = PageUpdate(
    PAGE,
    chart(ids.DIRECT_GRAPH, ids.DIRECT_CAPTION, charts.DIRECT_TITLE),
    _direct_service,
    ON_QUERY,
)
"""(direct-service hours against capacity, caption)."""


def _groups(ctx: AppContext, filters: Filters) -> tuple:
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


update_groups = PageUpdate(
    PAGE,
    (
        graph(ids.GROUPS_GRAPH, group_charts.SESSIONS_TITLE),
        graph(ids.ATTENDANCE_GRAPH, group_charts.ATTENDANCE_TITLE),
        text(ids.GROUPS_CAPTION),
    ),
    _groups,
    ON_QUERY,
)
"""(sessions per mentor figure, attendance figure, caption)."""


def _modes(ctx: AppContext, filters: Filters) -> tuple:
    modes = ctx.query(queries.contact_modes_by_month, filters)
    return charts.modes_figure(modes), charts.modes_caption(modes)


update_modes = PageUpdate(
    PAGE, chart(ids.MODES_GRAPH, ids.MODES_CAPTION, charts.MODES_TITLE), _modes, ON_QUERY
)
"""(contacts by mode per month, caption)."""


def table_rows(df: pd.DataFrame, query: dict | None, links: bool) -> list[dict[str, object]]:
    """The per-mentor table as grid rows; mentor names link to their page when allowed.

    Hidden small counts show as 'fewer than 5'.
    """
    rows = []
    for row, record in grid_records(df, TABLE_FIELDS, decimals=1):
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


def _summary(ctx: AppContext, parsed: tuple[Filters, dict | None]) -> tuple:
    filters, query = parsed
    df = ctx.query(queries.workload_by_mentor, filters)
    sentences = charts.balance_sentences(df)
    links = may_open(ctx, MENTOR_PAGE)
    return None, balance_items(sentences), table_rows(df, query, links)


update_summary = PageUpdate(
    PAGE,
    (
        alert(ids.ALERT),
        fixed(ids.BALANCE, "children", []),
        fixed(ids.TABLE_GRID, "rowData", []),
    ),
    _summary,
    ON_QUERY,
    parse=filters_and_query(PAGE),
)
"""(alert, balance sentences as list items, table rows)."""


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
    if not may_open(ctx, MENTOR_PAGE):
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


UPDATES = (
    update_support,
    update_mix,
    update_crisis,
    update_direct_service,
    update_groups,
    update_modes,
    update_summary,
    TableExport(
        PAGE, "mentors", ids.QUERY, ids.TABLE_EXPORT_IDS, workload_table_frame, TABLE_EXPORT
    ),
)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the Workload page's callbacks on ``app``."""
    register_all(app, ctx, UPDATES)
    app.callback(
        Output(ids.HEATMAP_GRAPH, "figure"),
        Output(ids.HEATMAP_CAPTION, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.MEASURE, "value"),
    )(lambda query, measure: update_heatmap(query, measure, ctx))

    def _navigate(*clicks_then_query):  # type: ignore[no-untyped-def]
        *clicks, query = clicks_then_query
        source = dash_ctx.triggered_id
        click = clicks[CLICK_SOURCES.index(source)] if source in CLICK_SOURCES else None
        return navigate(click, query, source, ctx)

    app.callback(
        Output(ids.NAV, "href"),
        *(Input(source, "clickData") for source in CLICK_SOURCES),
        State(ids.QUERY, "data"),
        prevent_initial_call=True,
    )(_navigate)
