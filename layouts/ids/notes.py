"""Ids of the Consultation notes page."""

from __future__ import annotations


class NotesIds:
    """The Consultation notes page."""

    HEADING = "notes-heading"
