"""One mentee's own outcome chart: who they are, their scores, milestones and events.

Only for a scope that may see identities (supervisors and admins), and only for a mentee at
one of the scope's sites: otherwise every function returns an empty frame, and the page says
"no such mentee at your sites" (the same words for both, so an id outside the scope reveals
nothing). Meeting mode never calls these.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, and_, select

from data.filters import Filters
from data.queries._connection import one_connection
from data.queries._sql import BOOL, DATE, INT, TEXT, fetch, typed_frame
from data.schema import (
    Assessment,
    AssessmentScore,
    Goal,
    Instrument,
    InstrumentDomain,
    Mentee,
    MenteeEvent,
    Site,
)

MAX_MENTEE_ID = 2**31 - 1
PROFILE_COLUMNS = {
    "mentee_id": INT,
    "mentee_code": TEXT,
    "mentee_name": TEXT,
    "site": TEXT,
    "status": TEXT,
    "intake_date": DATE,
    "exit_date": DATE,
}
SCORE_COLUMNS = {
    "instrument_code": TEXT,
    "instrument": TEXT,
    "higher_is_better": BOOL,
    "domain": TEXT,
    "position": INT,
    "min_score": INT,
    "max_score": INT,
    "assessed_on": DATE,
    "score": INT,
}
GOAL_COLUMNS = {"category": TEXT, "description": TEXT, "set_date": DATE, "achieved_date": DATE}
MENTEE_EVENT_COLUMNS = {"event_date": DATE, "kind": TEXT}


def _visible(filters: Filters, mentee_id: object) -> int | None:
    """The mentee id when the scope may see identities and it is a sane id; else None."""
    if not filters.scope.see_identities or isinstance(mentee_id, bool):
        return None
    if not isinstance(mentee_id, int) or not 0 < mentee_id <= MAX_MENTEE_ID:
        return None
    return mentee_id


def _in_scope(filters: Filters, mentee_id: int):  # type: ignore[no-untyped-def]
    return and_(Mentee.id == mentee_id, filters.site_clause(Mentee.site_id))


@one_connection
def mentee_profile(engine: Engine, filters: Filters, mentee_id: int) -> pd.DataFrame:
    """The mentee's code, name, site, status, intake and exit dates; empty when out of scope."""
    mentee = _visible(filters, mentee_id)
    if mentee is None:
        return typed_frame([], PROFILE_COLUMNS)
    rows = fetch(
        engine,
        select(
            Mentee.id,
            Mentee.code,
            Mentee.display_name,
            Site.name,
            Mentee.status,
            Mentee.intake_date,
            Mentee.exit_date,
        )
        .join(Site, Site.id == Mentee.site_id)
        .where(_in_scope(filters, mentee)),
    )
    return typed_frame(rows, PROFILE_COLUMNS)


@one_connection
def mentee_scores(engine: Engine, filters: Filters, mentee_id: int) -> pd.DataFrame:
    """Every domain score of every assessment of the mentee, oldest first (whole history)."""
    mentee = _visible(filters, mentee_id)
    if mentee is None:
        return typed_frame([], SCORE_COLUMNS)
    rows = fetch(
        engine,
        select(
            Instrument.code,
            Instrument.name,
            Instrument.higher_is_better,
            InstrumentDomain.name,
            InstrumentDomain.position,
            InstrumentDomain.min_score,
            InstrumentDomain.max_score,
            Assessment.assessed_on,
            AssessmentScore.score,
        )
        .join(Mentee, Mentee.id == Assessment.mentee_id)
        .join(Instrument, Instrument.id == Assessment.instrument_id)
        .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
        .join(InstrumentDomain, InstrumentDomain.id == AssessmentScore.domain_id)
        .where(_in_scope(filters, mentee), filters.site_clause(Assessment.site_id))
        .order_by(Instrument.name, Assessment.assessed_on, Assessment.id, InstrumentDomain.position)
        .limit(20_000),
    )
    return typed_frame(rows, SCORE_COLUMNS)


@one_connection
def mentee_milestones(engine: Engine, filters: Filters, mentee_id: int) -> pd.DataFrame:
    """The mentee's goals (a milestone once achieved), by the date they were set."""
    mentee = _visible(filters, mentee_id)
    if mentee is None:
        return typed_frame([], GOAL_COLUMNS)
    rows = fetch(
        engine,
        select(Goal.category, Goal.description, Goal.set_date, Goal.achieved_date)
        .join(Mentee, Mentee.id == Goal.mentee_id)
        .where(_in_scope(filters, mentee))
        .order_by(Goal.set_date, Goal.id)
        .limit(1000),
    )
    return typed_frame(rows, GOAL_COLUMNS)


@one_connection
def mentee_events(engine: Engine, filters: Filters, mentee_id: int) -> pd.DataFrame:
    """The mentee's events (crisis episodes, admissions, relapses), oldest first."""
    mentee = _visible(filters, mentee_id)
    if mentee is None:
        return typed_frame([], MENTEE_EVENT_COLUMNS)
    rows = fetch(
        engine,
        select(MenteeEvent.event_date, MenteeEvent.kind)
        .join(Mentee, Mentee.id == MenteeEvent.mentee_id)
        .where(_in_scope(filters, mentee))
        .order_by(MenteeEvent.event_date, MenteeEvent.id)
        .limit(1000),
    )
    return typed_frame(rows, MENTEE_EVENT_COLUMNS)
