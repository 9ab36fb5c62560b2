"""Matched mentees who need a contact: no contact lately, or a new match still waiting for its
first contact."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select

from data.filters import Filters
from data.queries.attention._item import Row, day_text, item_kind, mentee_columns
from data.queries.attention.kinds import NEW_MATCH, NEW_MATCH_WINDOW_DAYS, NO_CONTACT
from data.queries.plumbing.clauses import open_on
from data.queries.plumbing.frames import as_date
from data.queries.plumbing.sql import fetch
from data.schema import Contact, Match, Mentee, Mentor, Site


def quiet_matches(engine: Engine, filters: Filters, quiet_days: int) -> list[Any]:
    """Open matches on the day whose last contact (within the match) is ``quiet_days`` or
    more days back, or that have had none and started that long ago."""
    day = filters.end
    cutoff = day - dt.timedelta(days=quiet_days)
    last = (
        select(func.max(Contact.contact_date))
        .where(Contact.match_id == Match.id, Contact.contact_date <= day)
        .scalar_subquery()
        .label("last_contact")
    )
    matches = (
        select(
            Match.id,
            Match.site_id,
            Match.mentor_id,
            Match.mentee_id,
            Match.start_date,
            last,
        )
        .where(
            filters.site_clause(Match.site_id),
            filters.mentor_clause(Match.mentor_id),
            open_on(Match.start_date, Match.end_date, day),
        )
        .subquery("open_matches")
    )
    c = matches.c
    statement = (
        select(
            c.id,
            c.site_id,
            Site.name,
            c.mentor_id,
            Mentor.display_name,
            *mentee_columns(filters),
            c.start_date,
            c.last_contact,
        )
        .select_from(matches)
        .join(Site, Site.id == c.site_id)
        .join(Mentor, Mentor.id == c.mentor_id)
        .where(
            or_(
                and_(c.last_contact.is_(None), c.start_date <= cutoff),
                c.last_contact <= cutoff,
            )
        )
        .order_by(Site.name, Mentor.display_name, c.start_date, c.id)
    )
    if filters.scope.see_identities:
        statement = statement.join(Mentee, Mentee.id == c.mentee_id)
    return fetch(engine, statement)


def _is_new_match(start: dt.date, last: dt.date | None, day: dt.date, new_days: int) -> bool:
    age = (day - start).days
    return last is None and new_days <= age < NEW_MATCH_WINDOW_DAYS


@item_kind
def no_contact_items(
    engine: Engine,
    filters: Filters,
    no_contact_days: int = 14,
    new_match_days: int = 14,
    quiet: list[Any] | None = None,
) -> list[Row]:
    """Matched mentees with no contact for ``no_contact_days`` days or more (``days``: days
    since the last contact in the match, or since it started when there was none). New
    matches still waiting for a first contact are ``new_match_items`` instead."""
    day, rows = filters.end, []
    if quiet is None:
        quiet = quiet_matches(engine, filters, max(1, int(no_contact_days)))
    cutoff = day - dt.timedelta(days=max(1, int(no_contact_days)))
    for r in quiet:
        match_id, site_id, site, mentor_id, mentor, mentee_id, code, name, start, last = r
        start, last = as_date(start), as_date(last)
        if _is_new_match(start, last, day, int(new_match_days)):
            continue
        since = last or start
        if since > cutoff:
            continue  # quiet for the new-match threshold only
        days = (day - since).days
        detail = (
            f"no contact for {days} days (last contact {day_text(last)})"
            if last
            else f"no contact since the match started {days} days ago"
        )
        rows.append(
            (NO_CONTACT, f"match:{match_id}", site_id, site, mentor_id, mentor, mentee_id,
             code, name, since, days, detail, f"last:{last or 'none'}")
        )  # fmt: skip
    return rows


@item_kind
def new_match_items(
    engine: Engine, filters: Filters, new_match_days: int = 14, quiet: list[Any] | None = None
) -> list[Row]:
    """New matches (in their first three months) with no contact yet ``new_match_days`` or
    more days after they started; ``since`` is the match's start."""
    day, rows = filters.end, []
    if quiet is None:
        quiet = quiet_matches(engine, filters, max(1, int(new_match_days)))
    for r in quiet:
        match_id, site_id, site, mentor_id, mentor, mentee_id, code, name, start, last = r
        start, last = as_date(start), as_date(last)
        if not _is_new_match(start, last, day, int(new_match_days)):
            continue
        days = (day - start).days
        rows.append(
            (NEW_MATCH, f"match:{match_id}", site_id, site, mentor_id, mentor, mentee_id, code,
             name, start, days, f"new match {days} days ago, no contact yet",
             f"start:{start}")
        )  # fmt: skip
    return rows
