"""Ids of one mentee's own outcome chart."""

from __future__ import annotations


class MenteeIds:
    """One mentee's own outcome chart."""

    HEADING = "mentee-heading"
