"""Ids of the Outcomes page."""

from __future__ import annotations


class OutcomesIds:
    """The Outcomes page."""

    HEADING = "outcomes-heading"
