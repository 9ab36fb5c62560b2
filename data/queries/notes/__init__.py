"""Consultation notes: meetings, their notes, full-text search, action items and the room.

Two audiences read these functions:

- the Consultation notes page and the mentor page (staff): meetings with their notes, a
  note's history, search, notes about one mentor (``meetings``, ``reading``, ``search``).
  These return **no rows** for a scope that may not see identities (meeting viewers): free
  text can name anyone, so it stays off their screens wherever the caller forgets;
- meeting mode (the shared screen): ``room_notes`` (strengths first, challenges only when a
  supervisor marked them for the room) and ``carried_over_action_items``, which never select
  anything about mentees; the attention list: ``overdue_action_items`` (``room``,
  ``actions``).

Meetings over time are in ``trends``, the suggested agenda in ``agenda``. Months are the first
day of the month (``consultation_meetings.month``); a meeting is in a period when its month
overlaps it. Deleted notes (``deleted_at`` set) are left out unless asked for.
"""

from data.queries.notes._rows import (
    KIND_ORDER,
    NOTE_COLUMNS,
    cleared_for_room,
    readable_in_the_room,
)
from data.queries.notes.actions import (
    ACTION_COLUMNS,
    carried_over_action_items,
    overdue_action_items,
)
from data.queries.notes.meetings import (
    ATTENDEE_COLUMNS,
    MEETING_COLUMNS,
    meeting_attendance,
    meeting_in_scope,
    meetings_in_period,
)
from data.queries.notes.reading import (
    REVISION_COLUMNS,
    meeting_notes,
    note_history,
    note_in_scope,
    notes_about_mentor,
)
from data.queries.notes.room import ROOM_COLUMNS, room_challenges, room_notes
from data.queries.notes.search import (
    FTS_TABLE,
    MAX_SEARCH_TERMS,
    MAX_TERM_CHARS,
    SEARCH_LIMIT,
    search_notes,
    search_terms,
)

__all__ = [
    "ACTION_COLUMNS",
    "ATTENDEE_COLUMNS",
    "FTS_TABLE",
    "KIND_ORDER",
    "MAX_SEARCH_TERMS",
    "MAX_TERM_CHARS",
    "MEETING_COLUMNS",
    "NOTE_COLUMNS",
    "REVISION_COLUMNS",
    "ROOM_COLUMNS",
    "SEARCH_LIMIT",
    "carried_over_action_items",
    "cleared_for_room",
    "meeting_attendance",
    "meeting_in_scope",
    "meeting_notes",
    "meetings_in_period",
    "note_history",
    "note_in_scope",
    "notes_about_mentor",
    "overdue_action_items",
    "readable_in_the_room",
    "room_challenges",
    "room_notes",
    "search_notes",
    "search_terms",
]
