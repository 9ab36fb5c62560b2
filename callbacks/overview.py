"""The Overview page's behaviour: headline figures and the monthly contacts trend."""

from __future__ import annotations

import dash
import pandas as pd
import plotly.graph_objects as go
from dash import Input

from callbacks.filters import month_label
from callbacks.page_update import PageUpdate
from callbacks.slots import alert, fixed, graph, text
from dashboard.charts import monthly_contacts_figure
from dashboard.charts.activity import MONTHLY_CONTACTS_TITLE
from dashboard.context import AppContext
from data.filters import Filters
from data.queries import overview as overview_queries
from layouts.components import NO_VALUE
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


def _overview(ctx: AppContext, filters: Filters) -> OverviewResult:
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


update_overview = PageUpdate(
    PAGE,
    (
        alert(ids.ALERT),
        fixed(ids.ACTIVE_MENTEES, "children", NO_VALUE),
        fixed(ids.ACTIVE_MENTORS, "children", NO_VALUE),
        fixed(ids.WAITING, "children", NO_VALUE),
        text(ids.WAITING_DETAIL),
        fixed(ids.CONTACTS_MONTH, "children", NO_VALUE),
        text(ids.CONTACTS_MONTH_DETAIL),
        fixed(ids.MILESTONES_MONTH, "children", NO_VALUE),
        graph(ids.CONTACTS_GRAPH, MONTHLY_CONTACTS_TITLE),
    ),
    _overview,
    (Input(ids.QUERY, "data"),),
)
"""Answers the Overview for the URL's filters ``query``.

Returns (alert, active mentees, active mentors, waiting, waiting detail, contacts this month,
contacts detail, milestones this month, trend figure). Bad filters or no access give an
alert and empty figures, never an exception.
"""


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the Overview's callbacks on ``app``."""
    update_overview.register(app, ctx)
