"""Distance travelled and reliable change: each mentee's first against latest assessment.

Who counts: mentees in scope whose latest assessment of the instrument, up to the period's
end, falls inside the period. Their *baseline* is their first assessment of the instrument
(whenever it was), their *latest* the last one up to the end. Mentees whose only assessment
is that one are counted (``single_assessment``) but not used for change.

Reliable change follows Jacobson and Truax (1991): RCI = (latest - baseline) / S_diff with
S_diff = √2 · SD1 · √(1 - r), where r is the reliability stored with the domain (or the
instrument's total) and SD1 the domain's reference SD when the instrument states one, else
the SD of *baseline* scores of every mentee with that instrument at the sites in view (all
dates; the scope's sites only, so no other site's data shapes what a person sees). |RCI| > 1.96 is a
reliable change, signed by the instrument's direction (lower is better reverses it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, Subquery, and_, case, func, literal, select
from sqlalchemy.orm import aliased

from data.filters import Filters
from data.queries._sql import (
    BOOL,
    FLOAT,
    INT_OR_NONE,
    TEXT,
    fetch,
    hide_small_counts,
    mentee_of_chosen_mentors,
    typed_frame,
)
from data.queries.outcome_common import (
    DEFAULT_INSTRUMENT,
    DEFAULT_MIN_GROUP,
    TOTAL,
    Z_975,
    InstrumentInfo,
    effective_min_group,
    instrument_info,
    sample_sd,
)
from data.schema import Assessment, AssessmentScore

DISTANCE_COLUMNS = {
    "domain": TEXT,
    "baseline_mean": FLOAT,
    "latest_mean": FLOAT,
    "change": FLOAT,
    "n": INT_OR_NONE,
    "shown": BOOL,
}
CHANGE_COLUMNS = {
    "domain": TEXT,
    "improved": INT_OR_NONE,
    "no_change": INT_OR_NONE,
    "declined": INT_OR_NONE,
    "n": INT_OR_NONE,
    "single_assessment": INT_OR_NONE,
    "reliability": FLOAT,
    "reference_sd": FLOAT,
    "sd_source": TEXT,
    "criterion": FLOAT,
    "shown": BOOL,
}
PUBLISHED_SD = "stated with the instrument"
PROGRAM_SD = "program baseline SD"


@dataclass(frozen=True)
class Criterion:
    """What a reliable change takes on one measure."""

    reliability: float | None
    reference_sd: float | None
    sd_source: str

    @property
    def points(self) -> float:
        """1.96 · S_diff: the smallest change, in score points, that counts as reliable."""
        if self.reliability is None or self.reference_sd is None or self.reference_sd <= 0:
            return float("nan")
        return Z_975 * math.sqrt(2.0) * self.reference_sd * math.sqrt(1.0 - self.reliability)


def rci(baseline: float, latest: float, reference_sd: float, reliability: float) -> float:
    """The Jacobson-Truax reliable change index of one mentee's change on one measure."""
    s_diff = math.sqrt(2.0) * reference_sd * math.sqrt(1.0 - reliability)
    return (latest - baseline) / s_diff


def classify(
    baseline: float, latest: float, reference_sd: float, reliability: float, higher_is_better: bool
) -> str:
    """'improved', 'no reliable change' or 'declined' (|RCI| > 1.96, signed by direction)."""
    index = rci(baseline, latest, reference_sd, reliability)
    if not higher_is_better:
        index = -index
    if index > Z_975:
        return "improved"
    if index < -Z_975:
        return "declined"
    return "no reliable change"


def _mentee_spans(filters: Filters, info: InstrumentInfo) -> Subquery:
    """Per mentee in scope: first and last assessment day up to the end (last in period)."""
    return (
        select(
            Assessment.mentee_id.label("mentee_id"),
            func.min(Assessment.assessed_on).label("first_day"),
            func.max(Assessment.assessed_on).label("last_day"),
        )
        .where(
            Assessment.instrument_id == info.id,
            filters.site_clause(Assessment.site_id),
            mentee_of_chosen_mentors(filters, Assessment.mentee_id),
            Assessment.assessed_on <= filters.end,
        )
        .group_by(Assessment.mentee_id)
        .having(func.max(Assessment.assessed_on) >= filters.start)
        .subquery("spans")
    )


def _assessment_on(info: InstrumentInfo, spans: Subquery, day_column: str, name: str) -> Subquery:
    """Per mentee: the id of their assessment on ``spans.<day_column>`` (highest id on ties)."""
    return (
        select(Assessment.mentee_id.label("mentee_id"), func.max(Assessment.id).label("aid"))
        .join(
            spans,
            and_(
                spans.c.mentee_id == Assessment.mentee_id,
                spans.c[day_column] == Assessment.assessed_on,
            ),
        )
        .where(Assessment.instrument_id == info.id)
        .group_by(Assessment.mentee_id)
        .subquery(name)
    )


def _pairs(filters: Filters, info: InstrumentInfo) -> tuple[Subquery, Subquery]:
    """(pairs, spans): per mentee with change and domain, baseline and latest score."""
    spans = _mentee_spans(filters, info)
    first = _assessment_on(info, spans, "first_day", "first_assessment")
    last = _assessment_on(info, spans, "last_day", "last_assessment")
    base_score = aliased(AssessmentScore, name="base_score")
    last_score = aliased(AssessmentScore, name="last_score")
    pairs = (
        select(
            spans.c.mentee_id,
            base_score.domain_id.label("domain_id"),
            base_score.score.label("base"),
            last_score.score.label("last"),
        )
        .select_from(spans)
        .join(first, first.c.mentee_id == spans.c.mentee_id)
        .join(last, last.c.mentee_id == spans.c.mentee_id)
        .join(base_score, base_score.assessment_id == first.c.aid)
        .join(
            last_score,
            and_(
                last_score.assessment_id == last.c.aid,
                last_score.domain_id == base_score.domain_id,
            ),
        )
        .where(spans.c.last_day > spans.c.first_day)
        .subquery("pairs")
    )
    return pairs, spans


def _totals(pairs: Subquery, info: InstrumentInfo) -> Subquery:
    """Per mentee: baseline and latest totals, when both assessments scored every domain."""
    return (
        select(
            pairs.c.mentee_id,
            func.sum(pairs.c.base).label("base"),
            func.sum(pairs.c.last).label("last"),
        )
        .group_by(pairs.c.mentee_id)
        .having(func.count() == len(info.domains))
        .subquery("totals")
    )


def baseline_criteria(
    engine: Engine, filters: Filters, info: InstrumentInfo
) -> dict[str, Criterion]:
    """The reliable-change criterion of each measure (domains, and 'Total' when several).

    SD1 is the stated reference SD, else the sample SD of every mentee's first-assessment
    score on the measure at the sites in view (any date).
    """
    first_day = (
        select(Assessment.mentee_id, func.min(Assessment.assessed_on).label("day"))
        .where(Assessment.instrument_id == info.id, filters.site_clause(Assessment.site_id))
        .group_by(Assessment.mentee_id)
        .subquery("first_day")
    )
    first = (
        select(Assessment.mentee_id, func.max(Assessment.id).label("aid"))
        .join(
            first_day,
            and_(
                first_day.c.mentee_id == Assessment.mentee_id,
                first_day.c.day == Assessment.assessed_on,
            ),
        )
        .where(Assessment.instrument_id == info.id)
        .group_by(Assessment.mentee_id)
        .subquery("first")
    )
    score = AssessmentScore.score
    by_domain = {
        domain_id: (float(s), float(sq), int(n))
        for domain_id, s, sq, n in fetch(
            engine,
            select(
                AssessmentScore.domain_id, func.sum(score), func.sum(score * score), func.count()
            )
            .join(first, first.c.aid == AssessmentScore.assessment_id)
            .group_by(AssessmentScore.domain_id),
        )
    }
    criteria: dict[str, Criterion] = {}
    for domain in info.domains:
        sd = domain.reference_sd
        source = PUBLISHED_SD
        if sd is None:
            sd = sample_sd(*by_domain.get(domain.id, (0.0, 0.0, 0)))
            sd = None if math.isnan(sd) else sd
            source = PROGRAM_SD
        criteria[domain.name] = Criterion(domain.reliability, sd, source)
    if info.has_total:
        sd = info.total_reference_sd
        source = PUBLISHED_SD
        if sd is None:
            totals = (
                select(func.sum(score).label("total"))
                .select_from(AssessmentScore)
                .join(first, first.c.aid == AssessmentScore.assessment_id)
                .group_by(AssessmentScore.assessment_id)
                .having(func.count() == len(info.domains))
                .subquery("first_totals")
            )
            s, sq, n = fetch(
                engine,
                select(
                    func.sum(totals.c.total),
                    func.sum(totals.c.total * totals.c.total),
                    func.count(),
                ),
            )[0]
            sd = sample_sd(float(s or 0), float(sq or 0), int(n or 0))
            sd = None if math.isnan(sd) else sd
            source = PROGRAM_SD
        criteria[TOTAL] = Criterion(info.total_reliability, sd, source)
    return criteria


def distance_travelled(
    engine: Engine,
    filters: Filters,
    instrument_code: str = DEFAULT_INSTRUMENT,
    min_group: int = DEFAULT_MIN_GROUP,
) -> pd.DataFrame:
    """How far mentees moved on each measure between their baseline and latest assessment.

    Columns: domain (each domain, then 'Total' for instruments with several), baseline_mean,
    latest_mean, change (latest - baseline, in the instrument's units; for a lower-is-better
    instrument a fall is good), n (mentees with both; <NA> when hidden from the scope),
    shown (False when n is below ``min_group``: means are then NaN). Ordered as the
    instrument lists its domains.
    """
    info = instrument_info(engine, instrument_code)
    if info is None:
        return typed_frame([], DISTANCE_COLUMNS)
    threshold = effective_min_group(filters, min_group)
    pairs, _ = _pairs(filters, info)
    found = {
        domain_id: (float(b), float(last), int(n))
        for domain_id, b, last, n in fetch(
            engine,
            select(
                pairs.c.domain_id, func.avg(pairs.c.base), func.avg(pairs.c.last), func.count()
            ).group_by(pairs.c.domain_id),
        )
    }
    measures = [(d.name, found.get(d.id)) for d in info.domains]
    if info.has_total:
        totals = _totals(pairs, info)
        b, last, n = fetch(
            engine, select(func.avg(totals.c.base), func.avg(totals.c.last), func.count())
        )[0]
        measures.append((TOTAL, (float(b), float(last), int(n)) if n else None))
    rows = []
    for name, values in measures:
        b, last, n = values if values else (float("nan"), float("nan"), 0)
        shown = n >= threshold
        if not shown:
            b = last = float("nan")
        rows.append((name, b, last, last - b, n, shown))
    df = typed_frame(rows, DISTANCE_COLUMNS)
    return hide_small_counts(df, filters, ["n"])


def reliable_change(
    engine: Engine,
    filters: Filters,
    instrument_code: str = DEFAULT_INSTRUMENT,
    min_group: int = DEFAULT_MIN_GROUP,
) -> pd.DataFrame:
    """How many mentees changed reliably on each measure: improved, no reliable change,
    declined (Jacobson-Truax, |RCI| > 1.96, direction respected).

    Columns: domain, improved, no_change, declined, n (mentees with two assessments),
    single_assessment (mentees counted but with one assessment only), reliability,
    reference_sd, sd_source ('stated with the instrument' or 'program baseline SD'),
    criterion (the smallest reliable change in points), shown (False when n is below
    ``min_group`` or no criterion exists: the class counts are then <NA>). Counts below the
    scope's small-cell minimum are <NA>.
    """
    info = instrument_info(engine, instrument_code)
    if info is None:
        return typed_frame([], CHANGE_COLUMNS)
    threshold = effective_min_group(filters, min_group)
    criteria = baseline_criteria(engine, filters, info)
    pairs, spans = _pairs(filters, info)
    single = fetch(
        engine,
        select(func.count()).select_from(spans).where(spans.c.last_day == spans.c.first_day),
    )[0][0]
    sign = 1 if info.higher_is_better else -1
    diff = (pairs.c.last - pairs.c.base) * sign
    points = {d.id: criteria[d.name].points for d in info.domains}
    limit = case(
        *[
            (pairs.c.domain_id == d, literal(p if not math.isnan(p) else 0.0))
            for d, p in points.items()
        ],
        else_=literal(0.0),
    )
    counts = {
        domain_id: (int(up or 0), int(down or 0), int(n))
        for domain_id, up, down, n in fetch(
            engine,
            select(
                pairs.c.domain_id,
                func.sum(case((diff > limit, 1), else_=0)),
                func.sum(case((diff < -limit, 1), else_=0)),
                func.count(),
            ).group_by(pairs.c.domain_id),
        )
    }
    measures = [(d.name, counts.get(d.id, (0, 0, 0))) for d in info.domains]
    if info.has_total:
        totals = _totals(pairs, info)
        total_points = criteria[TOTAL].points
        total_diff = (totals.c.last - totals.c.base) * sign
        total_limit = literal(0.0 if math.isnan(total_points) else total_points)
        up, down, n = fetch(
            engine,
            select(
                func.sum(case((total_diff > total_limit, 1), else_=0)),
                func.sum(case((total_diff < -total_limit, 1), else_=0)),
                func.count(),
            ),
        )[0]
        measures.append((TOTAL, (int(up or 0), int(down or 0), int(n))))
    rows = []
    for name, (up, down, n) in measures:
        criterion = criteria[name]
        shown = n >= threshold and not math.isnan(criterion.points)
        same = n - up - down
        rows.append(
            (
                name,
                up if shown else None,
                same if shown else None,
                down if shown else None,
                n,
                int(single),
                criterion.reliability,
                criterion.reference_sd,
                criterion.sd_source,
                criterion.points,
                shown,
            )
        )
    df = typed_frame(rows, CHANGE_COLUMNS)
    return hide_small_counts(
        df, filters, ["improved", "no_change", "declined", "n", "single_assessment"]
    )
