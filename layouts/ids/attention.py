"""Ids of the attention list."""

from __future__ import annotations


class AttentionIds:
    """The attention list."""

    HEADING = "attention-heading"
