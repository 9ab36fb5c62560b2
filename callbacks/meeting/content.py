"""What each of meeting mode's slides shows for the meeting's filters.

Every query runs in the meeting scope (the page's scope rule, ``ScopeRule.ROOM``: the user's
sites, no identities, small counts hidden, for every role), so an admin presenting sees what
a meeting viewer sees. The live deck (``callbacks.meeting.deck``) and the meeting pack
(``callbacks.meeting.pack``) both show these, so the pack shows what the room saw.
"""

from __future__ import annotations

from dash.development.base_component import Component

from callbacks.filters import filters_for_page
from dashboard.context import AppContext
from data import clock
from data.filters import Filters
from data.queries import meeting as room
from layouts import meeting_slides as slides

PAGE = "meeting"


def room_filters(ctx: AppContext, query: object) -> Filters:
    """The meeting filters for the URL's ``query`` ({'month', 'sites'}) and the signed-in user.

    Raises PageForbidden or FilterError (see ``problem_message``).
    """
    return filters_for_page(ctx, PAGE, query)  # type: ignore[arg-type]


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
    milestones = ctx.query(room.milestones_for_room, filters)
    anniversaries = ctx.query(room.match_anniversaries, filters)
    return slides.wins_slide(milestones, anniversaries, filters.scope.small_cell_min)


def notes_content(ctx: AppContext, filters: Filters) -> list[Component]:
    """Slide 3 for ``filters``."""
    return slides.notes_slide(ctx.query(room.room_notes, filters))


def mentor_content(ctx: AppContext, filters: Filters) -> list[Component]:
    """The mentors' slides for ``filters``."""
    contributions = ctx.query(room.mentor_contributions, filters)
    return slides.mentor_slides(contributions, filters.scope.small_cell_min)


def outcomes_content(ctx: AppContext, filters: Filters) -> list[Component]:
    """The outcomes slide for ``filters``."""
    trend = ctx.query(room.outcomes_for_room, filters)
    distance = ctx.query(room.distance_for_room, filters)
    return slides.outcomes_slide(trend, distance, filters.scope.small_cell_min)


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
