"""The Outcomes page (placeholder until it is built: no data, no fake numbers)."""

from __future__ import annotations

from dash.development.base_component import Component

from layouts.components import placeholder_card
from layouts.ids import OutcomesIds

TITLE = "Outcomes"


def layout(**_query: object) -> Component:
    """A card saying what the Outcomes page will show."""
    return placeholder_card(
        TITLE,
        OutcomesIds.HEADING,
        [
            "Change in assessment scores between first and latest assessment, per domain.",
            "Goals set and milestones reached, by life area (housing, work, money, ...).",
            "How long mentees take to reach their first milestone.",
        ],
    )
