"""What the Consultation notes callbacks share: the page key, untrusted-input parsers, links,
month choices, the editor's fields and who is writing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from urllib.parse import urlencode

import dash
import pandas as pd
from dash import Input, Output, State

from callbacks.filters import filters_for_page, search_string
from dashboard import auth
from dashboard.context import AppContext
from data.filters import AccessScope, Filters
from data.queries import notes as note_queries
from data.services.notes import Editor
from layouts.ids import NotesIds as ids

PAGE = "notes"
MAX_MONTH_CHOICES = 60
DATABASE_DOWN = (
    "The database did not answer, so nothing was saved. Your text is still in the form (and "
    "kept in this browser as a draft): try Save again in a moment."
)
# The editor's fields, each a component's "value": filled by the editor, read by Save.
EDITOR_FIELDS = (ids.KIND, ids.MENTOR, ids.TEXT, ids.OWNER, ids.DUE, ids.STATUS, ids.ROOM)
# The editor's messages beside the fields, filled by Save.
FIELD_ERRORS = (ids.KIND_ERROR, ids.MENTOR_ERROR, ids.TEXT_ERROR, ids.OWNER_ERROR)
# The "Continue from their version" button's class, hidden until a save meets a conflict.
HIDDEN_BUTTON = "mt-2 d-none"
SHOWN_BUTTON = "mt-2"
# What every write reads besides its own fields: the URL's query and the refresh counter it
# bumps (every list and chart of the page reads again).
WRITE_STATES = (State(ids.QUERY, "data"), State(ids.REFRESH, "data"))
REFRESHED = Output(ids.REFRESH, "data", allow_duplicate=True)


def register_write(
    app: dash.Dash,
    answer: Callable[..., object],
    outputs: Sequence[Output],
    inputs: Sequence[Input | State],
) -> None:
    """Wire one of the page's writes: on a press of its button (never when the page opens),
    ``answer`` reads ``inputs`` then the URL's query and the refresh counter, and answers
    ``outputs`` then the refresh counter, bumped after a write so the page reads again."""
    app.callback(*outputs, REFRESHED, *inputs, *WRITE_STATES, prevent_initial_call=True)(answer)


def again(component_id: str, prop: str) -> Output:
    """An output that another callback of the page fills too."""
    return Output(component_id, prop, allow_duplicate=True)


def conflict_outputs(duplicate: bool) -> tuple[Output, Output]:
    """The conflict panel and its "Continue from their version" button's class."""
    return (
        Output(ids.CONFLICT, "children", allow_duplicate=duplicate),
        Output(ids.CONFLICT_CONTINUE, "className", allow_duplicate=duplicate),
    )


def stored_id(value: object) -> int | None:
    """A nullable id column's value from a query frame as an int: None for a missing one
    (None, NaN or pandas' NA, which cannot be compared with itself)."""
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[arg-type]


def bump_refresh(refresh: object) -> int:
    """The page's refresh counter one up (every list and chart of the page reads again)."""
    return (refresh if isinstance(refresh, int) and not isinstance(refresh, bool) else 0) + 1


def positive_id(value: object) -> int | None:
    """A database id from browser input (an int or digits), or None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 10:
        number = int(value.strip())
    else:
        return None
    return number if 0 < number <= 2**31 - 1 else None


def clicked(value: object) -> bool:
    """True for a button's ``n_clicks`` that says it was pressed (a positive int)."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def any_clicked(values: object) -> bool:
    """True when a pattern-matching list of ``n_clicks`` holds a pressed button."""
    return isinstance(values, list) and any(clicked(v) for v in values)


def pressed_note(clicks: object, trigger: object) -> int:
    """The note id of the pattern-matched button ``trigger`` ({"index": note id}) that one of
    ``clicks`` says was pressed; no update at all when none was (buttons drawn anew)."""
    note_id = positive_id(trigger.get("index")) if isinstance(trigger, dict) else None
    if note_id is None or not any_clicked(clicks):
        raise dash.exceptions.PreventUpdate
    return note_id


def scoped_note(ctx: AppContext, query: dict | None, note_id: int) -> tuple[Filters, pd.DataFrame]:
    """The page's filters and note ``note_id`` as they let the writer see it (no row: not
    there, or not theirs to see)."""
    filters = notes_filters(ctx, query)
    return filters, note_queries.note_in_scope(ctx.engine, filters, note_id)


def parse_month(value: object) -> dt.date | None:
    """The first day of a month from '2026-11' or '2026-11-05' (None for anything else)."""
    if not isinstance(value, str) or not 7 <= len(value) <= 10:
        return None
    try:
        year, month = int(value[:4]), int(value[5:7])
        if value[4] != "-":
            return None
        day = dt.date(year, month, 1)
    except ValueError:
        return None
    return day if dt.date(2000, 1, 1) <= day <= dt.date(2100, 1, 1) else None


def parse_day(value: object) -> dt.date | None:
    """A date from 'YYYY-MM-DD' (None for anything else)."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def month_value(day: dt.date) -> str:
    """'2026-11' for any day in November 2026."""
    return day.strftime("%Y-%m")


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from ``last`` back to ``first`` (newest first, bounded)."""
    months: list[dt.date] = []
    current = last.replace(day=1)
    while current >= first.replace(day=1) and len(months) < MAX_MONTH_CHOICES:
        months.append(current)
        current = (current - dt.timedelta(days=1)).replace(day=1)
    return months


def month_options(months: list[dt.date]) -> list[dict[str, str]]:
    """Dropdown options for months."""
    return [{"label": m.strftime("%B %Y"), "value": month_value(m)} for m in months]


def months_after(month: dt.date, count: int) -> list[dt.date]:
    """``month`` and the ``count - 1`` months after it."""
    months, current = [], month.replace(day=1)
    for _ in range(count):
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


def page_href(query: dict | None, **params: object) -> str:
    """'/notes' with the URL's filters and the page's own parameters (None values dropped)."""
    query = query if isinstance(query, dict) else {}
    base = search_string(query.get("start"), query.get("end"), query.get("sites"))
    extra = {k: str(v) for k, v in params.items() if v not in (None, "")}
    if not extra:
        return "/notes" + base
    joiner = "&" if base else "?"
    return "/notes" + base + joiner + urlencode(extra)


def meeting_of(query: dict | None) -> int | None:
    """The meeting id in the URL's parameters, if it is a valid id."""
    return positive_id(query.get("meeting")) if isinstance(query, dict) else None


def editor_for(scope: AccessScope) -> Editor:
    """Who is writing: the signed-in user (id and address for the audit trail)."""
    info = auth.current_user_info()
    if info is None:
        return Editor(scope.username or "unknown")
    return Editor(info.username, info.id, auth.client_ip())


def draft_key(editing: object) -> str | None:
    """The local-storage key of the text being written: one per meeting and note."""
    if not isinstance(editing, dict):
        return None
    meeting = positive_id(editing.get("meeting_id"))
    if meeting is None:
        return None
    note = positive_id(editing.get("note_id"))
    return f"m{meeting}-n{note if note else 'new'}"


def notes_filters(ctx: AppContext, query: dict | None) -> Filters:
    """Validated filters for the notes page (raises the PROBLEMS of callbacks.filters)."""
    return filters_for_page(ctx, PAGE, query)


def writer_scope(ctx: AppContext, query: dict | None) -> AccessScope:
    """The writer's scope (after the page's role check and filter validation)."""
    return notes_filters(ctx, query).scope
