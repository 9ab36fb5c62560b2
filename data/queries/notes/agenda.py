"""The suggested agenda: a month's strengths per mentor, drafted from the program's own data.

So that the monthly consultation meeting starts from strengths, the dashboard drafts one line
per mentor and kind of strength for a site and month:

- ``milestones``: goals their mentees achieved that month (while matched with them);
- ``groups``: peer-group sessions they facilitated;
- ``contacts``: contacts they made, and with how many mentees;
- ``outcome_gains``: mentees whose assessment that month scored better than their previous
  one on the same instrument (in the instrument's own direction);
- ``long_matches``: matches reaching 6 or 12 months that month.

Lines never name a mentee and never compare mentors with one another: each line is about
one mentor's own month. Counts of mentees below the scope's small-cell minimum read
"fewer than N". The supervisor accepts, edits or drops each line; accepted lines become
notes (``data.services.notes.add_note`` with origin 'suggested').
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Engine, and_, case, func, null, or_, select
from sqlalchemy.orm import aliased

from data.filters import Filters
from data.queries.plumbing.clauses import open_on
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import INT, INT_OR_NONE, TEXT, typed_frame
from data.queries.plumbing.months import add_months, month_end, month_start
from data.queries.plumbing.sql import fetch
from data.schema import (
    Assessment,
    AssessmentScore,
    Contact,
    Goal,
    GroupFacilitator,
    GroupSession,
    Instrument,
    Match,
    Mentor,
)

AGENDA_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "source": TEXT,
    "count": INT_OR_NONE,
    "mentees": INT_OR_NONE,
    "text": TEXT,
}
SOURCES = ("milestones", "groups", "contacts", "outcome_gains", "long_matches_6", "long_matches_12")


def _matched_on(mentee_id: Any, day: Any) -> ColumnElement[bool]:
    """Join condition: the match the mentee was in on ``day``."""
    return and_(Match.mentee_id == mentee_id, open_on(Match.start_date, Match.end_date, day))


def _milestones(site_id: int, first: dt.date, last: dt.date):  # type: ignore[no-untyped-def]
    return (
        select(
            Match.mentor_id,
            func.count(func.distinct(Goal.id)),
            func.count(func.distinct(Goal.mentee_id)),
        )
        .join(Match, _matched_on(Goal.mentee_id, Goal.achieved_date))
        .where(Goal.site_id == site_id, Goal.achieved_date.between(first, last))
        .group_by(Match.mentor_id)
    )


def _groups(site_id: int, first: dt.date, last: dt.date):  # type: ignore[no-untyped-def]
    return (
        select(GroupFacilitator.mentor_id, func.count(func.distinct(GroupSession.id)), null())
        .join(GroupSession, GroupSession.id == GroupFacilitator.session_id)
        .where(GroupSession.site_id == site_id, GroupSession.session_date.between(first, last))
        .group_by(GroupFacilitator.mentor_id)
    )


def _contacts(site_id: int, first: dt.date, last: dt.date):  # type: ignore[no-untyped-def]
    return (
        select(Contact.mentor_id, func.count(), func.count(func.distinct(Contact.mentee_id)))
        .where(Contact.site_id == site_id, Contact.contact_date.between(first, last))
        .group_by(Contact.mentor_id)
    )


def _outcome_gains(site_id: int, first: dt.date, last: dt.date):  # type: ignore[no-untyped-def]
    this, earlier = aliased(Assessment), aliased(Assessment)
    total = (
        select(func.sum(AssessmentScore.score))
        .where(AssessmentScore.assessment_id == this.id)
        .scalar_subquery()
    )
    previous_id = (
        select(earlier.id)
        .where(
            earlier.mentee_id == this.mentee_id,
            earlier.instrument_id == this.instrument_id,
            earlier.assessed_on < this.assessed_on,
        )
        .order_by(earlier.assessed_on.desc(), earlier.id.desc())
        .limit(1)
        .correlate(this)  # two levels down: auto-correlation would not reach ``this``
        .scalar_subquery()
    )
    previous_total = (
        select(func.sum(AssessmentScore.score))
        .where(AssessmentScore.assessment_id == previous_id)
        .scalar_subquery()
    )
    gain = case((Instrument.higher_is_better, total - previous_total), else_=previous_total - total)
    gains = (
        select(this.mentee_id.label("mentee_id"), this.assessed_on.label("day"), gain.label("gain"))
        .join(Instrument, Instrument.id == this.instrument_id)
        .where(this.site_id == site_id, this.assessed_on.between(first, last))
        .subquery()
    )
    return (
        select(Match.mentor_id, func.count(func.distinct(gains.c.mentee_id)), null())
        .join(Match, _matched_on(gains.c.mentee_id, gains.c.day))
        .where(gains.c.gain > 0)
        .group_by(Match.mentor_id)
    )


def _long_matches(site_id: int, month: dt.date, months: int):  # type: ignore[no-untyped-def]
    started = month_start(add_months(month, -months))
    started_first, started_last = started, month_end(started)
    return (
        select(Match.mentor_id, func.count(), null())
        .where(
            Match.site_id == site_id,
            Match.start_date.between(started_first, started_last),
            or_(Match.end_date.is_(None), Match.end_date >= month),
        )
        .group_by(Match.mentor_id)
    )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def agenda_line(source: str, mentor: str, count: object, mentees: object, hidden: int) -> str:
    """The draft sentence for one mentor and kind of strength. ``count``/``mentees`` may be
    missing (<NA>) when hidden as small counts: they read "fewer than ``hidden``"."""

    def number(value: object, one: str, many: str) -> str:
        if value is None or pd.isna(value):
            return f"fewer than {hidden} {many}"
        return _plural(int(value), one, many)  # type: ignore[arg-type]

    if source == "milestones":
        return f"{mentor}'s mentees reached {number(count, 'milestone', 'milestones')}."
    if source == "groups":
        return f"{mentor} facilitated {number(count, 'peer group session', 'peer group sessions')}."
    if source == "contacts":
        return (
            f"{mentor} made {number(count, 'contact', 'contacts')} with "
            f"{number(mentees, 'mentee', 'mentees')}."
        )
    if source == "outcome_gains":
        how_many = f"fewer than {hidden}" if count is None or pd.isna(count) else str(count)
        return f"{how_many} of {mentor}'s mentees improved on their latest assessment."
    months = 6 if source == "long_matches_6" else 12
    return f"{mentor}: {number(count, 'match', 'matches')} reached {months} months."


@one_connection
def suggested_agenda(
    engine: Engine, filters: Filters, site_id: int, month: dt.date
) -> pd.DataFrame:
    """Draft accomplishment lines for ``site_id``'s meeting in ``month``, one per mentor and
    source (see the module docstring), ordered by mentor name then SOURCES (never by size).

    Columns: mentor_id, mentor, source, count, mentees (contacts only), text. No rows when
    the site is out of scope. Counts of mentees are hidden below ``small_cell_min``.
    """
    if not filters.scope.allows_site(site_id) or (
        filters.site_ids and site_id not in filters.site_ids
    ):
        return typed_frame([], AGENDA_COLUMNS)
    first, last = month_start(month), month_end(month)
    statements = {
        "milestones": _milestones(site_id, first, last),
        "groups": _groups(site_id, first, last),
        "contacts": _contacts(site_id, first, last),
        "outcome_gains": _outcome_gains(site_id, first, last),
        "long_matches_6": _long_matches(site_id, first, 6),
        "long_matches_12": _long_matches(site_id, first, 12),
    }
    names = {
        mentor_id: name
        for mentor_id, name in fetch(
            engine, select(Mentor.id, Mentor.display_name).where(Mentor.site_id == site_id)
        )
    }
    rows = []
    for source, statement in statements.items():
        for mentor_id, count, mentees in fetch(engine, statement):
            if mentor_id in names and count:
                if filters.mentor_ids and mentor_id not in filters.mentor_ids:
                    continue
                rows.append((mentor_id, names[mentor_id], source, count, mentees, ""))
    order = {source: i for i, source in enumerate(SOURCES)}
    rows.sort(key=lambda r: (r[1], r[0], order[r[2]]))
    df = typed_frame(rows, AGENDA_COLUMNS)
    # Groups facilitated count sessions, not people; every other count is of mentees.
    mentee_counts = df["source"] != "groups"
    hidden = hide_small_counts(df, filters, ["count", "mentees"])
    df["count"] = hidden["count"].where(mentee_counts, df["count"])
    df["mentees"] = hidden["mentees"]
    threshold = filters.scope.small_cell_min
    df["text"] = [
        agenda_line(r.source, r.mentor, r.count, r.mentees, threshold)
        for r in df.itertuples(index=False)
    ]
    return df
