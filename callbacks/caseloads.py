"""The Caseloads page's behaviour: capacity chart, matches per month, waiting list."""

from __future__ import annotations

import dash
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output

from callbacks.filters import PROBLEMS, filters_for_page, problem_message
from dashboard.charts import caseload_capacity_figure, empty_figure, matches_by_month_figure
from dashboard.charts.caseloads import CAPACITY_TITLE, MATCHES_TITLE
from dashboard.context import AppContext
from data.queries import caseloads as caseload_queries
from layouts.components import problem_alert
from layouts.ids import CaseloadsIds as ids

PAGE = "caseloads"
WAITING_LIMIT = 200
WAITING_FIELDS = (
    "mentee_code",
    "mentee_name",
    "site",
    "referral_date",
    "waiting_since",
    "days_waiting",
)

CaseloadsResult = tuple[object, go.Figure, go.Figure, list[dict[str, object]], str]


def waiting_rows(df: pd.DataFrame) -> list[dict[str, object]]:
    """The waiting list as grid rows: dates as ISO text, missing identities as blanks."""
    rows = []
    for record in df.reindex(columns=list(WAITING_FIELDS)).to_dict("records"):
        row: dict[str, object] = {}
        for key, value in record.items():
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                row[key] = None
            elif hasattr(value, "isoformat"):
                row[key] = value.isoformat()[:10]
            elif key == "days_waiting":
                row[key] = int(value)
            else:
                row[key] = str(value)
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


def update_caseloads(query: dict | None, ctx: AppContext) -> CaseloadsResult:
    """Answers the Caseloads page for the URL's filters ``query``.

    Returns (alert, capacity figure, matches figure, waiting-list rows, waiting-list note).
    Bad filters or no access give an alert and empty figures, never an exception.
    """
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        message = problem_message(error)
        return (
            problem_alert(message),
            empty_figure(message, CAPACITY_TITLE),
            empty_figure(message, MATCHES_TITLE),
            [],
            "",
        )
    caseload = ctx.query(caseload_queries.caseload_by_mentor, filters)
    matches = ctx.query(caseload_queries.matches_by_month, filters)
    waiting = ctx.query(caseload_queries.waiting_list, filters, limit=WAITING_LIMIT)
    rows = waiting_rows(waiting)
    return (
        None,
        caseload_capacity_figure(caseload),
        matches_by_month_figure(matches),
        rows,
        waiting_note(len(rows)),
    )


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the Caseloads page's callbacks on ``app``."""

    def _update(query):  # type: ignore[no-untyped-def]
        return update_caseloads(query, ctx)

    app.callback(
        Output(ids.ALERT, "children"),
        Output(ids.CAPACITY_GRAPH, "figure"),
        Output(ids.MATCHES_GRAPH, "figure"),
        Output(ids.WAITING_GRID, "rowData"),
        Output(ids.WAITING_NOTE, "children"),
        Input(ids.QUERY, "data"),
    )(_update)
