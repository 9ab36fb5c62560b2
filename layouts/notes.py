"""The Consultation notes page (placeholder until it is built: no data, no fake notes)."""

from __future__ import annotations

from dash.development.base_component import Component

from layouts.components import placeholder_card
from layouts.ids import NotesIds

TITLE = "Consultation notes"


def layout(**_query: object) -> Component:
    """A card saying what the Consultation notes page will show."""
    return placeholder_card(
        TITLE,
        NotesIds.HEADING,
        [
            "Notes from the monthly consultation meetings, searchable by site and month.",
            "Accomplishments, positive impact, challenges and open action items.",
            "Writing and editing notes, with every change kept in the audit trail.",
        ],
    )
