"""The Audit trail page's behaviour: event and user choices, one page of events at a time.

Only admins may read the trail (``ctx.scope("audit")`` refuses anyone else before a query
runs). The audit queries bypass the query cache: audit events do not bump the data version,
and the trail must show a sign-in the moment it happens.
"""

from __future__ import annotations

import math

import dash
from dash import Input, Output

from callbacks.filters import PROBLEMS, filters_for_page, problem_message
from dashboard.audit import EVENTS
from dashboard.context import AppContext
from data.queries.audit import audit_event_count, audit_events, audit_usernames
from layouts.audit import PAGE_SIZE
from layouts.audit import AuditIds as ids
from layouts.components import problem_alert

PAGE = "audit"
EVENT_LABELS = {event: event.replace("_", " ") for event in EVENTS}

Options = list[dict[str, str]]


def choice_options(ctx: AppContext, query: dict | None) -> tuple[Options, Options]:
    """The event kinds and the usernames seen in the period, as dropdown options.

    Empty for anyone but an admin (the rows callback says why in the page's alert).
    """
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS:
        return [], []
    events = [{"label": EVENT_LABELS[e], "value": e} for e in EVENTS]
    df = audit_usernames(ctx.engine, filters)
    users = [
        {"label": name, "value": name}
        for name in df["username"].tolist()
        if name  # failed sign-ins with an unknown username have none
    ]
    return events, users


def event_page(
    ctx: AppContext,
    query: dict | None,
    event: str | None,
    username: str | None,
    page: int | None,
    new_filter: bool,
) -> tuple[list[dict[str, object]], int, int, str, object]:
    """One page of audit events: (rows, pages, current page, summary line, alert).

    ``new_filter`` is True when the period, event or user changed: paging starts again at 1.
    """
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        return [], 1, 1, "", problem_alert(problem_message(error))
    event = event if event in EVENTS else None
    username = username if isinstance(username, str) and username else None
    total = audit_event_count(ctx.engine, filters, event, username)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    current = 1 if new_filter or not isinstance(page, int) else min(max(page, 1), pages)
    df = audit_events(
        ctx.engine, filters, event, username, limit=PAGE_SIZE, offset=(current - 1) * PAGE_SIZE
    )
    df["occurred_at"] = df["occurred_at"].map(lambda t: t.strftime("%Y-%m-%d %H:%M:%S"))
    first = (current - 1) * PAGE_SIZE + 1 if total else 0
    last = min(current * PAGE_SIZE, total)
    summary = f"Events {first:,}-{last:,} of {total:,}"
    return df.to_dict("records"), pages, current, summary, None


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the Audit trail page's callbacks on ``app``."""

    def _options(query):  # type: ignore[no-untyped-def]
        return choice_options(ctx, query)

    app.callback(
        Output(ids.EVENT, "options"),
        Output(ids.USER, "options"),
        Input(ids.QUERY, "data"),
    )(_options)

    def _rows(query, event, username, page):  # type: ignore[no-untyped-def]
        new_filter = dash.ctx.triggered_id != ids.PAGER
        return event_page(ctx, query, event, username, page, new_filter)

    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.PAGER, "max_value"),
        Output(ids.PAGER, "active_page"),
        Output(ids.SUMMARY, "children"),
        Output(ids.ALERT, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.EVENT, "value"),
        Input(ids.USER, "value"),
        Input(ids.PAGER, "active_page"),
    )(_rows)
