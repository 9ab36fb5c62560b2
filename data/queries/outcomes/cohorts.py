"""Trajectories by cohort: mean score by months since intake, for groups of mentees.

Groups are never mentors: by intake quarter, by site, or by the support style of the mentor
of the mentee's first match (mostly practical living skills vs mostly emotional support, from
every contact that mentor recorded). A style group drawn from fewer than
``MIN_MENTORS_PER_STYLE`` mentors is not shown: with one or two mentors in it, the "style"
would be a comparison between named people.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import CTE, Engine, Subquery, and_, case, func, literal, select

from data.filters import Filters
from data.queries.outcomes._intake import intake_day
from data.queries.outcomes.instruments import (
    DEFAULT_INSTRUMENT,
    TOTAL,
    InstrumentInfo,
    instrument_info,
)
from data.queries.outcomes.intervals import DEFAULT_MIN_GROUP, effective_min_group, mean_interval
from data.queries.plumbing.clauses import mentee_of_chosen_mentors
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.days import days_between
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import BOOL, FLOAT, INT, INT_OR_NONE, TEXT, typed_frame
from data.queries.plumbing.months import year_quarter_of
from data.queries.plumbing.sql import fetch
from data.schema import (
    Assessment,
    AssessmentScore,
    ContactSummaryMentorMonth,
    Match,
    Mentee,
    Site,
)

COHORT_GROUPINGS = ("quarter", "site", "style")
MIN_MENTORS_PER_STYLE = 3
PRACTICAL, EMOTIONAL = "Mostly practical support", "Mostly emotional support"
# (months since intake the point stands for, first day after its window): assessments within
# about six weeks of intake are the 0-month point, then 3, 6, 9 months, 12, 18, 24 and yearly.
BUCKETS: tuple[tuple[int, int], ...] = (
    (0, 45),
    (3, 136),
    (6, 226),
    (9, 316),
    (12, 456),
    (18, 636),
    (24, 911),
    (36, 1276),
    (48, 1641),
    (60, 2006),
)
EARLIEST_BASELINE_DAYS = -45
COHORT_COLUMNS = {
    "cohort": TEXT,
    "months": INT,
    "mean_score": FLOAT,
    "ci_low": FLOAT,
    "ci_high": FLOAT,
    "n_mentees": INT_OR_NONE,
    "shown": BOOL,
}


def mentor_styles() -> Subquery:
    """Per mentor: their style, from all their practical and emotional contacts (or NULL)."""
    summary = ContactSummaryMentorMonth
    practical = func.sum(
        case((summary.contact_type == "practical_living_skills", summary.contacts), else_=0)
    )
    emotional = func.sum(
        case((summary.contact_type == "emotional_support", summary.contacts), else_=0)
    )
    return (
        select(
            summary.mentor_id.label("mentor_id"),
            case(
                (and_(practical == 0, emotional == 0), None),
                (practical >= emotional, literal(PRACTICAL)),
                else_=literal(EMOTIONAL),
            ).label("style"),
        )
        .group_by(summary.mentor_id)
        .subquery("mentor_styles")
    )


def first_mentor() -> Subquery:
    """Per mentee: the mentor of their first match (the lowest mentor id on a tie)."""
    first_start = (
        select(Match.mentee_id, func.min(Match.start_date).label("day"))
        .group_by(Match.mentee_id)
        .subquery("first_start")
    )
    return (
        select(Match.mentee_id.label("mentee_id"), func.min(Match.mentor_id).label("mentor_id"))
        .join(
            first_start,
            and_(
                first_start.c.mentee_id == Match.mentee_id,
                first_start.c.day == Match.start_date,
            ),
        )
        .group_by(Match.mentee_id)
        .subquery("first_mentor")
    )


def _people(filters: Filters, grouping: str) -> CTE:
    """Mentees taken in during the period, in scope, with their intake and cohort key."""
    intake = intake_day()
    columns = [Mentee.id.label("mentee_id"), intake.label("intake")]
    statement = select(*columns)
    if grouping == "quarter":
        statement = statement.add_columns(year_quarter_of(intake).label("cohort"))
    elif grouping == "site":
        statement = statement.add_columns(Site.name.label("cohort")).join(
            Site, Site.id == Mentee.site_id
        )
    else:
        styles, firsts = mentor_styles(), first_mentor()
        statement = (
            statement.add_columns(styles.c.style.label("cohort"), firsts.c.mentor_id)
            .join(firsts, firsts.c.mentee_id == Mentee.id)
            .join(styles, styles.c.mentor_id == firsts.c.mentor_id)
        )
    # Materialised first: a few thousand intakes, which then pick their assessments by
    # index (left to itself, PostgreSQL probes every assessment's mentee instead).
    return (
        statement.where(
            filters.site_clause(Mentee.site_id),
            mentee_of_chosen_mentors(filters, Mentee.id),
            intake.between(filters.start, filters.end),
        )
        .cte("people")
        .prefix_with("MATERIALIZED")
    )


def _values(info: InstrumentInfo, measure: str, people: CTE, filters: Filters) -> Subquery:
    """Per assessment of the instrument by one of ``people`` up to the period's end: mentee,
    date and the measure's score (the people and the end narrow the rows before any sum)."""
    mine = and_(
        Assessment.instrument_id == info.id,
        Assessment.assessed_on <= filters.end,
        Assessment.mentee_id.in_(select(people.c.mentee_id)),
    )
    if measure == TOTAL:
        return (
            select(
                Assessment.mentee_id.label("mentee_id"),
                Assessment.assessed_on.label("day"),
                func.sum(AssessmentScore.score).label("value"),
            )
            .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
            .where(mine)
            .group_by(Assessment.id, Assessment.mentee_id, Assessment.assessed_on)
            .having(func.count() == len(info.domains))
            .subquery("values")
        )
    domain_id = next(d.id for d in info.domains if d.name == measure)
    return (
        select(
            Assessment.mentee_id.label("mentee_id"),
            Assessment.assessed_on.label("day"),
            AssessmentScore.score.label("value"),
        )
        .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
        .where(mine, AssessmentScore.domain_id == domain_id)
        .subquery("values")
    )


def _label(grouping: str, key: object) -> str:
    if grouping == "quarter":
        value = int(key)  # type: ignore[call-overload]
        return f"{value // 10} Q{value % 10}"
    return str(key)


@one_connection
def outcome_cohorts(
    engine: Engine,
    filters: Filters,
    instrument_code: str = DEFAULT_INSTRUMENT,
    measure: str | None = None,
    grouping: str = "quarter",
    min_group: int = DEFAULT_MIN_GROUP,
) -> pd.DataFrame:
    """Mean score on one measure by months since intake, per cohort of mentees.

    Mentees taken in during the period (in scope), with every assessment of theirs up to the
    period's end. ``measure`` is a domain name or 'Total' (default: the total, or the only
    domain); ``grouping`` is 'quarter' (intake quarter, '2026 Q1'), 'site' or 'style'.
    Columns: cohort, months (0, 3, 6, 9, 12, 18, 24, 36, ...), mean_score, ci_low, ci_high
    (95%, Student's t), n_mentees (<NA> when hidden from the scope), shown (False when fewer
    than ``min_group`` mentees, or a style group with fewer than three mentors). Ordered by
    cohort, then months. Unknown instruments, measures or groupings give an empty frame.
    """
    info = instrument_info(engine, instrument_code)
    if info is None or grouping not in COHORT_GROUPINGS:
        return typed_frame([], COHORT_COLUMNS)
    measure = measure or info.measures[-1]
    if measure not in info.measures:
        return typed_frame([], COHORT_COLUMNS)
    threshold = effective_min_group(filters, min_group)
    people = _people(filters, grouping)
    values = _values(info, measure, people, filters)
    days = days_between(values.c.day, people.c.intake)
    bucket = case(*[(days < upper, months) for months, upper in BUCKETS], else_=None).label(
        "bucket"
    )
    spread = (
        select(
            people.c.cohort,
            bucket,
            func.sum(values.c.value),
            func.sum(values.c.value * values.c.value),
            func.count(),
            func.count(func.distinct(people.c.mentee_id)),
        )
        .join(values, values.c.mentee_id == people.c.mentee_id)
        .where(
            people.c.cohort.is_not(None),
            days >= EARLIEST_BASELINE_DAYS,
            days < BUCKETS[-1][1],
            values.c.day <= filters.end,
        )
        .group_by(people.c.cohort, bucket)
    )
    mentors: dict[object, int] = {}
    if grouping == "style":
        mentors = {
            key: int(n)
            for key, n in fetch(
                engine,
                select(people.c.cohort, func.count(func.distinct(people.c.mentor_id))).group_by(
                    people.c.cohort
                ),
            )
        }
    rows = []
    for key, months, total, squares, scores, mentees in fetch(engine, spread):
        enough_mentors = grouping != "style" or mentors.get(key, 0) >= MIN_MENTORS_PER_STYLE
        shown = int(mentees) >= threshold and enough_mentors
        mean, low, high = mean_interval(float(total), float(squares), int(scores))
        if not shown:
            mean = low = high = float("nan")
        rows.append((_label(grouping, key), int(months), mean, low, high, int(mentees), shown))
    rows.sort(key=lambda r: (r[0], r[1]))
    return hide_small_counts(typed_frame(rows, COHORT_COLUMNS), filters, ["n_mentees"])
