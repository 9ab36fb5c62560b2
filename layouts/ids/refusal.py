"""Ids of the refusal shown instead of a page the user's role may not open."""

from __future__ import annotations


class RefusalIds:
    """The refusal."""

    ALERT = "page-forbidden"
