"""The attention list's behaviour: the list, marking items, and its counts on the Overview.

Each item links to the page where a supervisor can act on it and carries three buttons (mark
seen, snooze, clear a mark). The buttons name the item only by kind and key; the mark service
looks the item up again within the signed-in user's scope before writing anything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash
import pandas as pd
from dash import ALL, Input, Output, State, no_update
from dash import ctx as dash_ctx

from callbacks.filters import PROBLEMS, filters_for_page, problem_message, search_string
from callbacks.page_update import PageUpdate, filters_and_query
from callbacks.slots import alert, fixed
from dashboard import auth
from dashboard.context import AppContext
from dashboard.pages import PAGES_BY_KEY
from data import clock
from data.filters import Filters
from data.queries import attention as attention_queries
from data.services.attention_marks import MarkError, mark_item, parse_mark, thresholds_from
from data.services.digest import RecipientError, digest_preference, set_own_opt_out
from layouts.attention_list import (
    WINS,
    counts_line,
    kind_section,
    marked,
    nothing_needs_attention,
    overview_card,
    text_of,
    who_line,
    wins_line,
)
from layouts.components import problem_alert
from layouts.ids import AttentionIds as ids
from layouts.ids import OverviewIds

PAGE = "attention"
# Items shown per kind. Each item carries two or three pattern-matched buttons, and the
# renderer's cost grows with their number: at 30 per kind an admin's list of every site took
# 2.4 s to draw in Chromium after its data arrived, at 10 about 0.4 s (bench/settle.py).
MAX_PER_KIND = 10
# Where a supervisor acts on each kind when no page of its own subject exists.
ACT_PAGE = {
    attention_queries.NO_CONTACT: "caseloads",
    attention_queries.NEW_MATCH: "caseloads",
    attention_queries.MENTOR_AWAY: "caseloads",
    attention_queries.WAITING: "caseloads",
    attention_queries.FREE_PLACE: "caseloads",
    attention_queries.OVER_CAPACITY: "caseloads",
    attention_queries.CRISIS_RISE: "workload",
    attention_queries.ASSESSMENT_DUE: "outcomes",
    attention_queries.ACTION_OVERDUE: "notes",
}

AttentionResult = tuple[object, object, object, object]
ActResult = tuple[object, object, object, object, object, object, object, object]


def _number(value: object) -> int | None:
    if value is None or pd.isna(value):
        return None
    return int(value)


def _subject_path(page_key: str, variable: str, value: int) -> str | None:
    """The path of one mentee's or mentor's page, when that page exists."""
    template = getattr(PAGES_BY_KEY.get(page_key), "path_template", None)
    if not template or variable not in template:
        return None
    return template.replace(variable, str(int(value)))


def _filters_suffix(query: dict | None, sites: object = None) -> str:
    """The URL's period (and its sites, or ``sites``) as a query string."""
    query = query if isinstance(query, dict) else {}
    chosen = query.get("sites") if sites is None else sites
    return search_string(query.get("start"), query.get("end"), chosen)


def act_link(row: dict[str, Any], query: dict | None) -> tuple[str, str]:
    """(label, address) of the page where a supervisor acts on ``row``; keeps the period and
    narrows the sites to the item's site."""
    suffix = _filters_suffix(query, [row["site_id"]])
    mentee_id, mentor_id = _number(row.get("mentee_id")), _number(row.get("mentor_id"))
    if row["kind"] in attention_queries.MENTEE_KINDS and mentee_id:
        path = _subject_path("mentee", "<mentee_id>", mentee_id)
        if path:
            return "Open the mentee's page", path + suffix
    if row["kind"] in attention_queries.MENTOR_KINDS and mentor_id:
        path = _subject_path("mentor", "<mentor_id>", mentor_id)
        if path:
            return "Open the mentor's page", path + suffix
    page = PAGES_BY_KEY[ACT_PAGE.get(row["kind"], "caseloads")]
    return f"Open {page.title}", page.path + suffix


def list_children(items: pd.DataFrame, show_snoozed: bool, query: dict | None) -> list[Any]:
    """The list, one section per kind with items (in the list's order), at most
    ``MAX_PER_KIND`` items each, the rest behind a link to the page where one acts on them."""
    if not show_snoozed:
        items = items[items["mark"] != "snoozed"]
    if items.empty:
        return nothing_needs_attention()
    sections = []
    for kind, label in attention_queries.KIND_LABELS.items():
        rows = items[items["kind"] == kind].to_dict("records")
        if not rows:
            continue
        shown = [(row, act_link(row, query)) for row in rows[:MAX_PER_KIND]]
        more = None
        if len(rows) > len(shown):
            page = PAGES_BY_KEY[ACT_PAGE.get(kind, "caseloads")]
            more = (page.title, page.path + _filters_suffix(query))
        sections.append(kind_section(kind, label, len(rows), shown, more))
    return sections


def wins_counts(wins: pd.DataFrame) -> dict[str, int]:
    """The last seven days' wins (``weekly_wins``) as whole numbers, 0 for a missing one."""
    row = wins.iloc[0].to_dict() if not wins.empty else {}
    return {key: _number(row.get(key)) or 0 for key, _one, _many in WINS}


def counts_of(items: pd.DataFrame) -> tuple[int, int, list[tuple[str, int]]]:
    """(open items, snoozed items, open items by kind as (label, count), kinds with any)."""
    if items.empty:
        return 0, 0, []
    snoozed = int((items["mark"] == "snoozed").sum())
    open_items = items[items["mark"] != "snoozed"]
    by_kind = [
        (label, int((open_items["kind"] == kind).sum()))
        for kind, label in attention_queries.KIND_LABELS.items()
    ]
    return len(open_items), snoozed, [(label, n) for label, n in by_kind if n]


def _items(ctx: AppContext, filters: Filters) -> pd.DataFrame:
    return ctx.query(attention_queries.attention_items, filters, **thresholds_from(ctx.settings))


def _attention(
    ctx: AppContext, parsed: tuple[Filters, dict | None], show_snoozed: object, _refresh: object
) -> AttentionResult:
    filters, query = parsed
    items = _items(ctx, filters)
    wins = ctx.query(attention_queries.weekly_wins, filters)
    return (
        None,
        wins_line(wins_counts(wins)),
        counts_line(*counts_of(items)),
        list_children(items, show_snoozed is True, query),
    )


update_attention = PageUpdate(
    PAGE,
    (
        alert(ids.ALERT),
        fixed(ids.WINS, "children", None),
        fixed(ids.COUNTS, "children", None),
        fixed(ids.LIST, "children", []),
    ),
    _attention,
    (Input(ids.QUERY, "data"), Input(ids.SHOW_SNOOZED, "value"), Input(ids.REFRESH, "data")),
    parse=filters_and_query(PAGE),
)
"""Answers the attention page for the URL's filters: (alert, wins, counts, list).
``refresh`` only makes the list redraw after a mark."""


def _closed_form() -> tuple[object, object, object, object, object, object]:
    return False, None, "", "", "", None


def act_on_item(
    triggered: object,
    clicked: object,
    snooze_item: object,
    snooze_for: object,
    until: object,
    reason: object,
    query: dict | None,
    refresh: object,
    ctx: AppContext,
    today: dt.date | None = None,
) -> ActResult:
    """What a click on an item's button or on the snooze form does.

    ``triggered`` is the id that fired (an item's button id, or the form's save/cancel
    button), ``clicked`` its n_clicks; ``snooze_for`` is a number of days ('7', '14', '30') or
    'date' for the form's date ``until``. Answers (message, refresh, form open, item in the form,
    its description, form problem, reason, date). Marks go through the mark service, which
    checks the item against the user's scope; problems become messages, never exceptions.
    """
    nothing = (no_update,) * 8
    if not clicked:
        return nothing  # a button drawn anew, not pressed
    count = refresh + 1 if isinstance(refresh, int) and not isinstance(refresh, bool) else 1
    if triggered == ids.SNOOZE_CANCEL:
        return (no_update, no_update, *_closed_form())
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        return (problem_alert(problem_message(error)), no_update, *_closed_form())
    if triggered == ids.SNOOZE_SAVE:
        kind, _, key = (snooze_item if isinstance(snooze_item, str) else "").partition("|")
        try:
            day = snooze_date(snooze_for, until, today or clock.today())
            request = parse_mark(kind, key, "snoozed", day, reason, today=today)
            message = _write(ctx, filters, request)
        except MarkError as error:
            return (no_update,) * 5 + (str(error), no_update, no_update)
        return (marked(message), count, *_closed_form())
    if not isinstance(triggered, dict) or triggered.get("type") != ids.ITEM_ACTION:
        return nothing
    kind, _, key = str(triggered.get("item", ""))[:120].partition("|")
    action = triggered.get("action")
    if action == "snooze":
        try:
            parse_mark(kind, key, "seen")
        except MarkError as error:
            return (problem_alert(str(error)), *(no_update,) * 7)
        what = _describe(ctx, filters, kind, key)
        return (no_update, no_update, True, f"{kind}|{key}", what, "", "", None)
    try:
        message = _write(ctx, filters, parse_mark(kind, key, action, today=today))
    except MarkError as error:
        return (problem_alert(str(error)), count, *(no_update,) * 6)
    return (marked(message), count, *(no_update,) * 6)


def snooze_date(snooze_for: object, until: object, today: dt.date) -> object:
    """The date to snooze until: ``today`` plus the chosen days, or the chosen date."""
    if snooze_for in ("7", "14", "30", 7, 14, 30):
        return today + dt.timedelta(days=int(snooze_for))  # type: ignore[call-overload]
    return until


def _write(ctx: AppContext, filters: Filters, request: Any) -> str:
    info = auth.current_user_info()
    return mark_item(
        ctx.engine,
        filters,
        request,
        user_id=info.id if info else None,
        ip=auth.client_ip(),
        **thresholds_from(ctx.settings),
    )


def _describe(ctx: AppContext, filters: Filters, kind: str, key: str) -> str:
    items = _items(ctx, filters)
    found = items[(items["kind"] == kind) & (items["item_key"] == key)]
    if found.empty:
        return "This item is no longer on the list."
    row = found.iloc[0].to_dict()
    label = attention_queries.KIND_LABELS[kind]
    return f"{label}: {who_line(row)}, {text_of(row.get('detail'))}."


def digest_switch(
    triggered: object, wanted: object, user_id: int | None, ctx: AppContext
) -> tuple[object, object, object]:
    """The signed-in user's own weekly digest: (switch on, switch disabled, note).

    Opening the page (``triggered`` is the page's filter store) shows the stored choice; a
    change of the switch (``wanted``) stores it. Only the user's own row is ever written: the
    user comes from the server-side session, never from the request.
    """
    try:
        ctx.scope(PAGE)
    except PROBLEMS:
        return False, True, ""
    if user_id is None:
        return False, True, ""
    address, opted_out = digest_preference(ctx.engine, user_id)
    if not address:
        return False, True, "No email address is on file for you: an administrator can add one."
    if triggered == ids.DIGEST_SWITCH and isinstance(wanted, bool) and wanted == opted_out:
        try:
            set_own_opt_out(ctx.engine, user_id, not wanted)
        except RecipientError as error:
            return no_update, no_update, str(error)
        opted_out = not wanted
    if opted_out:
        return False, False, f"You do not get the weekly digest (it would go to {address})."
    return True, False, f"Sent to {address} once a week, with the week's wins and open items."


def _overview_card(ctx: AppContext, parsed: tuple[Filters, dict | None]) -> object:
    filters, query = parsed
    # The same cached list as the Needs attention page, counted.
    counts = attention_queries.count_by_kind(_items(ctx, filters))
    open_counts = [(r.label, int(r.open)) for r in counts.itertuples(index=False) if r.open]
    return overview_card(open_counts, PAGES_BY_KEY[PAGE].path + _filters_suffix(query))


overview_attention = PageUpdate(
    PAGE,
    (fixed(ids.OVERVIEW_CARD, "children", None),),
    _overview_card,
    (Input(OverviewIds.QUERY, "data"),),
    parse=filters_and_query(PAGE),
)
"""The Overview's card of open items by kind, for staff; None for anyone else (meeting
viewers never see the attention list) or when the filters are bad (the Overview's own
alert says why)."""


# The snooze form as ``act_on_item`` answers it (open, item, description, problem, reason,
# date; ``_closed_form`` closes it).
SNOOZE_FORM = (
    Output(ids.SNOOZE_MODAL, "is_open"),
    Output(ids.SNOOZE_ITEM, "data"),
    Output(ids.SNOOZE_WHAT, "children"),
    Output(ids.SNOOZE_PROBLEM, "children"),
    Output(ids.SNOOZE_REASON, "value"),
    Output(ids.SNOOZE_UNTIL, "date"),
)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the attention list's callbacks on ``app``."""
    update_attention.register(app, ctx)

    def _act(_items, _save, _cancel, *form_query_refresh):  # type: ignore[no-untyped-def]
        fired = dash_ctx.triggered[0] if dash_ctx.triggered else {}
        clicked = fired.get("value") if isinstance(fired, dict) else None
        return act_on_item(dash_ctx.triggered_id, clicked, *form_query_refresh, ctx)

    app.callback(
        Output(ids.MESSAGE, "children"),
        Output(ids.REFRESH, "data"),
        *SNOOZE_FORM,
        Input({"type": ids.ITEM_ACTION, "item": ALL, "action": ALL}, "n_clicks"),
        Input(ids.SNOOZE_SAVE, "n_clicks"),
        Input(ids.SNOOZE_CANCEL, "n_clicks"),
        State(ids.SNOOZE_ITEM, "data"),
        State(ids.SNOOZE_FOR, "value"),
        State(ids.SNOOZE_UNTIL, "date"),
        State(ids.SNOOZE_REASON, "value"),
        State(ids.QUERY, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(_act)

    def _digest(_query, wanted):  # type: ignore[no-untyped-def]
        info = auth.current_user_info()  # the signed-in user, from the server-side session
        return digest_switch(dash_ctx.triggered_id, wanted, info.id if info else None, ctx)

    app.callback(
        Output(ids.DIGEST_SWITCH, "value"),
        Output(ids.DIGEST_SWITCH, "disabled"),
        Output(ids.DIGEST_NOTE, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.DIGEST_SWITCH, "value"),
    )(_digest)


def register_overview_card(app: dash.Dash, ctx: AppContext) -> None:
    """Register the Overview's card of open items (a part of the Overview page)."""
    overview_attention.register(app, ctx)
