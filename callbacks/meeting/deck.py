"""Meeting mode's live deck: fill each slide for the URL's month and sites, and move to
another month.

Bad input (a malformed month, a site outside the scope) shows a message on the slides,
never a traceback. What each slide shows comes from ``callbacks.meeting.content``.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import dash
from dash import Input, Output, State, no_update

from callbacks.filters import PROBLEMS
from callbacks.meeting import content
from callbacks.meeting.content import PAGE, room_filters
from callbacks.page_update import PageUpdate, register_all
from callbacks.slots import Slot, fixed
from dashboard.context import AppContext
from data import clock
from data.filters import Filters
from layouts import meeting_slides as slides
from layouts.ids import MeetingIds as ids

TITLES = {
    "glance": "The month at a glance",
    "wins": "Wins this month",
    "notes": "Accomplishments and positive impacts",
    "mentors": "What each mentor gave",
    "outcomes": "Recovery outcomes for the program",
    "actions": "Action items carried over",
}
ON_QUERY = (Input(ids.QUERY, "data"),)
MONTHS_OFFERED = 24  # complete months in the month choice, besides this month so far


def slide(slide_id: str, key: str) -> Slot:
    """A slide's content: refused, a slide titled ``TITLES[key]`` that says why."""
    return Slot(slide_id, "children", lambda said: slides.problem_slide(TITLES[key], said))


def _glance(ctx: AppContext, filters: Filters) -> tuple[object, str]:
    label = f"{content.month_label(filters)} · {content.sites_label(ctx, filters)}"
    return content.glance_content(ctx, filters), label


update_glance = PageUpdate(
    PAGE,
    (slide(ids.GLANCE, "glance"), fixed(ids.MONTH_LABEL, "children", "Meeting mode")),
    _glance,
    ON_QUERY,
)
"""Slide 1 and the toolbar's month label for the URL's ``query``."""


def _wins(ctx: AppContext, filters: Filters) -> tuple[object, object]:
    return content.wins_content(ctx, filters), content.notes_content(ctx, filters)


update_wins = PageUpdate(
    PAGE, (slide(ids.WINS, "wins"), slide(ids.NOTES, "notes")), _wins, ON_QUERY
)
"""Slides 2 (milestones, anniversaries) and 3 (accomplishments, impacts)."""

update_mentors = PageUpdate(
    PAGE,
    (
        Slot(
            ids.MENTORS,
            "children",
            lambda said: slides.mentors_problem(TITLES["mentors"], said),
        ),
    ),
    content.mentor_content,
    ON_QUERY,
)
"""The mentors' slides (whole sections: their number depends on the data)."""

update_outcomes = PageUpdate(
    PAGE, (slide(ids.OUTCOMES, "outcomes"),), content.outcomes_content, ON_QUERY
)
"""The outcomes slide (its own callback: the browser asks for it beside the others)."""

# With no access or bad filters, no slide of challenges: the other slides say what is wrong.
update_challenges = PageUpdate(
    PAGE, (fixed(ids.CHALLENGES, "children", []),), content.challenge_content, ON_QUERY
)
"""The challenges slide, when a supervisor marked any for the room (else no slide)."""

update_actions = PageUpdate(
    PAGE, (slide(ids.ACTIONS, "actions"),), content.actions_content, ON_QUERY
)
"""The action-items slide."""


def _month_choices(ctx: AppContext, filters: Filters) -> tuple[list[dict[str, str]], str]:
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


month_choices = PageUpdate(
    PAGE,
    (fixed(ids.MONTH_CHOICE, "options", []), fixed(ids.MONTH_CHOICE, "value", None)),
    _month_choices,
    ON_QUERY,
)
"""(options, value) of the toolbar's month choice: this month so far and the complete
months before it, newest first; the value is the deck's month."""


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


SLIDES: tuple[PageUpdate, ...] = (
    update_glance,
    update_wins,
    month_choices,
    update_mentors,
    update_outcomes,
    update_actions,
    update_challenges,
)


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the live deck's callbacks on ``app``."""
    register_all(app, ctx, SLIDES)
    app.callback(
        Output(ids.MONTH_NAV, "href"),
        Input(ids.MONTH_CHOICE, "value"),
        State(ids.QUERY, "data"),
        prevent_initial_call=True,
    )(lambda chosen, query: month_href(chosen, query, ctx))
