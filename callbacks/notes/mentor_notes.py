"""The consultation notes about one mentor, on that mentor's page (``/mentors/<id>``).

Fills ``MentorIds.NOTES`` (a Div the mentor page's layout holds) with the notes about the
mentor in the period of the URL's filters, accomplishments first. Staff only: the query
returns nothing for a scope that may not see identities, and the notes page's role check
applies (meeting viewers never see note text).
"""

from __future__ import annotations

import re

import dash
from dash import Input, Output
from sqlalchemy.exc import SQLAlchemyError

from callbacks.filters import PROBLEMS, filters_for_page, problem_message, query_params
from callbacks.notes.common import PAGE, page_href, positive_id
from callbacks.notes.problems import UNAVAILABLE
from dashboard.context import AppContext
from data.queries import notes as note_queries
from layouts.components import problem_alert
from layouts.ids import MentorIds, ShellIds
from layouts.notes_parts import mentor_notes_list

NOTES_AREA = MentorIds.NOTES
MENTOR_PATH = re.compile(r"^/mentors/(\d{1,10})/?$")
NOTES_LIMIT = 100


def mentor_id_from_path(pathname: object) -> int | None:
    """The mentor id in a '/mentors/<id>' path, else None."""
    if not isinstance(pathname, str):
        return None
    match = MENTOR_PATH.match(pathname[:40])
    return positive_id(match.group(1)) if match else None


def mentor_notes(pathname: object, search: object, ctx: AppContext):  # type: ignore[no-untyped-def]
    """The notes about the mentor of ``pathname`` in the URL's period, accomplishments first,
    each with its meeting month and a link to the meeting."""
    mentor_id = mentor_id_from_path(pathname)
    if mentor_id is None:
        raise dash.exceptions.PreventUpdate
    query = query_params(search if isinstance(search, str) else "")
    try:
        # The notes page's role check: meeting viewers are refused note text here too.
        filters = filters_for_page(ctx, PAGE, query)
        notes = ctx.query(
            note_queries.notes_about_mentor, filters, mentor_id=mentor_id, limit=NOTES_LIMIT
        )
    except PROBLEMS as error:
        return problem_alert(problem_message(error), "light")
    except SQLAlchemyError:
        return problem_alert(UNAVAILABLE, "warning")
    rows = notes.to_dict("records")
    hrefs = {int(r["meeting_id"]): page_href(query, meeting=r["meeting_id"]) for r in rows}
    return mentor_notes_list(rows, hrefs)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Fill the mentor page's notes area (when that page is on screen)."""
    app.callback(
        Output(NOTES_AREA, "children"),
        Input(ShellIds.URL, "pathname"),
        Input(ShellIds.URL, "search"),
    )(lambda pathname, search: mentor_notes(pathname, search, ctx))
