"""Meeting mode's behaviour, one module per job.

``content`` answers what each slide shows for the meeting's filters (queries handed to the
slide builders of ``layouts.meeting_slides``); ``deck`` fills the live deck and its month
choice; ``capture`` is the slide where the supervisor records the meeting's notes; ``pack``
serves the month's slides as one HTML or PDF file for those who could not come.
"""

from __future__ import annotations

import dash

from callbacks.meeting import capture, deck, pack
from dashboard.context import AppContext


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register meeting mode's callbacks: the deck, the capture slide and the pack."""
    for module in (deck, capture, pack):
        module.register(app, ctx)
