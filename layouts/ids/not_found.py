"""Ids of the 404 page."""

from __future__ import annotations


class NotFoundIds:
    """The 404 page."""

    HEADING = "not-found-heading"
