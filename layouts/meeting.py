"""The Meeting mode page (placeholder until it is built: no data, no fake numbers)."""

from __future__ import annotations

from dash.development.base_component import Component

from layouts.components import placeholder_card
from layouts.ids import MeetingIds

TITLE = "Meeting mode"


def layout(**_query: object) -> Component:
    """A card saying what Meeting mode will show."""
    return placeholder_card(
        TITLE,
        MeetingIds.HEADING,
        [
            "The month's headline figures and trends in large type for a projector.",
            "Only aggregates: small counts hidden so that nobody can be recognised.",
            "The month's consultation meeting agenda and action items.",
        ],
    )
