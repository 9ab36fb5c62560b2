"""The Consultation notes page's behaviour, one module per job.

``reading`` fills the page (meetings, a meeting's notes, search, history, trend charts);
``meetings`` starts a meeting and records who attended; ``editor`` fills the note editor and
keeps drafts; ``saving`` saves a note (with conflict handling); ``deleting`` deletes and
undoes; ``carried`` closes a carried-over action item; ``agenda`` drafts the suggested
agenda; ``clearing`` clears a note for the room; ``mentor_notes`` lists the notes about one
mentor on that mentor's page. ``common`` holds what they share: the page key, parsers of
untrusted input, links and who is writing; ``problems`` what a failed read or write says.
"""

from __future__ import annotations

import dash

from callbacks.notes import (
    agenda,
    carried,
    clearing,
    deleting,
    editor,
    meetings,
    reading,
    saving,
)
from dashboard.context import AppContext


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Register the Consultation notes page's callbacks (``mentor_notes`` is the mentor
    page's)."""
    for module in (reading, meetings, editor, saving, deleting, carried, agenda, clearing):
        module.register(app, ctx)
