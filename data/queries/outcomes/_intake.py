"""A mentee's intake day, as the outcome queries count time from it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select

from data.schema import Match, Mentee


def intake_day(mentee_id_column: Any = Mentee.id) -> ColumnElement[Any]:
    """A mentee's intake: the recorded intake date, else the start of their first match."""
    first_match = (
        select(func.min(Match.start_date))
        .where(Match.mentee_id == mentee_id_column)
        .scalar_subquery()
    )
    return func.coalesce(Mentee.intake_date, first_match)
