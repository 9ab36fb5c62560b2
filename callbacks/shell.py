"""The shell's behaviour: filter bar <-> URL query string, navbar links, site options.

Filter state lives in the URL so that a view can be bookmarked or shared: changing a filter
rewrites the query string without a reload (``dcc.Location(refresh="callback-nav")``), and a
page opened with a query string shows those filters. The two directions are one callback
(Dash allows a callback whose output is also its input), so they cannot chase each other.
"""

from __future__ import annotations

import datetime as dt

import dash
from dash import ALL, Input, Output, State, no_update
from dash import ctx as dash_ctx

from callbacks.filters import (
    PROBLEMS,
    problem_message,
    query_params,
    search_string,
    site_values,
    user_scope,
)
from dashboard.context import AppContext
from dashboard.pages import PAGES_BY_KEY
from data.filters import default_period
from data.queries import meta
from layouts.ids import ShellIds as ids

SyncResult = tuple[object, object, object, object, dict[str, object]]

# The navbar's menu on small screens: the toggler opens and closes it, and opening a page
# closes it (the links navigate without a reload, so the menu would otherwise stay open over
# the page just chosen). Runs in the browser: no request for a tap on the menu.
TOGGLE_MENU = """
function (clicks, pathname, isOpen) {
    var trigger = dash_clientside.callback_context.triggered_id;
    var open = trigger === "TOGGLER" ? !isOpen : false;
    return [open, open ? "true" : "false"];
}
""".replace("TOGGLER", ids.NAV_TOGGLER)


def sync_filters(
    search: str | None,
    start: str | None,
    end: str | None,
    sites: list[int] | None,
    triggered: str | None,
    today: dt.date | None = None,
) -> SyncResult:
    """Keep the filter bar and the URL in step; answers (search, start, end, sites, store).

    ``triggered`` is the id of the component that changed: the URL (or None on first load)
    sets the filter bar from the query string; the filter bar rewrites the query string; the
    reset button clears both. The store holds the current filters as the URL says them.
    """
    default_start, default_end = default_period(today)
    if triggered == ids.FILTER_RESET:
        store = {"start": None, "end": None, "sites": []}
        return "", default_start.isoformat(), default_end.isoformat(), [], store
    if triggered in (ids.FILTER_PERIOD, ids.FILTER_SITES):
        # Only the control that changed is written: a control echoing the value it was just
        # given (as date pickers and dropdowns do) must not overwrite the other filters.
        params = query_params(search)
        shown_start = params.get("start") or default_start.isoformat()
        shown_end = params.get("end") or default_end.isoformat()
        if triggered == ids.FILTER_PERIOD and (start, end) != (shown_start, shown_end):
            params["start"], params["end"] = str(start or ""), str(end or "")
        chosen = site_values(sites)
        if triggered == ids.FILTER_SITES and chosen != site_values(params.get("sites")):
            params["sites"] = ",".join(str(s) for s in chosen)
        new_search = search_string(params.get("start"), params.get("end"), params.get("sites"))
        store = {
            "start": params.get("start"),
            "end": params.get("end"),
            "sites": site_values(params.get("sites")),
        }
        changed = new_search != (search or "")
        return (new_search if changed else no_update), no_update, no_update, no_update, store
    params = query_params(search)
    chosen = site_values(params.get("sites"))
    store = {"start": params.get("start"), "end": params.get("end"), "sites": chosen}
    return (
        no_update,
        params.get("start") or default_start.isoformat(),
        params.get("end") or default_end.isoformat(),
        chosen,
        store,
    )


def nav_hrefs(search: str | None, link_ids: object, prefix: str = "/") -> list[str]:
    """Each navbar link's address with the current filters, so they carry over between pages.

    ``prefix`` is the app's requests pathname prefix ('/' unless served under a sub-path).
    ``link_ids`` comes from the request (the links' ids): an id that names no page (a
    hand-made request) links to the Overview instead of failing the whole answer.
    """
    params = query_params(search)
    suffix = search_string(params.get("start"), params.get("end"), params.get("sites"))
    home = PAGES_BY_KEY["overview"]
    hrefs = []
    for link_id in link_ids if isinstance(link_ids, list) else []:
        key = link_id.get("page") if isinstance(link_id, dict) else None
        page = PAGES_BY_KEY.get(key, home) if isinstance(key, str) else home
        hrefs.append(prefix.rstrip("/") + page.path + suffix)
    return hrefs


def site_options(ctx: AppContext) -> tuple[list[dict[str, object]], str]:
    """The sites the signed-in user may choose, as dropdown options, and a problem message."""
    try:
        scope = user_scope(ctx)
    except PROBLEMS as error:
        return [], problem_message(error)
    df = meta.sites_for_scope(ctx.engine, scope)
    options = [
        {"label": str(row.name), "value": int(row.site_id)} for row in df.itertuples(index=False)
    ]
    return options, ""


def update_filter_bar(
    search: str | None,
    start: str | None,
    end: str | None,
    sites: list[int] | None,
    triggered: str | None,
    ctx: AppContext,
) -> tuple[object, ...]:
    """``sync_filters`` plus the site options, sent with the sites value they must contain.

    Answers (search, start, end, sites, store, site options, sites message). The options come
    in the same response as a value set from the URL: a dropdown given a value before its
    options drops it, which would drop the sites from the URL too.
    """
    synced = sync_filters(search, start, end, sites, triggered)
    if triggered in (None, ids.URL):
        return (*synced, *site_options(ctx))
    return (*synced, no_update, no_update)


# The filter bar's controls: the URL sets them, and they rewrite the URL.
FILTER_CONTROLS = (
    (ids.FILTER_PERIOD, "start_date"),
    (ids.FILTER_PERIOD, "end_date"),
    (ids.FILTER_SITES, "value"),
)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the shell's callbacks on ``app``."""

    def _sync(search, _reset, start, end, sites):  # type: ignore[no-untyped-def]
        return update_filter_bar(search, start, end, sites, dash_ctx.triggered_id, ctx)

    app.callback(
        Output(ids.URL, "search"),
        *(Output(component, prop) for component, prop in FILTER_CONTROLS),
        Output(ids.FILTER_STORE, "data"),
        Output(ids.FILTER_SITES, "options"),
        Output(ids.SITES_MESSAGE, "children"),
        Input(ids.URL, "search"),
        Input(ids.FILTER_RESET, "n_clicks"),
        *(Input(component, prop) for component, prop in FILTER_CONTROLS),
    )(_sync)
    app.clientside_callback(
        TOGGLE_MENU,
        Output(ids.NAV_COLLAPSE, "is_open"),
        Output(ids.NAV_TOGGLER, "aria-expanded"),
        Input(ids.NAV_TOGGLER, "n_clicks"),
        Input(ids.URL, "pathname"),
        State(ids.NAV_COLLAPSE, "is_open"),
        prevent_initial_call=True,
    )
    prefix = app.config.requests_pathname_prefix
    app.callback(
        Output({"type": ids.NAV_LINK, "page": ALL}, "href"),
        Input(ids.URL, "search"),
        State({"type": ids.NAV_LINK, "page": ALL}, "id"),
    )(lambda search, link_ids: nav_hrefs(search, link_ids, prefix))
