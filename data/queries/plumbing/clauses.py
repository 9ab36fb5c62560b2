"""SQL fragments several subjects share: spans open on a day, the chosen mentors' mentees,
each mentor's caseload on the period's last day, who is waiting for a mentor, the peer-group
sessions mentors led, and a mentee's identity (only for a scope that may see it).

Each takes the filters (``Filters`` or ``BoundFilters``), so the scope and the mentor choice
are ANDed in wherever a fragment is used.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    exists,
    func,
    not_,
    null,
    or_,
    select,
    true,
)

from data.filters import Filters
from data.queries.plumbing.planner import not_for_index
from data.queries.plumbing.statements import BoundFilters
from data.schema import GroupFacilitator, GroupSession, Match, Mentee


def open_on(
    start: ColumnElement[Any], end: ColumnElement[Any], day: dt.date | ColumnElement[dt.date]
) -> ColumnElement[bool]:
    """True for a span (a match, a mentor's tenure) that has started and not ended on ``day``."""
    return and_(start <= day, or_(end.is_(None), end >= day))


def mentee_of_chosen_mentors(
    filters: Filters | BoundFilters, mentee_id: ColumnElement[int]
) -> ColumnElement[bool]:
    """Mentees ever matched with one of the chosen mentors (true when no mentor is chosen)."""
    if not filters.mentors_chosen:
        return true()
    return mentee_id.in_(select(Match.mentee_id).where(filters.mentor_clause(Match.mentor_id)))


def caseload_on_end_date(filters: Filters | BoundFilters) -> Subquery:
    """Rows (mentor_id, n): distinct mentees in open matches on ``filters.end``, in scope.

    Grouped by ``not_for_index(mentor_id)``: for every site, SQLite would otherwise walk the
    mentor index for its order, reading all of ten years' matches, instead of the few thousand
    still open through ``ix_matches_end_date_mentor`` (10 ms against 5 at the large scale).
    """
    return (
        select(Match.mentor_id, func.count(func.distinct(Match.mentee_id)).label("n"))
        .where(
            filters.site_clause(Match.site_id),
            filters.mentor_clause(Match.mentor_id),
            open_on(Match.start_date, Match.end_date, filters.end),
        )
        .group_by(not_for_index(Match.mentor_id))
        .subquery("caseload")
    )


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


def waiting_by_site(filters: Filters | BoundFilters, day: dt.date) -> Select:
    """Rows (site_id, mentees waiting, since when the longest has waited) of every site in
    scope where someone waits for a mentor on ``day``."""
    since = waiting_since(day)
    site_id = waiting_site_id().label("site_id")
    return (
        select(site_id, func.count(), func.min(since))
        .where(waiting_clause(filters, day))
        .group_by(site_id)
    )


def waiting_site_id() -> ColumnElement[int]:
    """``Mentee.site_id`` to group or join the waiting mentees by. SQLite would otherwise walk
    ``ix_mentees_site_referral`` for the order it gives, reading every mentee of every site
    instead of the few thousand not yet exited (see ``planner``)."""
    return not_for_index(Mentee.site_id)


def facilitations(filters: Filters | BoundFilters, *columns: Any) -> Select:
    """``columns`` selected from the peer-group sessions of the period and scope, one row per
    session and facilitator, with the mentor choice applied to the facilitator (group it)."""
    return (
        select(*columns)
        .select_from(GroupFacilitator)
        .join(GroupSession, GroupSession.id == GroupFacilitator.session_id)
        .where(
            filters.site_clause(GroupSession.site_id),
            filters.mentor_clause(GroupFacilitator.mentor_id),
            GroupSession.session_date.between(filters.start, filters.end),
        )
    )


def mentee_identity(filters: Filters) -> list[ColumnElement[Any]]:
    """Mentee code and name, or two NULLs when the scope may not see identities: such a scope's
    identities are not even selected."""
    if filters.scope.see_identities:
        return [Mentee.code.label("mentee_code"), Mentee.display_name.label("mentee_name")]
    return [null().label("mentee_code"), null().label("mentee_name")]
