"""The Overview page's behaviour: headline figures and the monthly contacts trend."""

from __future__ import annotations

import dash
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output

from callbacks.filters import PROBLEMS, filters_for_page, month_label, problem_message
from dashboard.charts import empty_figure, monthly_contacts_figure
from dashboard.charts.activity import MONTHLY_CONTACTS_TITLE
from dashboard.context import AppContext
from data.queries import overview as overview_queries
from layouts.components import NO_VALUE, problem_alert
from layouts.ids import OverviewIds as ids

PAGE = "overview"

OverviewResult = tuple[object, str, str, str, str, str, str, str, go.Figure]


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def _count(value: object, hidden_below: int = 0) -> str:
    """A whole number with thousands separators; "fewer than N" when hidden; a dash if missing."""
    if _missing(value):
        return f"fewer than {hidden_below}" if hidden_below else NO_VALUE
    return f"{int(value):,}"


def _hours(value: object) -> str:
    if _missing(value):
        return NO_VALUE
    return f"{float(value):,.0f}"


def _wait(value: object, waiting: object) -> str:
    if _missing(waiting):
        return "Median wait not shown for so few"
    if _missing(value):
        return "No one waiting"
    return f"Median wait {float(value):,.0f} days"


def _problem(error: Exception) -> OverviewResult:
    message = problem_message(error)
    blank = (NO_VALUE, NO_VALUE, NO_VALUE, "", NO_VALUE, "", NO_VALUE)
    return (problem_alert(message), *blank, empty_figure(message, MONTHLY_CONTACTS_TITLE))


def update_overview(query: dict | None, ctx: AppContext) -> OverviewResult:
    """Answers the Overview for the URL's filters ``query``.

    Returns (alert, active mentees, active mentors, waiting, waiting detail, contacts this
    month, contacts detail, milestones this month, trend figure). Bad filters or no access
    give an alert and empty figures, never an exception.
    """
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        return _problem(error)
    headline = ctx.query(overview_queries.headline_figures, filters)
    monthly = ctx.query(overview_queries.monthly_activity, filters)
    row = headline.iloc[0].to_dict() if not headline.empty else {}
    month = month_label(filters.end)
    hidden_below = filters.scope.small_cell_min
    return (
        None,
        _count(row.get("active_mentees"), hidden_below),
        _count(row.get("active_mentors")),
        _count(row.get("waiting_for_mentor"), hidden_below),
        _wait(row.get("median_wait_days"), row.get("waiting_for_mentor")),
        _count(row.get("contacts_this_month"), hidden_below),
        f"{_hours(row.get('contact_hours_this_month'))} contact hours · {month}",
        _count(row.get("milestones_this_month"), hidden_below),
        monthly_contacts_figure(monthly),
    )


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the Overview's callbacks on ``app``."""

    def _update(query):  # type: ignore[no-untyped-def]
        return update_overview(query, ctx)

    app.callback(
        Output(ids.ALERT, "children"),
        Output(ids.ACTIVE_MENTEES, "children"),
        Output(ids.ACTIVE_MENTORS, "children"),
        Output(ids.WAITING, "children"),
        Output(ids.WAITING_DETAIL, "children"),
        Output(ids.CONTACTS_MONTH, "children"),
        Output(ids.CONTACTS_MONTH_DETAIL, "children"),
        Output(ids.MILESTONES_MONTH, "children"),
        Output(ids.CONTACTS_GRAPH, "figure"),
        Input(ids.QUERY, "data"),
    )(_update)
