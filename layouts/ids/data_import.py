"""Ids of the admin's data import page."""

from __future__ import annotations


class ImportIds:
    """The admin's data import page."""

    HEADING = "import-heading"
