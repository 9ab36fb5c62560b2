"""The Audit trail page's behaviour: event and user choices, one page of events at a time,
and the export of that page (itself written to the trail, like every export).

Only admins may read the trail (``ctx.scope("audit")`` refuses anyone else before a query
runs). The audit queries bypass the query cache: audit events do not bump the data version,
and the trail must show a sign-in the moment it happens.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import dash
import pandas as pd
from dash import Input, Output, State
from dash import ctx as dash_ctx

from callbacks.exports import TableExport, columns_of
from callbacks.filters import PROBLEMS, filters_for_page, problem_message
from callbacks.page_update import PageUpdate, register_all
from callbacks.slots import fixed
from dashboard import auth
from dashboard.context import AppContext
from data.filters import Filters
from data.queries.audit import audit_event_count, audit_events, audit_usernames
from data.services.audit import EVENTS
from data.services.sessions import SessionRecord
from data.services.users import UserError, end_sessions, list_users, user_sessions
from layouts.audit import COLUMNS, PAGE_SIZE
from layouts.components import problem_alert
from layouts.ids import AuditIds as ids

PAGE = "audit"
EVENT_LABELS = {event: event.replace("_", " ") for event in EVENTS}
AUDIT_EXPORT = columns_of(COLUMNS)
MAX_PAGE_NUMBER = 1_000_000
ON_QUERY = (Input(ids.QUERY, "data"),)

Options = list[dict[str, str]]


def _choice_options(ctx: AppContext, filters: Filters) -> tuple[Options, Options]:
    events = [{"label": EVENT_LABELS[e], "value": e} for e in EVENTS]
    df = audit_usernames(ctx.engine, filters)
    users = [
        {"label": name, "value": name}
        for name in df["username"].tolist()
        if name  # failed sign-ins with an unknown username have none
    ]
    return events, users


choice_options = PageUpdate(
    PAGE,
    (fixed(ids.EVENT, "options", []), fixed(ids.USER, "options", [])),
    _choice_options,
    ON_QUERY,
)
"""The event kinds and the usernames seen in the period, as dropdown options.

Empty for anyone but an admin (the rows callback says why in the page's alert).
"""


def _choices(event: object, username: object) -> tuple[str | None, str | None]:
    """The event kind and username to narrow by: known kinds and short text only."""
    kind = event if isinstance(event, str) and event in EVENTS else None
    name = username if isinstance(username, str) and username else None
    return kind, name


def _page_rows(
    ctx: AppContext, filters: Filters, event: str | None, username: str | None, current: int
) -> pd.DataFrame:
    """Page ``current`` of the trail as the table shows it (times as text, UTC)."""
    df = audit_events(
        ctx.engine, filters, event, username, limit=PAGE_SIZE, offset=(current - 1) * PAGE_SIZE
    )
    df["occurred_at"] = df["occurred_at"].map(lambda t: t.strftime("%Y-%m-%d %H:%M:%S"))
    return df


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
    event, username = _choices(event, username)
    total = audit_event_count(ctx.engine, filters, event, username)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    current = 1 if new_filter or not isinstance(page, int) else min(max(page, 1), pages)
    df = _page_rows(ctx, filters, event, username, current)
    first = (current - 1) * PAGE_SIZE + 1 if total else 0
    last = min(current * PAGE_SIZE, total)
    summary = f"Events {first:,}-{last:,} of {total:,}"
    return df.to_dict("records"), pages, current, summary, None


def export_query(query: dict | None, event: object, username: object, page: int) -> dict:
    """What the export needs to write the page the table shows: the URL's filters, the event
    and user chosen and the page number (kept in a store by the rows callback)."""
    base = query if isinstance(query, dict) else {}
    kind, name = _choices(event, username)
    filters = {key: base.get(key) for key in ("start", "end", "sites")}
    return {**filters, "event": kind, "username": name, "page": page}


def page_and_export_query(
    ctx: AppContext,
    query: dict | None,
    event: str | None,
    username: str | None,
    page: int | None,
    new_filter: bool,
) -> tuple[list[dict[str, object]], int, int, str, object, dict | None]:
    """``event_page``'s answer and the export's query for the page shown (None when the page
    was refused: a refusal echoes nothing of the request back)."""
    answer = event_page(ctx, query, event, username, page, new_filter)
    refused = answer[4] is not None
    return (*answer, None if refused else export_query(query, event, username, answer[2]))


def page_frame(ctx: AppContext, query: dict | None) -> tuple[pd.DataFrame, Filters]:
    """The page of events the table shows, for its export (admins only: anyone else is
    refused before a query runs); ``query`` as ``export_query`` writes it."""
    filters = filters_for_page(ctx, PAGE, query)
    base = query if isinstance(query, dict) else {}
    event, username = _choices(base.get("event"), base.get("username"))
    page = base.get("page")
    current = 1
    if isinstance(page, int) and not isinstance(page, bool) and 1 <= page <= MAX_PAGE_NUMBER:
        current = page
    return _page_rows(ctx, filters, event, username, current), filters


SHORT_ID = re.compile(r"^[0-9a-f]{12}$")
NO_SESSIONS = "No open sessions."


def _session_users(ctx: AppContext, _filters: Filters) -> Options:
    return [{"label": u.username, "value": u.username} for u in list_users(ctx.engine)]


session_users = PageUpdate(
    PAGE, (fixed(ids.SESSIONS_USER, "options", []),), _session_users, ON_QUERY
)
"""Every username, for the "Open sessions" choice (empty for anyone but an admin)."""


def _when(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d %H:%M")


def session_label(record: SessionRecord) -> str:
    """One session in words, for its checkbox."""
    return (
        f"{record.short_id}: signed in {_when(record.created_at)}, last active "
        f"{_when(record.last_seen_at)}, ends {_when(record.expires_at)} UTC; from "
        f"{record.ip_address or 'an unknown address'} ({record.user_agent[:60] or 'no browser'})"
    )


def manage_sessions(
    ctx: AppContext,
    query: dict | None,
    username: object,
    chosen: object,
    action: str | None,
) -> tuple[Options, list[str], str, object]:
    """List (and, for ``action`` "chosen" or "all", first end) ``username``'s open sessions.

    Returns (checkbox options, chosen values, note under the list, status alert). Only admins
    may do it; anything odd in the request gets a message and changes nothing.
    """
    try:
        filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        return [], [], "", problem_alert(problem_message(error))
    if not isinstance(username, str) or not username or len(username) > 80:
        return [], [], "Choose a user to see their open sessions.", None
    store = auth.session_store()
    status = None
    try:
        if action in ("chosen", "all"):
            ids_ = [c for c in chosen if isinstance(c, str)] if isinstance(chosen, list) else []
            ids_ = [c for c in ids_ if SHORT_ID.match(c)]
            if action == "chosen" and not ids_:
                status = problem_alert("Tick the sessions to end first.", "info")
            else:
                ended = end_sessions(
                    ctx.engine,
                    store,
                    username,
                    actor=auth.current_username() or "admin",
                    short_ids=ids_ if action == "chosen" else (),
                )
                status = problem_alert(f"Ended {ended} session(s) of {username}.", "success")
        records = user_sessions(ctx.engine, store, username, auth.clock.now())
    except UserError as error:
        return [], [], "", problem_alert(str(error)[:200])
    options = [{"label": session_label(r), "value": r.short_id} for r in records]
    return options, [], "" if records else NO_SESSIONS, status


EXPORT = TableExport(PAGE, "trail", ids.EXPORT_QUERY, ids.EXPORT_IDS, page_frame, AUDIT_EXPORT)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the Audit trail page's callbacks on ``app``."""
    register_all(app, ctx, (session_users, choice_options, EXPORT))

    def _sessions(query, username, _chosen_clicks, _all_clicks, chosen):  # type: ignore[no-untyped-def]
        ending = {ids.SESSIONS_END_CHOSEN: "chosen", ids.SESSIONS_END_ALL: "all"}
        action = ending.get(dash_ctx.triggered_id)
        return manage_sessions(ctx, query, username, chosen, action)

    app.callback(
        Output(ids.SESSIONS_CHOSEN, "options"),
        Output(ids.SESSIONS_CHOSEN, "value"),
        Output(ids.SESSIONS_LIST, "children"),
        Output(ids.SESSIONS_STATUS, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.SESSIONS_USER, "value"),
        Input(ids.SESSIONS_END_CHOSEN, "n_clicks"),
        Input(ids.SESSIONS_END_ALL, "n_clicks"),
        State(ids.SESSIONS_CHOSEN, "value"),
        prevent_initial_call=False,
    )(_sessions)

    def _rows(query, event, username, page):  # type: ignore[no-untyped-def]
        new_filter = dash_ctx.triggered_id != ids.PAGER
        return page_and_export_query(ctx, query, event, username, page, new_filter)

    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.PAGER, "max_value"),
        Output(ids.PAGER, "active_page"),
        Output(ids.SUMMARY, "children"),
        Output(ids.ALERT, "children"),
        Output(ids.EXPORT_QUERY, "data"),
        Input(ids.QUERY, "data"),
        Input(ids.EVENT, "value"),
        Input(ids.USER, "value"),
        Input(ids.PAGER, "active_page"),
    )(_rows)
