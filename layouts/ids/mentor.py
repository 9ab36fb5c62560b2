"""Ids of a mentor's page and supervision card."""

from __future__ import annotations


class MentorIds:
    """A mentor's page and supervision card."""

    HEADING = "mentor-heading"
