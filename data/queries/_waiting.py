"""Who is waiting for a mentor on a given day, and since when (shared by two pages)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, and_, exists, func, not_, or_, select

from data.filters import Filters
from data.queries._planner import not_for_index
from data.queries._sql import open_on
from data.queries._statements import BoundFilters
from data.schema import Match, Mentee


def waiting_since(day: dt.date | ColumnElement[dt.date]) -> ColumnElement[dt.date]:
    """When each mentee started waiting, as seen on ``day``: the end of their last closed match
    on or before ``day``, else their referral date (a correlated scalar expression on Mentee)."""
    last_closed = (
        select(func.max(Match.end_date))
        .where(Match.mentee_id == Mentee.id, Match.end_date <= day)
        .scalar_subquery()
    )
    return func.coalesce(last_closed, Mentee.referral_date)


def waiting_clause(
    filters: Filters | BoundFilters, day: dt.date | ColumnElement[dt.date]
) -> ColumnElement[bool]:
    """Mentees in scope waiting for a mentor on ``day``: referred, not exited, no open match."""
    has_open_match = exists().where(
        Match.mentee_id == Mentee.id, open_on(Match.start_date, Match.end_date, day)
    )
    return and_(
        filters.site_clause(Mentee.site_id),
        Mentee.referral_date <= day,
        # Not exited by ``day``: a later exit date, or none recorded and not marked exited.
        or_(Mentee.exit_date > day, and_(Mentee.exit_date.is_(None), Mentee.status != "exited")),
        not_(has_open_match),
    )


def waiting_site_id() -> ColumnElement[int]:
    """``Mentee.site_id`` to group or join the waiting mentees by. SQLite would otherwise walk
    ``ix_mentees_site_referral`` for the order it gives, reading every mentee of every site
    instead of the few thousand not yet exited (see ``_planner``)."""
    return not_for_index(Mentee.site_id)
