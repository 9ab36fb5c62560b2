"""Meeting mode's behaviour: fill each slide for the URL's month and sites, capture notes.

Every query runs in the meeting scope (``data.queries.meeting.meeting_filters``): the user's
sites, no identities, small counts hidden, for every role, so an admin presenting sees what a
meeting viewer sees. Bad input (a malformed month, a site outside the scope) shows a message
on the slides, never a traceback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

import dash
from dash import Input, Output, State, html, no_update
from dash.development.base_component import Component
from sqlalchemy.exc import SQLAlchemyError

from callbacks import meeting_slides as slides
from callbacks.filters import PROBLEMS, problem_message
from dashboard.auth import client_ip, current_user_info
from dashboard.context import AppContext
from data import clock
from data.filters import Filters
from data.queries import meeting as room
from data.queries.meta import mentors_for_filters
from data.services.meeting_capture import CAPTURE_ROLES, CaptureRefused, add_meeting_note
from layouts.ids import MeetingIds as ids

PAGE = "meeting"
TITLES = {
    "glance": "The month at a glance",
    "wins": "Wins this month",
    "notes": "Accomplishments and positive impacts",
    "mentors": "What each mentor gave",
    "outcomes": "Recovery outcomes for the program",
    "actions": "Action items carried over",
}


def room_filters(ctx: AppContext, query: object) -> Filters:
    """The meeting filters for the URL's ``query`` ({'month', 'sites'}) and the signed-in user.

    Raises PageForbidden or FilterError (see ``problem_message``).
    """
    scope = ctx.scope(PAGE)
    query = query if isinstance(query, dict) else {}
    return room.meeting_filters(
        scope,
        query.get("month"),
        query.get("sites"),
        ctx.settings.small_cell_min,
        meeting_day=ctx.settings.meeting_day,
    )


def month_label(filters: Filters) -> str:
    """'November 2026' for the meeting's month."""
    return filters.start.strftime("%B %Y")


def sites_label(ctx: AppContext, filters: Filters) -> str:
    """'Riverside', or 'Riverside, Northgate and Harbour View' for several sites."""
    names = list(ctx.query(room.room_sites, filters)["name"])
    if not names:
        return "no site"
    if len(names) <= 3:
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{len(names)} sites"


def glance_content(ctx: AppContext, filters: Filters) -> list[Component]:
    """Slide 1 for ``filters``."""
    glance = ctx.query(room.month_at_a_glance, filters)
    label = month_label(filters)
    if filters.end >= clock.today():
        label += " so far"
    mix = ctx.query(room.contact_mix, filters)
    return slides.glance_slide(glance, label, filters.scope.small_cell_min, mix)


def wins_content(ctx: AppContext, filters: Filters) -> list[Component]:
    """Slide 2 for ``filters``."""
    return slides.wins_slide(
        ctx.query(room.milestones_for_room, filters),
        ctx.query(room.match_anniversaries, filters),
        filters.scope.small_cell_min,
    )


def notes_content(ctx: AppContext, filters: Filters) -> list[Component]:
    """Slide 3 for ``filters``."""
    return slides.notes_slide(ctx.query(room.room_notes, filters))


def mentor_content(ctx: AppContext, filters: Filters) -> list[Component]:
    """The mentors' slides for ``filters``."""
    contributions = ctx.query(room.mentor_contributions, filters)
    return slides.mentor_slides(contributions, filters.scope.small_cell_min)


def outcomes_content(ctx: AppContext, filters: Filters) -> list[Component]:
    """The outcomes slide for ``filters``."""
    return slides.outcomes_slide(
        ctx.query(room.outcomes_for_room, filters),
        ctx.query(room.distance_for_room, filters),
        filters.scope.small_cell_min,
    )


def challenge_content(ctx: AppContext, filters: Filters) -> list[Component]:
    """The slide of challenges marked for the room (an empty list when there are none)."""
    return slides.challenge_slides(ctx.query(room.room_notes, filters, kinds=("challenge",)))


def actions_content(ctx: AppContext, filters: Filters) -> list[Component]:
    """The action-items slide for ``filters``."""
    return slides.actions_slide(ctx.query(room.carried_over_actions, filters))


def captured_content(ctx: AppContext, filters: Filters) -> list[Component]:
    """What this month's meeting has recorded (challenges only counted)."""
    notes = ctx.query(room.latest_room_notes, filters)
    counts = ctx.query(room.month_note_counts, filters)
    return slides.captured_list(notes, counts)


MONTHS_OFFERED = 24  # complete months in the month choice, besides this month so far


def month_choices(query: object, ctx: AppContext) -> tuple[list[dict[str, str]], object]:
    """(options, value) of the toolbar's month choice: this month so far and the complete
    months before it, newest first; the value is the deck's month."""
    try:
        filters = room_filters(ctx, query)
    except PROBLEMS:
        return [], None
    this_month = clock.today().replace(day=1)
    months = [this_month]
    while len(months) <= MONTHS_OFFERED:
        months.append((months[-1] - dt.timedelta(days=1)).replace(day=1))
    if filters.start not in months:
        months.append(filters.start)
    options = [
        {
            "label": f"{m:%B %Y}" + (" (so far)" if m == this_month else ""),
            "value": f"{m:%Y-%m}",
        }
        for m in months
    ]
    return options, f"{filters.start:%Y-%m}"


def month_href(chosen: object, query: object, ctx: AppContext) -> object:
    """Where the deck of the ``chosen`` month is ('/meeting?month=...'), or no_update when
    that is the month on screen or not a month one may choose."""
    try:
        current = room_filters(ctx, query)
        target = room_filters(ctx, {**(query if isinstance(query, dict) else {}), "month": chosen})
    except PROBLEMS:
        return no_update
    if not isinstance(chosen, str) or target.start == current.start:
        return no_update
    params = {"month": f"{target.start:%Y-%m}"}
    sites = query.get("sites") if isinstance(query, dict) else None
    if isinstance(sites, str) and sites:
        params["sites"] = sites
    return "/meeting?" + urlencode(params, safe=",")


def _slide_problem(key: str, error: Exception) -> list[Component]:
    return slides.problem_slide(TITLES[key], problem_message(error))


def update_glance(query: object, ctx: AppContext) -> tuple[object, str]:
    """Slide 1 and the toolbar's month label for the URL's ``query``."""
    try:
        filters = room_filters(ctx, query)
    except PROBLEMS as error:
        return _slide_problem("glance", error), "Meeting mode"
    label = f"{month_label(filters)} · {sites_label(ctx, filters)}"
    return glance_content(ctx, filters), label


def update_wins(query: object, ctx: AppContext) -> tuple[object, object]:
    """Slides 2 (milestones, anniversaries) and 3 (accomplishments, impacts)."""
    try:
        filters = room_filters(ctx, query)
    except PROBLEMS as error:
        return _slide_problem("wins", error), _slide_problem("notes", error)
    return wins_content(ctx, filters), notes_content(ctx, filters)


def update_mentors(query: object, ctx: AppContext) -> object:
    """The mentors' slides (whole sections: their number depends on the data)."""
    try:
        filters = room_filters(ctx, query)
    except PROBLEMS as error:
        return [
            html.Section(
                _slide_problem("mentors", error),
                id="meeting-slide-mentors-1",
                className="meeting-slide",
                **{"aria-roledescription": "slide", "aria-label": TITLES["mentors"]},
            )
        ]
    return mentor_content(ctx, filters)


def update_outcomes(query: object, ctx: AppContext) -> object:
    """The outcomes slide (its own callback: the browser asks for it beside the others)."""
    try:
        filters = room_filters(ctx, query)
    except PROBLEMS as error:
        return _slide_problem("outcomes", error)
    return outcomes_content(ctx, filters)


def update_challenges(query: object, ctx: AppContext) -> object:
    """The challenges slide, when a supervisor marked any for the room (else no slide)."""
    try:
        filters = room_filters(ctx, query)
    except PROBLEMS:
        return []  # the other slides say what is wrong
    return challenge_content(ctx, filters)


def update_actions(query: object, ctx: AppContext) -> object:
    """The action-items slide."""
    try:
        filters = room_filters(ctx, query)
    except PROBLEMS as error:
        return _slide_problem("actions", error)
    return actions_content(ctx, filters)


@dataclass(frozen=True)
class CaptureSetup:
    """What the capture form offers the signed-in user."""

    role_note: str
    hidden: bool
    site_options: list[dict[str, object]]
    site_value: object
    mentor_options: list[dict[str, object]]


def update_capture_setup(query: object, ctx: AppContext) -> tuple[object, ...]:
    """The capture form's site and mentor choices, hidden for roles that may not write."""
    try:
        filters = room_filters(ctx, query)
    except PROBLEMS as error:
        return problem_message(error), True, [], None, []
    if filters.scope.role not in CAPTURE_ROLES:
        note = "Your supervisor records this month's notes here. This account can only watch."
        return note, True, [], None, []
    sites = ctx.query(room.room_sites, filters)
    site_options = [{"label": r.name, "value": str(r.site_id)} for r in sites.itertuples()]
    mentors = ctx.query(mentors_for_filters, filters)
    mentor_options = [{"label": "No one in particular", "value": "none"}] + [
        {"label": f"{r.mentor} ({r.site})", "value": str(r.mentor_id)} for r in mentors.itertuples()
    ]
    note = (
        "Type what the group says. A challenge is saved but stays off the shared screen; "
        "mark it for the room on the Consultation notes page."
    )
    first = site_options[0]["value"] if site_options else None
    return note, False, site_options, first, mentor_options


def update_captured(query: object, _saved: object, ctx: AppContext) -> object:
    """The list of what this month's meeting recorded; refreshed after every save."""
    try:
        filters = room_filters(ctx, query)
    except PROBLEMS as error:
        return html.P(problem_message(error), className="meeting-problem")
    return captured_content(ctx, filters)


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
        return (
            "The note could not be saved just now (the database did not answer). "
            "Your text is still in the box: try again in a moment.",
            no_update,
            no_update,
        )
    count = saved if isinstance(saved, int) and not isinstance(saved, bool) else 0
    return "Saved. Thank you!", "", count + 1


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register meeting mode's callbacks and the meeting pack's download routes on ``app``."""
    from callbacks import meeting_export

    query = Input(ids.QUERY, "data")
    app.callback(Output(ids.GLANCE, "children"), Output(ids.MONTH_LABEL, "children"), query)(
        lambda q: update_glance(q, ctx)
    )
    app.callback(Output(ids.WINS, "children"), Output(ids.NOTES, "children"), query)(
        lambda q: update_wins(q, ctx)
    )
    app.callback(Output(ids.MONTH_CHOICE, "options"), Output(ids.MONTH_CHOICE, "value"), query)(
        lambda q: month_choices(q, ctx)
    )
    app.callback(
        Output(ids.MONTH_NAV, "href"),
        Input(ids.MONTH_CHOICE, "value"),
        State(ids.QUERY, "data"),
        prevent_initial_call=True,
    )(lambda chosen, q: month_href(chosen, q, ctx))
    app.callback(Output(ids.MENTORS, "children"), query)(lambda q: update_mentors(q, ctx))
    app.callback(Output(ids.OUTCOMES, "children"), query)(lambda q: update_outcomes(q, ctx))
    app.callback(Output(ids.ACTIONS, "children"), query)(lambda q: update_actions(q, ctx))
    app.callback(Output(ids.CHALLENGES, "children"), query)(lambda q: update_challenges(q, ctx))
    app.callback(
        Output(ids.CAPTURE_ROLE_NOTE, "children"),
        Output(ids.CAPTURE_FORM, "hidden"),
        Output(ids.CAPTURE_SITE, "options"),
        Output(ids.CAPTURE_SITE, "value"),
        Output(ids.CAPTURE_MENTOR, "options"),
        query,
    )(lambda q: update_capture_setup(q, ctx))
    app.callback(Output(ids.CAPTURE_LIST, "children"), query, Input(ids.CAPTURE_SAVED, "data"))(
        lambda q, saved: update_captured(q, saved, ctx)
    )
    app.callback(
        Output(ids.CAPTURE_STATUS, "children"),
        Output(ids.CAPTURE_TEXT, "value"),
        Output(ids.CAPTURE_SAVED, "data"),
        Input(ids.CAPTURE_SAVE, "n_clicks"),
        State(ids.QUERY, "data"),
        State(ids.CAPTURE_SITE, "value"),
        State(ids.CAPTURE_MENTOR, "value"),
        State(ids.CAPTURE_KIND, "value"),
        State(ids.CAPTURE_TEXT, "value"),
        State(ids.CAPTURE_SAVED, "data"),
        prevent_initial_call=True,
    )(
        lambda n, q, site, mentor, kind, text, saved: save_note(
            n, q, site, mentor, kind, text, saved, ctx
        )
    )
    meeting_export.register(app, ctx)
