"""The Workload page (placeholder until it is built: no data, no fake numbers)."""

from __future__ import annotations

from dash.development.base_component import Component

from layouts.components import placeholder_card
from layouts.ids import WorkloadIds

TITLE = "Workload"


def layout(**_query: object) -> Component:
    """A card saying what the Workload page will show."""
    return placeholder_card(
        TITLE,
        WorkloadIds.HEADING,
        [
            "Contact hours per mentor per week, with after-hours and crisis contacts marked.",
            "How contacts split by mode (in person, phone, video, text) and type of support.",
            "Peer group sessions each mentor facilitated, and their attendance.",
        ],
    )
