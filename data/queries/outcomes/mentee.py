"""One mentee's own outcome chart: who they are, their scores, which domains changed by more
than chance, milestones and events.

Only for a scope that may see identities (supervisors and admins), and only for a mentee at
one of the scope's sites: otherwise every function returns an empty frame, and the page says
"no such mentee at your sites" (the same words for both, so an id outside the scope reveals
nothing). Meeting mode never calls these.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Select, and_, select

from data.filters import Filters
from data.queries.outcomes.change import _first_and_last, baseline_criteria, classify
from data.queries.outcomes.instruments import TOTAL, InstrumentInfo, instrument_info
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.frames import BOOL, DATE, FLOAT, INT, TEXT, as_date, typed_frame
from data.queries.plumbing.sql import fetch
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
CHANGE_COLUMNS = {
    "domain": TEXT,
    "position": INT,
    "is_total": BOOL,
    "baseline_on": DATE,
    "latest_on": DATE,
    "baseline": FLOAT,
    "latest": FLOAT,
    "criterion": FLOAT,
    "result": TEXT,
}
NOT_JUDGED = "not judged"
GOAL_COLUMNS = {"category": TEXT, "description": TEXT, "set_date": DATE, "achieved_date": DATE}
MENTEE_EVENT_COLUMNS = {"event_date": DATE, "kind": TEXT}


def _visible(filters: Filters, mentee_id: object) -> int | None:
    """The mentee id when the scope may see identities and it is a sane id; else None."""
    if not filters.scope.see_identities or isinstance(mentee_id, bool):
        return None
    if not isinstance(mentee_id, int) or not 0 < mentee_id <= MAX_MENTEE_ID:
        return None
    return mentee_id


def _in_scope(filters: Filters, mentee_id: int) -> ColumnElement[bool]:
    return and_(Mentee.id == mentee_id, filters.site_clause(Mentee.site_id))


def _of_mentee(
    engine: Engine,
    filters: Filters,
    mentee_id: object,
    columns: dict[str, str],
    statement: Callable[[Filters, int], Select],
) -> pd.DataFrame:
    """The rows ``statement`` selects for a mentee the scope may see, as a frame of
    ``columns``; an empty frame for any other id (the same for one out of scope)."""
    mentee = _visible(filters, mentee_id)
    if mentee is None:
        return typed_frame([], columns)
    return typed_frame(fetch(engine, statement(filters, mentee)), columns)


def _profile(filters: Filters, mentee: int) -> Select:
    return (
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
        .where(_in_scope(filters, mentee))
    )


def _scores(filters: Filters, mentee: int) -> Select:
    return (
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
        .limit(20_000)
    )


def _history(table: Any, day: Any, *columns: Any) -> Callable[[Filters, int], Select]:
    """The statement of ``columns`` of the mentee's rows of ``table`` (goals, events), by
    ``day`` then id, at most a thousand, for ``_of_mentee``."""

    def statement(filters: Filters, mentee: int) -> Select:
        return (
            select(*columns)
            .join(Mentee, Mentee.id == table.mentee_id)
            .where(_in_scope(filters, mentee))
            .order_by(day, table.id)
            .limit(1000)
        )

    return statement


_goals = _history(
    Goal, Goal.set_date, Goal.category, Goal.description, Goal.set_date, Goal.achieved_date
)
_events = _history(MenteeEvent, MenteeEvent.event_date, MenteeEvent.event_date, MenteeEvent.kind)


@one_connection
def mentee_profile(engine: Engine, filters: Filters, mentee_id: int) -> pd.DataFrame:
    """The mentee's code, name, site, status, intake and exit dates; empty when out of scope."""
    return _of_mentee(engine, filters, mentee_id, PROFILE_COLUMNS, _profile)


@one_connection
def mentee_scores(engine: Engine, filters: Filters, mentee_id: int) -> pd.DataFrame:
    """Every domain score of every assessment of the mentee, oldest first (whole history)."""
    return _of_mentee(engine, filters, mentee_id, SCORE_COLUMNS, _scores)


@one_connection
def mentee_milestones(engine: Engine, filters: Filters, mentee_id: int) -> pd.DataFrame:
    """The mentee's goals (a milestone once achieved), by the date they were set."""
    return _of_mentee(engine, filters, mentee_id, GOAL_COLUMNS, _goals)


@one_connection
def mentee_events(engine: Engine, filters: Filters, mentee_id: int) -> pd.DataFrame:
    """The mentee's events (crisis episodes, admissions, relapses), oldest first."""
    return _of_mentee(engine, filters, mentee_id, MENTEE_EVENT_COLUMNS, _events)


def _first_and_latest_ids(
    engine: Engine, filters: Filters, mentee: int, info: InstrumentInfo
) -> tuple[tuple[dt.date, int], tuple[dt.date, int]] | None:
    """((day, id), (day, id)) of the mentee's first and latest assessment of the instrument,
    paired as the Outcomes page pairs them; None with fewer than two assessment days."""
    index = [
        (as_date(day), int(aid), mentee)
        for aid, day in fetch(
            engine,
            select(Assessment.id, Assessment.assessed_on)
            .join(Mentee, Mentee.id == Assessment.mentee_id)
            .where(
                _in_scope(filters, mentee),
                filters.site_clause(Assessment.site_id),
                Assessment.instrument_id == info.id,
            ),
        )
    ]
    firsts, lasts = _first_and_last(index, None)  # type: ignore[arg-type]
    if mentee not in lasts or firsts[mentee][0] == lasts[mentee][0]:
        return None  # one assessment day is not a change (as on the Outcomes page)
    return firsts[mentee], lasts[mentee]


@one_connection
def mentee_reliable_change(
    engine: Engine, filters: Filters, mentee_id: int, instrument_code: str
) -> pd.DataFrame:
    """Which measures the mentee changed on by more than chance, first against latest
    assessment of one instrument: the Outcomes page's reliable change, for one person.

    The same pairing (first assessment, on its day the later-entered one, against the
    latest), the same criterion (``baseline_criteria``: the measure's reliability and the
    stated or the program's baseline SD at the scope's sites) and the same test
    (``classify``: |RCI| > 1.96, in the instrument's direction) as the Outcomes page, so
    "better" means the same on both pages.

    Columns: domain (each domain, then 'Total' for instruments with several, when both
    assessments score every domain), position, is_total, baseline_on, latest_on, baseline,
    latest (scores), criterion (the smallest reliable change in points; NaN when none can be
    worked out), result ('improved', 'no reliable change', 'declined', or 'not judged' when
    the measure has no reliability or no spread of baseline scores to judge by). Empty when
    the mentee is out of scope, the scope may not see identities, the instrument does not
    exist, or the mentee has fewer than two assessment days with it.
    """
    mentee = _visible(filters, mentee_id)
    info = instrument_info(engine, instrument_code) if mentee is not None else None
    if mentee is None or info is None:
        return typed_frame([], CHANGE_COLUMNS)
    pair = _first_and_latest_ids(engine, filters, mentee, info)
    if pair is None:
        return typed_frame([], CHANGE_COLUMNS)
    (first_on, first_id), (latest_on, latest_id) = pair
    scores: dict[int, dict[int, int]] = {first_id: {}, latest_id: {}}
    for aid, domain_id, score in fetch(
        engine,
        select(AssessmentScore.assessment_id, AssessmentScore.domain_id, AssessmentScore.score)
        .where(AssessmentScore.assessment_id.in_([first_id, latest_id])),
    ):  # fmt: skip
        scores[int(aid)][int(domain_id)] = int(score)
    criteria = baseline_criteria(engine, filters, info)
    base, last = scores[first_id], scores[latest_id]
    measures = [(d.name, d.position, False, base.get(d.id), last.get(d.id)) for d in info.domains]
    every = all(d.id in base and d.id in last for d in info.domains)
    if info.has_total and every:
        measures.append(
            (TOTAL, len(info.domains) + 1, True,
             sum(base[d.id] for d in info.domains), sum(last[d.id] for d in info.domains))
        )  # fmt: skip
    rows = []
    for name, position, is_total, b, latest in measures:
        if b is None or latest is None:
            continue
        criterion = criteria[name]
        sd, reliability = criterion.reference_sd, criterion.reliability
        if math.isnan(criterion.points) or sd is None or reliability is None:
            result = NOT_JUDGED
        else:
            result = classify(b, latest, sd, reliability, info.higher_is_better)
        rows.append(
            (name, position, is_total, first_on, latest_on, b, latest, criterion.points, result)
        )
    return typed_frame(rows, CHANGE_COLUMNS)
