"""Meeting mode's capture slide: the supervisor types what the group says, and the slide
lists what this month's meeting has recorded.

Notes go through ``data.services.meeting_capture`` in the writer's own scope; roles that may
not write see the slide without its form. A refused or failed save keeps the typed text in the box.
"""

from __future__ import annotations

import datetime as dt

import dash
from dash import Input, Output, State, no_update
from sqlalchemy.exc import SQLAlchemyError

from callbacks.filters import PROBLEMS, problem_message
from callbacks.meeting.content import PAGE, captured_content, room_filters
from callbacks.page_update import PageUpdate, register_all
from callbacks.slots import Slot, fixed, message
from dashboard.auth import client_ip, current_user_info
from dashboard.context import AppContext
from data.filters import Filters
from data.queries import meeting as room
from data.queries.meta import mentors_for_filters
from data.services.meeting_capture import CAPTURE_ROLES, CaptureRefused, add_meeting_note
from layouts import meeting_slides as slides
from layouts.ids import MeetingIds as ids

WATCH_ONLY = "Your supervisor records this month's notes here. This account can only watch."
HOW_TO_CAPTURE = (
    "Type what the group says. A challenge is saved but stays off the shared screen; "
    "mark it for the room on the Consultation notes page."
)
# The capture form's fields, each a component's "value", in ``save_note``'s order.
CAPTURE_FIELDS = (ids.CAPTURE_SITE, ids.CAPTURE_MENTOR, ids.CAPTURE_KIND, ids.CAPTURE_TEXT)
NOT_SAVED = (
    "The note could not be saved just now (the database did not answer). "
    "Your text is still in the box: try again in a moment."
)


def _capture_setup(ctx: AppContext, filters: Filters) -> tuple[object, ...]:
    if filters.scope.role not in CAPTURE_ROLES:
        return WATCH_ONLY, True, [], None, []
    sites = ctx.query(room.room_sites, filters)
    site_options = [{"label": r.name, "value": str(r.site_id)} for r in sites.itertuples()]
    mentors = ctx.query(mentors_for_filters, filters)
    mentor_options = [{"label": "No one in particular", "value": "none"}] + [
        {"label": f"{r.mentor} ({r.site})", "value": str(r.mentor_id)} for r in mentors.itertuples()
    ]
    first = site_options[0]["value"] if site_options else None
    return HOW_TO_CAPTURE, False, site_options, first, mentor_options


update_capture_setup = PageUpdate(
    PAGE,
    (
        message(ids.CAPTURE_ROLE_NOTE),
        fixed(ids.CAPTURE_FORM, "hidden", True),
        fixed(ids.CAPTURE_SITE, "options", []),
        fixed(ids.CAPTURE_SITE, "value", None),
        fixed(ids.CAPTURE_MENTOR, "options", []),
    ),
    _capture_setup,
    (Input(ids.QUERY, "data"),),
)
"""The capture form's site and mentor choices, hidden for roles that may not write."""


def _captured(ctx: AppContext, filters: Filters, _saved: object) -> object:
    return captured_content(ctx, filters)


update_captured = PageUpdate(
    PAGE,
    (Slot(ids.CAPTURE_LIST, "children", slides.problem_line),),
    _captured,
    (Input(ids.QUERY, "data"), Input(ids.CAPTURE_SAVED, "data")),
)
"""The list of what this month's meeting recorded; refreshed after every save."""


def save_note(
    n_clicks: object,
    query: object,
    site: object,
    mentor: object,
    kind: object,
    text: object,
    saved: object,
    ctx: AppContext,
    today: dt.date | None = None,
) -> tuple[object, object, object]:
    """Save the typed note; answers (status message, textarea value, saved counter).

    The text stays in the box whenever it was not saved (a refusal or a database fault), so
    nothing typed is lost.
    """
    if not n_clicks:
        return no_update, no_update, no_update
    try:
        filters = room_filters(ctx, query)
    except PROBLEMS as error:
        return problem_message(error), no_update, no_update
    scope = ctx.scope(PAGE)  # the real scope: the writer's own sites
    try:
        info = current_user_info()
        add_meeting_note(
            ctx.engine,
            scope,
            site,
            filters.start,
            kind,
            text,
            mentor,
            today=today,
            user_id=info.id if info else None,
            ip=client_ip(),
        )
    except CaptureRefused as error:
        return str(error), no_update, no_update
    except SQLAlchemyError:
        return NOT_SAVED, no_update, no_update
    count = saved if isinstance(saved, int) and not isinstance(saved, bool) else 0
    return "Saved. Thank you!", "", count + 1


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the capture slide's callbacks on ``app``."""
    register_all(app, ctx, (update_capture_setup, update_captured))
    app.callback(
        Output(ids.CAPTURE_STATUS, "children"),
        Output(ids.CAPTURE_TEXT, "value"),
        Output(ids.CAPTURE_SAVED, "data"),
        Input(ids.CAPTURE_SAVE, "n_clicks"),
        State(ids.QUERY, "data"),
        *(State(field, "value") for field in CAPTURE_FIELDS),
        State(ids.CAPTURE_SAVED, "data"),
        prevent_initial_call=True,
    )(lambda *clicks_query_fields_saved: save_note(*clicks_query_fields_saved, ctx))
