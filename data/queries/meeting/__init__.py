"""Meeting mode: the questions the monthly consultation meeting asks, for a shared screen.

Every function here answers for a *meeting* scope (``scope.meeting_scope``): the user's sites,
no identities, and small counts hidden, whoever presents. An admin opening meeting mode gets
the same de-identified answers as a meeting viewer. ``meeting_filters`` builds that scope and
the month's period in one place, so no caller can forget it; the functions also refuse
filters whose scope would show identities or small counts (``MeetingScopeRequired``).

Counts of mentees and of contacts from 1 to ``small_cell_min - 1`` come back as <NA>, and an
average over fewer mentees than that is NaN with its n <NA>: the room reads "fewer than 5".
Consultation notes are free text (names are read to redact them and never returned): see
``notes``.

- ``scope``: the meeting scope and the month reviewed;
- ``figures``: the month in numbers; ``recovery``: scores and distance travelled;
- ``notes``: the month's notes and carried-over actions, identities replaced.
"""

from data.queries.meeting.figures import (
    contact_mix,
    match_anniversaries,
    mentor_contributions,
    milestones_for_room,
    month_at_a_glance,
)
from data.queries.meeting.notes import (
    carried_over_actions,
    clearing_preview,
    latest_room_notes,
    month_note_counts,
    redact_identities,
    redactor_for,
    room_notes,
    room_sites,
)
from data.queries.meeting.recovery import distance_for_room, outcomes_for_room
from data.queries.meeting.scope import (
    SMALL_CELL_MIN,
    MeetingScopeRequired,
    comparison_periods,
    default_month,
    meeting_filters,
    meeting_scope,
    parse_month,
)

__all__ = [
    "SMALL_CELL_MIN",
    "MeetingScopeRequired",
    "carried_over_actions",
    "clearing_preview",
    "comparison_periods",
    "contact_mix",
    "default_month",
    "distance_for_room",
    "latest_room_notes",
    "match_anniversaries",
    "meeting_filters",
    "meeting_scope",
    "mentor_contributions",
    "milestones_for_room",
    "month_at_a_glance",
    "month_note_counts",
    "outcomes_for_room",
    "parse_month",
    "redact_identities",
    "redactor_for",
    "room_notes",
    "room_sites",
]
