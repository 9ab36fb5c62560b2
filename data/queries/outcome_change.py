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

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from data.filters import Filters
from data.queries._sql import (
    BOOL,
    FLOAT,
    INT_OR_NONE,
    TEXT,
    as_date,
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
ID_CHUNK = 5_000  # assessment ids per IN list (well under SQLite's bound-parameter limit)
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


@dataclass
class _Pairs:
    """Per mentee with change: baseline and latest score by domain id; and how many had one
    assessment only."""

    base: dict[int, dict[int, int]]
    last: dict[int, dict[int, int]]
    single: int

    def domain_pairs(self, domain_id: int) -> list[tuple[int, int]]:
        """(baseline, latest) of every mentee scored on the domain both times."""
        return [
            (scores[domain_id], self.last[m][domain_id])
            for m, scores in self.base.items()
            if domain_id in scores and domain_id in self.last.get(m, {})
        ]

    def total_pairs(self, info: InstrumentInfo) -> list[tuple[int, int]]:
        """(baseline total, latest total) of mentees scored on every domain both times."""
        ids = [d.id for d in info.domains]
        pairs = []
        for m, scores in self.base.items():
            last = self.last.get(m, {})
            if all(d in scores and d in last for d in ids):
                pairs.append((sum(scores[d] for d in ids), sum(last[d] for d in ids)))
        return pairs


def _assessment_index(
    engine: Engine, filters: Filters, info: InstrumentInfo
) -> list[tuple[dt.date, int, int]]:
    """(day, assessment id, mentee id) of the instrument's assessments in scope up to the
    period's end, for the mentees assessed during the period (the only ones counted)."""
    in_period = select(Assessment.mentee_id).where(
        Assessment.instrument_id == info.id,
        Assessment.assessed_on.between(filters.start, filters.end),
    )
    return [
        (as_date(day), int(aid), int(mentee_id))  # type: ignore[misc]
        for aid, mentee_id, day in fetch(
            engine,
            select(Assessment.id, Assessment.mentee_id, Assessment.assessed_on).where(
                Assessment.instrument_id == info.id,
                filters.site_clause(Assessment.site_id),
                mentee_of_chosen_mentors(filters, Assessment.mentee_id),
                Assessment.assessed_on <= filters.end,
                Assessment.mentee_id.in_(in_period),
            ),
        )
    ]


def _first_and_last(
    index: list[tuple[dt.date, int, int]], until: dt.date | None
) -> tuple[dict[int, tuple[dt.date, int]], dict[int, tuple[dt.date, int]]]:
    """Per mentee: (day, id) of their first and latest assessment up to ``until``.

    On a day with two assessments the later-entered one (highest id) counts.
    """
    firsts: dict[int, tuple[dt.date, int]] = {}
    lasts: dict[int, tuple[dt.date, int]] = {}
    for day, aid, m in index:
        if until is not None and day > until:
            continue
        first = firsts.get(m)
        if first is None or (day, -aid) < (first[0], -first[1]):
            firsts[m] = (day, aid)
        if m not in lasts or (day, aid) > lasts[m]:
            lasts[m] = (day, aid)
    return firsts, lasts


def _scores_of(engine: Engine, ids: list[int]) -> list[tuple[int, int, int]]:
    """(assessment id, domain id, score) of the given assessments, read in chunks."""
    rows: list[tuple[int, int, int]] = []
    ids = sorted(ids)
    for start in range(0, len(ids), ID_CHUNK):
        rows += [
            (int(a), int(d), int(sc))
            for a, d, sc in fetch(
                engine,
                select(
                    AssessmentScore.assessment_id,
                    AssessmentScore.domain_id,
                    AssessmentScore.score,
                ).where(AssessmentScore.assessment_id.in_(ids[start : start + ID_CHUNK])),
            )
        ]
    return rows


def _pairs(engine: Engine, filters: Filters, info: InstrumentInfo) -> _Pairs:
    """Baseline and latest scores of every mentee whose latest assessment is in the period.

    The instrument's assessments up to the end are read as (id, mentee, day), the first and
    latest of each mentee picked here, and only those assessments' scores fetched: two plain
    indexed reads, quicker on both backends than ranking every row in SQL.
    """
    firsts, lasts = _first_and_last(_assessment_index(engine, filters, info), filters.end)
    single = 0
    wanted: dict[int, tuple[int, bool]] = {}
    for m, last in lasts.items():
        if last[0] < filters.start:
            continue
        first = firsts[m]
        if last[0] == first[0]:
            single += 1
            continue
        wanted[first[1]] = (m, True)
        wanted[last[1]] = (m, False)
    base: dict[int, dict[int, int]] = {}
    latest: dict[int, dict[int, int]] = {}
    for aid, domain_id, score in _scores_of(engine, list(wanted)):
        m, is_first = wanted[aid]
        (base if is_first else latest).setdefault(m, {})[domain_id] = score
    return _Pairs(base, latest, single)


def baseline_criteria(
    engine: Engine, filters: Filters, info: InstrumentInfo
) -> dict[str, Criterion]:
    """The reliable-change criterion of each measure (domains, and 'Total' when several).

    SD1 is the stated reference SD, else the sample SD of every mentee's first-assessment
    score on the measure at the sites in view (any date), aggregated in the database.
    """
    first_day = (
        select(Assessment.mentee_id, func.min(Assessment.assessed_on).label("day"))
        .where(Assessment.instrument_id == info.id, filters.site_clause(Assessment.site_id))
        .group_by(Assessment.mentee_id)
        .subquery("first_day")
    )
    first = (
        select(func.max(Assessment.id).label("aid"))
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
    needs_domain_sd = any(d.reference_sd is None for d in info.domains)
    needs_total_sd = info.has_total and info.total_reference_sd is None
    by_domain: dict[int, tuple[float, float, int]] = {}
    if needs_domain_sd:
        by_domain = {
            int(domain_id): (float(s), float(sq), int(n))
            for domain_id, s, sq, n in fetch(
                engine,
                select(
                    AssessmentScore.domain_id,
                    func.sum(score),
                    func.sum(score * score),
                    func.count(),
                )
                .join(first, first.c.aid == AssessmentScore.assessment_id)
                .group_by(AssessmentScore.domain_id),
            )
        }
    total_sums = (0.0, 0.0, 0)
    if needs_total_sd:
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
                func.sum(totals.c.total), func.sum(totals.c.total * totals.c.total), func.count()
            ),
        )[0]
        total_sums = (float(s or 0), float(sq or 0), int(n or 0))

    def program_sd(sums: tuple[float, float, int]) -> float | None:
        sd = sample_sd(*sums)
        return None if math.isnan(sd) else sd

    criteria: dict[str, Criterion] = {}
    for domain in info.domains:
        if domain.reference_sd is not None:
            criteria[domain.name] = Criterion(domain.reliability, domain.reference_sd, PUBLISHED_SD)
        else:
            sd = program_sd(by_domain.get(domain.id, (0.0, 0.0, 0)))
            criteria[domain.name] = Criterion(domain.reliability, sd, PROGRAM_SD)
    if info.has_total:
        if info.total_reference_sd is not None:
            criteria[TOTAL] = Criterion(
                info.total_reliability, info.total_reference_sd, PUBLISHED_SD
            )
        else:
            criteria[TOTAL] = Criterion(info.total_reliability, program_sd(total_sums), PROGRAM_SD)
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
    pairs = _pairs(engine, filters, info)
    measures = [(d.name, pairs.domain_pairs(d.id)) for d in info.domains]
    if info.has_total:
        measures.append((TOTAL, pairs.total_pairs(info)))
    rows = []
    for name, values in measures:
        n = len(values)
        b = sum(v[0] for v in values) / n if n else float("nan")
        last = sum(v[1] for v in values) / n if n else float("nan")
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
    pairs = _pairs(engine, filters, info)
    sign = 1 if info.higher_is_better else -1
    measures = [(d.name, pairs.domain_pairs(d.id)) for d in info.domains]
    if info.has_total:
        measures.append((TOTAL, pairs.total_pairs(info)))
    rows = []
    for name, values in measures:
        criterion = criteria[name]
        limit = criterion.points
        n = len(values)
        shown = n >= threshold and not math.isnan(limit)
        changes = [sign * (latest - baseline) for baseline, latest in values]
        up = sum(1 for c in changes if c > limit)
        down = sum(1 for c in changes if c < -limit)
        rows.append(
            (
                name,
                up if shown else None,
                n - up - down if shown else None,
                down if shown else None,
                n,
                pairs.single,
                criterion.reliability,
                criterion.reference_sd,
                criterion.sd_source,
                limit,
                shown,
            )
        )
    df = typed_frame(rows, CHANGE_COLUMNS)
    return hide_small_counts(
        df, filters, ["improved", "no_change", "declined", "n", "single_assessment"]
    )
