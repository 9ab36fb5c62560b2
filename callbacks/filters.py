"""Turning untrusted browser input (URL query strings, filter-bar values) into ``Filters``.

Every page callback goes through ``filters_for_page``: it asks ``ctx.scope(page)`` who is
signed in (from the server-side session, raising PageForbidden for a role that may not use the
page) and validates the period and sites as the page's scope rule says (``dashboard.pages``):
``Filters.parse`` for the user's own scope, ``meeting_filters`` for the meeting room's
(FilterError with a message fit to show a person). ``problem_message`` turns either into the
words shown in an alert.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlencode

from dashboard.auth import PageForbidden
from dashboard.context import AppContext
from dashboard.pages import PAGES_BY_KEY, ScopeRule
from data.filters import AccessScope, FilterError, Filters, ScopeMissing
from data.queries.meeting import meeting_filters

FORBIDDEN_MESSAGE = "You do not have access to this page."
FILTER_KEYS = ("start", "end", "sites")
MAX_QUERY_CHARS = 4000


def query_params(search: str | None) -> dict[str, str]:
    """The filter parameters of a URL query string ('?start=..&sites=1,2'), as raw strings.

    Unknown parameters are dropped; a repeated parameter keeps its last value. Nothing is
    validated here (``Filters.parse`` does that).
    """
    if not search or not isinstance(search, str):
        return {}
    parsed = parse_qs(search[:MAX_QUERY_CHARS].lstrip("?"), keep_blank_values=False)
    return {key: parsed[key][-1] for key in FILTER_KEYS if key in parsed}


def site_values(sites: object) -> list[int]:
    """The site ids in a 'sites' parameter ('1,2' or a list), skipping anything not a number."""
    if sites is None:
        return []
    items = sites.split(",") if isinstance(sites, str) else sites
    if not isinstance(items, list | tuple):
        return []
    values: list[int] = []
    for item in items:
        text = str(item).strip()
        if text.isdigit() and int(text) not in values:
            values.append(int(text))
    return values


def search_string(start: object, end: object, sites: object) -> str:
    """The URL query string for a period and sites ('' when nothing is chosen)."""
    params: dict[str, str] = {}
    if start:
        params["start"] = str(start)[:10]
    if end:
        params["end"] = str(end)[:10]
    chosen = site_values(sites)
    if chosen:
        params["sites"] = ",".join(str(s) for s in chosen)
    return "?" + urlencode(params, safe=",") if params else ""


def filters_for_page(ctx: AppContext, page: str, query: dict | None) -> Filters:
    """Validated Filters for ``page`` from the URL's filter parameters ``query``: its period
    and sites, or, for a page in the meeting room's scope, its month and sites.

    Raises PageForbidden (role may not use the page, or nobody signed in) and FilterError
    (bad dates or sites: the message says why).
    """
    scope = ctx.scope(page)
    query = query if isinstance(query, dict) else {}
    spec = PAGES_BY_KEY.get(page)
    if spec is not None and spec.scope is ScopeRule.ROOM:
        settings = ctx.settings
        return meeting_filters(
            scope,
            query.get("month"),
            query.get("sites"),
            settings.small_cell_min,
            meeting_day=settings.meeting_day,
        )
    return Filters.parse(scope, query.get("start"), query.get("end"), query.get("sites"))


def may_open(ctx: AppContext, page: str) -> bool:
    """True when the signed-in user's role may open ``page`` (for a link to it, or a part of
    a page only that role may use)."""
    try:
        ctx.scope(page)
    except PageForbidden:
        return False
    return True


def user_scope(ctx: AppContext) -> AccessScope:
    """The signed-in user's scope for the shell (the Overview is open to every role)."""
    return ctx.scope("overview")


def problem_message(error: Exception) -> str:
    """What to tell a person about ``error`` (no traceback, no internals)."""
    if isinstance(error, PageForbidden | ScopeMissing):
        return FORBIDDEN_MESSAGE
    if isinstance(error, FilterError):
        return str(error)
    return "Something went wrong while preparing this page."


def month_label(day: dt.date) -> str:
    """'November 2026' for any day in November 2026."""
    return day.strftime("%B %Y")


PROBLEMS: tuple[type[Exception], ...] = (FilterError, PageForbidden, ScopeMissing)
"""The errors a page callback shows as an alert instead of failing."""
