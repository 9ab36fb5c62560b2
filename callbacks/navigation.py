"""Where a click on a chart goes: a mentor's page, or the same page for one month or one site.

Links keep the URL's filters (period and sites); everything here is built from validated
values only (a mentor or site id is a positive int, a month a date), never from browser text.
"""

from __future__ import annotations

import datetime as dt

from callbacks.filters import search_string, site_values
from data.queries.plumbing.months import month_end

MENTOR_PATH = "/mentors/{mentor_id}"
MENTEE_PATH = "/mentees/{mentee_id}"


def _query(query: dict | None) -> dict:
    return query if isinstance(query, dict) else {}


def mentor_href(mentor_id: int, query: dict | None) -> str:
    """The mentor's page, keeping the period and sites of ``query``."""
    q = _query(query)
    return MENTOR_PATH.format(mentor_id=int(mentor_id)) + search_string(
        q.get("start"), q.get("end"), q.get("sites")
    )


def month_href(path: str, month: dt.date, query: dict | None) -> str:
    """``path`` for the calendar month ``month``, keeping the sites of ``query``."""
    first = month.replace(day=1)
    return path + search_string(
        first.isoformat(), month_end(first).isoformat(), site_values(_query(query).get("sites"))
    )


def mentor_link(name: str, mentor_id: int, query: dict | None) -> str:
    """A Markdown link to the mentor's page, for a grid's markdown cell (name escaped)."""
    safe = "".join(ch for ch in str(name) if ch not in "[]()\\`*_<>")
    return f"[{safe}]({mentor_href(mentor_id, query)})"


def mentee_link(code: object, mentee_id: int) -> str | None:
    """A Markdown link from a mentee's code to their page, for a grid's markdown cell (code
    escaped); None when there is no code (a scope that may not see identities)."""
    if not isinstance(code, str) or not code:
        return None
    safe = "".join(ch for ch in code if ch not in "[]()\\`*_<>")
    return f"[{safe}]({MENTEE_PATH.format(mentee_id=int(mentee_id))})"


def site_href(path: str, site_id: int, query: dict | None) -> str:
    """``path`` narrowed to the one site ``site_id``, keeping the period of ``query``."""
    q = _query(query)
    return path + search_string(q.get("start"), q.get("end"), [int(site_id)])
