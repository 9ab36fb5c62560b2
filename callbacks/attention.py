"""The attention list's behaviour: the list, marking items, and its counts on the Overview.

Each item links to the page where a supervisor can act on it and carries three buttons (mark
seen, snooze, clear a mark). The buttons name the item only by kind and key; the mark service
looks the item up again within the signed-in user's scope before writing anything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Input, Output, State, dcc, html, no_update

from callbacks.filters import PROBLEMS, filters_for_page, problem_message, search_string
from dashboard.context import AppContext
from dashboard.pages import PAGES_BY_KEY
from data import clock
from data.filters import Filters
from data.queries import attention as attention_queries
from data.services.attention_marks import MarkError, mark_item, parse_mark, thresholds_from
from layouts.components import problem_alert
from layouts.ids import AttentionIds as ids
from layouts.ids import OverviewIds

PAGE = "attention"
# Items shown per kind. Each item carries two or three pattern-matched buttons, and the
# renderer's cost grows with their number: at 30 per kind an admin's list of every site took
# 2.4 s to draw in Chromium after its data arrived, at 10 about 0.4 s (bench/settle.py).
MAX_PER_KIND = 10
MENTEE_KINDS = frozenset(
    {
        attention_queries.NO_CONTACT,
        attention_queries.NEW_MATCH,
        attention_queries.MENTOR_AWAY,
        attention_queries.WAITING,
        attention_queries.ASSESSMENT_DUE,
    }
)
MENTOR_KINDS = frozenset({attention_queries.OVER_CAPACITY, attention_queries.CRISIS_RISE})
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


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _number(value: object) -> int | None:
    if value is None or pd.isna(value):
        return None
    return int(value)


def item_id(row: dict[str, Any]) -> str:
    """The id an item's buttons carry: 'kind|item_key'."""
    return f"{row['kind']}|{row['item_key']}"


def _subject_path(page_key: str, variable: str, value: int) -> str | None:
    """The path of one mentee's or mentor's page, when that page exists."""
    template = getattr(PAGES_BY_KEY.get(page_key), "path_template", None)
    if not template or variable not in template:
        return None
    return template.replace(variable, str(int(value)))


def act_link(row: dict[str, Any], query: dict | None) -> tuple[str, str]:
    """(label, address) of the page where a supervisor acts on ``row``; keeps the period and
    narrows the sites to the item's site."""
    query = query if isinstance(query, dict) else {}
    suffix = search_string(query.get("start"), query.get("end"), [row["site_id"]])
    mentee_id, mentor_id = _number(row.get("mentee_id")), _number(row.get("mentor_id"))
    if row["kind"] in MENTEE_KINDS and mentee_id:
        path = _subject_path("mentee", "<mentee_id>", mentee_id)
        if path:
            return "Open the mentee's page", path + suffix
    if row["kind"] in MENTOR_KINDS and mentor_id:
        path = _subject_path("mentor", "<mentor_id>", mentor_id)
        if path:
            return "Open the mentor's page", path + suffix
    page = PAGES_BY_KEY[ACT_PAGE.get(row["kind"], "caseloads")]
    return f"Open {page.title}", page.path + suffix


def who_line(row: dict[str, Any]) -> str:
    """Whom the item is about: the mentee (code and name, for staff) and their mentor, the
    mentor, or the site."""
    mentee = " ".join(
        p for p in (_text(row.get("mentee_code")), _text(row.get("mentee_name"))) if p
    )
    mentor = _text(row.get("mentor"))
    site = _text(row.get("site"))
    if mentee:
        return f"{mentee} · mentor {mentor} · {site}" if mentor else f"{mentee} · {site}"
    if mentor:
        return f"{mentor} · {site}"
    return site


def mark_line(row: dict[str, Any]) -> str:
    """Who marked the item and how ('' when unmarked)."""
    mark = _text(row.get("mark"))
    by, at = _text(row.get("marked_by")), _text(row.get("marked_at"))
    if mark == "seen":
        return f"Seen by {by} on {at}."
    if mark == "snoozed":
        until = row.get("snooze_until")
        when = f"{until.day} {until:%b %Y}" if isinstance(until, dt.date) else _text(until)
        reason = _text(row.get("mark_reason"))
        return f"Snoozed by {by} until {when}" + (f": {reason}" if reason else ".")
    return ""


def sentence(text: str) -> str:
    """``text`` with its first letter in capitals (names inside keep theirs)."""
    return text[:1].upper() + text[1:]


def _button(row: dict[str, Any], action: str, label: str) -> Any:
    return dbc.Button(
        label,
        id={"type": ids.ITEM_ACTION, "item": item_id(row), "action": action},
        size="sm",
        color="secondary",
        outline=True,
        className="ms-2",
    )


def item_component(row: dict[str, Any], query: dict | None) -> Any:
    """One item: whom it is about, what and since when, its mark, a link and its buttons."""
    label, href = act_link(row, query)
    since = row.get("since")
    since_text = ""
    if isinstance(since, dt.date) and f"{since.day} {since:%b %Y}" not in _text(row["detail"]):
        since_text = f"Since {since.day} {since:%b %Y}. "
    buttons = [_button(row, "snooze", "Snooze…")]
    if _text(row.get("mark")):
        buttons.append(_button(row, "cleared", "Clear mark"))
    else:
        buttons.insert(0, _button(row, "seen", "Mark seen"))
    marked = mark_line(row)
    return html.Li(
        [
            html.Div(who_line(row), className="fw-semibold"),
            html.Div(sentence(_text(row.get("detail")))),
            html.Div(
                [since_text, html.Span(marked, className="fst-italic") if marked else None],
                className="small text-body-secondary",
            ),
            html.Div(
                [
                    dcc.Link(label, href=href, id={"type": ids.ITEM_LINK, "item": item_id(row)}),
                    *buttons,
                ],
                className="mt-2 d-flex flex-wrap align-items-center gap-1",
            ),
        ],
        className="list-group-item attention-item",
        **{"data-item": item_id(row), "data-mark": _text(row.get("mark")) or "open"},
    )


def list_children(items: pd.DataFrame, show_snoozed: bool, query: dict | None) -> list[Any]:
    """The list, one section per kind with items (in the list's order), at most
    ``MAX_PER_KIND`` items each."""
    if not show_snoozed:
        items = items[items["mark"] != "snoozed"]
    if items.empty:
        return [
            html.P(
                "Nothing needs attention at these sites right now.",
                className="text-body-secondary",
            )
        ]
    sections = []
    for kind, label in attention_queries.KIND_LABELS.items():
        rows = items[items["kind"] == kind].to_dict("records")
        if not rows:
            continue
        shown = rows[:MAX_PER_KIND]
        children: list[Any] = [
            html.H2(f"{label} ({len(rows)})", className="h5 mt-4"),
            html.Ul([item_component(r, query) for r in shown], className="list-group mb-2"),
        ]
        if len(rows) > len(shown):
            page = PAGES_BY_KEY[ACT_PAGE.get(kind, "caseloads")]
            query_dict = query if isinstance(query, dict) else {}
            href = page.path + search_string(
                query_dict.get("start"), query_dict.get("end"), query_dict.get("sites")
            )
            children.append(
                html.P(
                    [
                        f"{len(rows) - len(shown)} more not shown here; ",
                        dcc.Link(f"open {page.title}", href=href),
                        " for all of them, or choose fewer sites.",
                    ],
                    className="small text-body-secondary",
                )
            )
        sections.append(html.Section(children, id=f"attention-kind-{kind}"))
    return sections


def wins_line(wins: pd.DataFrame) -> Any:
    """The last seven days' wins in one sentence (strengths first)."""
    row = wins.iloc[0].to_dict() if not wins.empty else {}

    def n(key: str) -> int:
        value = row.get(key)
        return 0 if value is None or pd.isna(value) else int(value)

    parts = [
        (n("milestones"), "milestone reached", "milestones reached"),
        (n("new_matches"), "new match", "new matches"),
        (n("six_months"), "match reached six months", "matches reached six months"),
        (n("twelve_months"), "match reached a year", "matches reached a year"),
    ]
    said = [f"{count} {one if count == 1 else many}" for count, one, many in parts if count]
    if not said:
        text = "No milestones or new matches were recorded in the last seven days."
    else:
        text = "Wins in the last seven days: " + ", ".join(said) + "."
    return dbc.Alert(text, color="success", className="mb-0 py-2")


def counts_line(items: pd.DataFrame) -> Any:
    """How many items of each kind are open (snoozed ones counted apart)."""
    snoozed = int((items["mark"] == "snoozed").sum()) if not items.empty else 0
    open_items = items[items["mark"] != "snoozed"] if not items.empty else items
    if open_items.empty:
        summary = "No open items."
    else:
        summary = f"{len(open_items)} open {'item' if len(open_items) == 1 else 'items'}"
        summary += f" ({snoozed} snoozed)." if snoozed else "."
    badges = [
        html.Li(
            f"{label}: {int((open_items['kind'] == kind).sum())}",
            className="list-inline-item badge text-bg-light border me-1",
        )
        for kind, label in attention_queries.KIND_LABELS.items()
        if not open_items.empty and (open_items["kind"] == kind).any()
    ]
    return html.Div(
        [html.P(summary, className="mb-1"), html.Ul(badges, className="list-inline mb-0")]
    )


def _items(ctx: AppContext, filters: Filters) -> pd.DataFrame:
    return ctx.query(attention_queries.attention_items, filters, **thresholds_from(ctx.settings))


def update_attention(
    query: dict | None, show_snoozed: object, refresh: object, ctx: AppContext
) -> AttentionResult:
    """Answers the attention page for the URL's filters: (alert, wins, counts, list).
    ``refresh`` only makes the list redraw after a mark."""
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS as error:
        return problem_alert(problem_message(error)), None, None, []
    items = _items(ctx, filters)
    wins = ctx.query(attention_queries.weekly_wins, filters)
    return (
        None,
        wins_line(wins),
        counts_line(items),
        list_children(items, show_snoozed is True, query),
    )


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
        return (dbc.Alert(message, color="success"), count, *_closed_form())
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
    return (dbc.Alert(message, color="success"), count, *(no_update,) * 6)


def snooze_date(snooze_for: object, until: object, today: dt.date) -> object:
    """The date to snooze until: ``today`` plus the chosen days, or the chosen date."""
    if snooze_for in ("7", "14", "30", 7, 14, 30):
        return today + dt.timedelta(days=int(snooze_for))  # type: ignore[call-overload]
    return until


def _write(ctx: AppContext, filters: Filters, request: Any) -> str:
    from dashboard import auth  # the signed-in user, for the audit trail

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
    return f"{label}: {who_line(row)}, {_text(row.get('detail'))}."


def digest_switch(
    triggered: object, wanted: object, user_id: int | None, ctx: AppContext
) -> tuple[object, object, object]:
    """The signed-in user's own weekly digest: (switch on, switch disabled, note).

    Opening the page (``triggered`` is the page's filter store) shows the stored choice; a
    change of the switch (``wanted``) stores it. Only the user's own row is ever written: the
    user comes from the server-side session, never from the request.
    """
    from data.services.digest import RecipientError, digest_preference, set_own_opt_out

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


def overview_attention(query: dict | None, ctx: AppContext) -> Any:
    """The Overview's card of open items by kind, for staff; None for anyone else (meeting
    viewers never see the attention list) or when the filters are bad (the Overview's own
    alert says why)."""
    try:
        filters = filters_for_page(ctx, PAGE, query)
    except PROBLEMS:
        return None
    # The same cached list as the Needs attention page, counted.
    counts = attention_queries.count_by_kind(_items(ctx, filters))
    open_counts = [(r.label, int(r.open)) for r in counts.itertuples(index=False) if r.open]
    query = query if isinstance(query, dict) else {}
    href = PAGES_BY_KEY[PAGE].path + search_string(
        query.get("start"), query.get("end"), query.get("sites")
    )
    total = sum(n for _, n in open_counts)
    heading = (
        f"{total} {'item needs' if total == 1 else 'items need'} attention"
        if total
        else "Nothing needs attention"
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(heading, className="h5 card-title"),
                html.Ul(
                    [html.Li(f"{label}: {n}") for label, n in open_counts],
                    className="mb-2",
                )
                if open_counts
                else None,
                dcc.Link("Open the list", href=href, id=f"{ids.OVERVIEW_CARD}-link"),
            ]
        ),
        className="shadow-sm mb-4 border-warning-subtle",
    )


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the attention list's callbacks (and its Overview card) on ``app``."""

    def _update(query, show_snoozed, refresh):  # type: ignore[no-untyped-def]
        return update_attention(query, show_snoozed, refresh, ctx)

    app.callback(
        Output(ids.ALERT, "children"),
        Output(ids.WINS, "children"),
        Output(ids.COUNTS, "children"),
        Output(ids.LIST, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.SHOW_SNOOZED, "value"),
        Input(ids.REFRESH, "data"),
    )(_update)

    def _act(_items, _save, _cancel, snooze_item, snooze_for, until, reason, query, refresh):  # type: ignore[no-untyped-def]
        fired = dash.ctx.triggered[0] if dash.ctx.triggered else {}
        return act_on_item(
            dash.ctx.triggered_id,
            fired.get("value") if isinstance(fired, dict) else None,
            snooze_item,
            snooze_for,
            until,
            reason,
            query,
            refresh,
            ctx,
        )

    app.callback(
        Output(ids.MESSAGE, "children"),
        Output(ids.REFRESH, "data"),
        Output(ids.SNOOZE_MODAL, "is_open"),
        Output(ids.SNOOZE_ITEM, "data"),
        Output(ids.SNOOZE_WHAT, "children"),
        Output(ids.SNOOZE_PROBLEM, "children"),
        Output(ids.SNOOZE_REASON, "value"),
        Output(ids.SNOOZE_UNTIL, "date"),
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
        from dashboard import auth  # the signed-in user, from the server-side session

        info = auth.current_user_info()
        return digest_switch(dash.ctx.triggered_id, wanted, info.id if info else None, ctx)

    app.callback(
        Output(ids.DIGEST_SWITCH, "value"),
        Output(ids.DIGEST_SWITCH, "disabled"),
        Output(ids.DIGEST_NOTE, "children"),
        Input(ids.QUERY, "data"),
        Input(ids.DIGEST_SWITCH, "value"),
    )(_digest)

    def _overview(query):  # type: ignore[no-untyped-def]
        return overview_attention(query, ctx)

    app.callback(
        Output(ids.OVERVIEW_CARD, "children"),
        Input(OverviewIds.QUERY, "data"),
    )(_overview)
