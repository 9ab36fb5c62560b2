"""Consultation meetings written through the service on top of the hand-made program.

Riverside (site 1) meets in February and March 2026, Hilltop (site 2) in February; the notes
say who they are about, so every query's answer can be counted by hand.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from data.filters import AccessScope
from data.services.notes import Editor, MeetingPlan, NoteDraft, create_meeting
from tests.data.queries_fixture import HILLTOP, RIVERSIDE, load

D = dt.date
ADMIN_SCOPE = AccessScope("admin", all_sites=True, see_identities=True, username="ada")
RIVERSIDE_SUPERVISOR = AccessScope(
    "supervisor", frozenset({RIVERSIDE}), see_identities=True, username="sam"
)
HILLTOP_SUPERVISOR = AccessScope(
    "supervisor", frozenset({HILLTOP}), see_identities=True, username="hal"
)
VIEWER = AccessScope("meeting_viewer", frozenset({RIVERSIDE}), small_cell_min=5, username="vic")
SAM = Editor("sam", None, "127.0.0.1")

FEBRUARY_NOTES = (
    NoteDraft("challenge", "Transport to the **clinic** is hard to find.", None),
    NoteDraft("accomplishment", "Alex supported a mentee to open a bank account.", 1),
    NoteDraft("positive_impact", "A mentee said the weekly visits keep them going.", 2),
    NoteDraft(
        "action_item",
        "Alex to find a cheaper bus pass route.",
        1,
        owner="mentor",
        due_month=D(2026, 3, 1),
    ),
    NoteDraft(
        "challenge",
        "Waiting list is long; discuss in the room.",
        None,
        shown_in_room=True,
    ),
)


def load_meetings(engine: Engine) -> dict[str, int]:
    """The program plus three meetings; returns their ids by name."""
    load(engine)
    february = create_meeting(
        engine,
        RIVERSIDE_SUPERVISOR,
        MeetingPlan(RIVERSIDE, D(2026, 2, 1), D(2026, 2, 12), (1, 2), FEBRUARY_NOTES),
        SAM,
    )
    march = create_meeting(
        engine,
        RIVERSIDE_SUPERVISOR,
        MeetingPlan(
            RIVERSIDE,
            D(2026, 3, 1),
            D(2026, 3, 12),
            (1,),
            (NoteDraft("accomplishment", "Alex visited the housing office with a mentee.", 1),),
        ),
        SAM,
    )
    hilltop = create_meeting(
        engine,
        HILLTOP_SUPERVISOR,
        MeetingPlan(
            HILLTOP,
            D(2026, 2, 1),
            D(2026, 2, 18),
            (3,),
            (NoteDraft("accomplishment", "Cal opened a bank account group at Hilltop.", 3),),
        ),
        Editor("hal"),
    )
    return {"february": february, "march": march, "hilltop": hilltop}
