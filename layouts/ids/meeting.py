"""Ids of Meeting mode."""

from __future__ import annotations


class MeetingIds:
    """Meeting mode."""

    HEADING = "meeting-heading"
