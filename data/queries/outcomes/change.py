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
from sqlalchemy import Engine, and_, case, func, select
from sqlalchemy.orm import aliased

from data.filters import Filters
from data.queries.outcomes._change_facts import ChangeSums, summarised_change_sums
from data.queries.outcomes._mentee_change import baseline_sums, change_counts
from data.queries.outcomes.instruments import (
    DEFAULT_INSTRUMENT,
    TOTAL,
    InstrumentInfo,
    instrument_info,
)
from data.queries.outcomes.intervals import DEFAULT_MIN_GROUP, Z_975, effective_min_group, sample_sd
from data.queries.plumbing.clauses import mentee_of_chosen_mentors
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import BOOL, FLOAT, INT_OR_NONE, TEXT, as_date, typed_frame
from data.queries.plumbing.sql import fetch
from data.schema import TOTAL_DOMAIN_ID, Assessment, AssessmentScore

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


@dataclass
class _Sums:
    """Per measure: mentees with change, sums of baseline and latest, and how many moved
    past the criterion up or down (direction applied)."""

    n: int = 0
    base: float = 0.0
    last: float = 0.0
    up: int = 0
    down: int = 0

    def add(self, n: object, base: object, last: object, up: object, down: object) -> None:
        self.n += int(n or 0)  # type: ignore[call-overload]
        self.base += float(base or 0)  # type: ignore[arg-type]
        self.last += float(last or 0)  # type: ignore[arg-type]
        self.up += int(up or 0)  # type: ignore[call-overload]
        self.down += int(down or 0)  # type: ignore[call-overload]


def _limits_by_domain(info: InstrumentInfo, limits: dict[str, float]) -> dict[int, float]:
    """``limits`` (points, by measure name) by domain id, as ``change_counts`` takes them."""
    ids = {name: domain_id for domain_id, name in _measure_names(info).items()}
    return {ids[name]: points for name, points in limits.items() if name in ids}


def _paired_sums(
    engine: Engine,
    filters: Filters,
    info: InstrumentInfo,
    limits: dict[str, float] | None = None,
) -> tuple[dict[str, _Sums], int]:
    """({measure: sums}, mentees with one assessment only) for the mentees counted, from the
    raw assessments: what ``change_counts`` answers when its table is exact.

    First and latest assessments are picked here from a light read of (id, mentee, day) of
    the instrument's assessments in scope up to the period's end, for the mentees assessed
    during the period (the only ones counted); the database then pairs their scores and adds
    them up, mentees in chunks (bounded IN lists), so no per-mentee rows travel. ``limits``
    (points, by measure) count reliable moves; without them ``up``/``down`` stay 0.
    """
    in_period = select(Assessment.mentee_id).where(
        Assessment.instrument_id == info.id,
        Assessment.assessed_on.between(filters.start, filters.end),
    )
    index = [
        (as_date(day), int(aid), int(mentee_id))
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
    firsts, lasts = _first_and_last(index, filters.end)  # type: ignore[arg-type]
    single, pairs = 0, []
    for m, last in lasts.items():
        if last[0] < filters.start:
            continue
        if last[0] == firsts[m][0]:
            single += 1
        else:
            pairs.append((firsts[m][1], last[1]))
    sums = {name: _Sums() for name in info.measures}
    limits = limits or {}
    sign = 1 if info.higher_is_better else -1
    names = {d.id: d.name for d in info.domains}
    for start in range(0, len(pairs), ID_CHUNK):
        chunk = pairs[start : start + ID_CHUNK]
        base_score = aliased(AssessmentScore, name="base_score")
        last_score = aliased(AssessmentScore, name="last_score")
        base_of = aliased(Assessment, name="base_of")
        last_of = aliased(Assessment, name="last_of")
        paired = (
            select(
                base_of.mentee_id.label("mentee_id"),
                base_score.domain_id.label("domain_id"),
                base_score.score.label("base"),
                last_score.score.label("last"),
            )
            .select_from(base_score)
            .join(base_of, base_of.id == base_score.assessment_id)
            .join(last_of, last_of.mentee_id == base_of.mentee_id)
            .join(
                last_score,
                and_(
                    last_score.assessment_id == last_of.id,
                    last_score.domain_id == base_score.domain_id,
                ),
            )
            .where(
                base_score.assessment_id.in_([f for f, _ in chunk]),
                last_of.id.in_([last for _, last in chunk]),
            )
            .subquery("paired")
        )
        p = paired.c
        diff = (p.last - p.base) * sign
        limit = case(
            *[(p.domain_id == d.id, limits.get(d.name, 0.0)) for d in info.domains],
            else_=0.0,
        )
        for domain_id, n, b, last, up, down in fetch(
            engine,
            select(
                p.domain_id,
                func.count(),
                func.sum(p.base),
                func.sum(p.last),
                func.sum(case((diff > limit, 1), else_=0)),
                func.sum(case((diff < -limit, 1), else_=0)),
            ).group_by(p.domain_id),
        ):
            if int(domain_id) in names:
                sums[names[int(domain_id)]].add(n, b, last, up, down)
        if info.has_total:
            totals = (
                select(p.mentee_id, func.sum(p.base).label("base"), func.sum(p.last).label("last"))
                .group_by(p.mentee_id)
                .having(func.count() == len(info.domains))
                .subquery("totals")
            )
            t = totals.c
            total_diff = (t.last - t.base) * sign
            total_limit = limits.get(TOTAL, 0.0)
            n, b, last, up, down = fetch(
                engine,
                select(
                    func.count(),
                    func.sum(t.base),
                    func.sum(t.last),
                    func.sum(case((total_diff > total_limit, 1), else_=0)),
                    func.sum(case((total_diff < -total_limit, 1), else_=0)),
                ),
            )[0]
            sums[TOTAL].add(n, b, last, up, down)
    return sums, single


@one_connection
def baseline_criteria(
    engine: Engine, filters: Filters, info: InstrumentInfo
) -> dict[str, Criterion]:
    """The reliable-change criterion of each measure (domains, and 'Total' when several).

    SD1 is the stated reference SD, else the sample SD of every mentee's first-assessment
    score on the measure at the sites in view (any date), aggregated in the database: from
    ``assessment_mentee_change`` when that is exact for the scope, else from the raw rows.
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
    total_sums = (0.0, 0.0, 0)
    summed = baseline_sums(engine, filters, info.id) if needs_domain_sd or needs_total_sd else None
    if summed is not None:
        total_sums = summed.pop(TOTAL_DOMAIN_ID, total_sums)
        by_domain = summed
    elif needs_domain_sd:
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
    if summed is None and needs_total_sd:
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


def _distance_frame(
    filters: Filters, info: InstrumentInfo, sums: dict[str, _Sums], threshold: int
) -> pd.DataFrame:
    rows = []
    for name in info.measures:
        cell = sums[name]
        shown = cell.n >= threshold and cell.n > 0
        b = cell.base / cell.n if shown else float("nan")
        last = cell.last / cell.n if shown else float("nan")
        rows.append((name, b, last, last - b, cell.n, shown))
    return hide_small_counts(typed_frame(rows, DISTANCE_COLUMNS), filters, ["n"])


def _change_frame(
    filters: Filters,
    info: InstrumentInfo,
    criteria: dict[str, Criterion],
    sums: dict[str, _Sums],
    single: int,
    threshold: int,
) -> pd.DataFrame:
    rows = []
    for name in info.measures:
        criterion = criteria[name]
        cell = sums[name]
        shown = cell.n >= threshold and not math.isnan(criterion.points)
        rows.append(
            (
                name,
                cell.up if shown else None,
                cell.n - cell.up - cell.down if shown else None,
                cell.down if shown else None,
                cell.n,
                single,
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


def _limits(criteria: dict[str, Criterion]) -> dict[str, float]:
    return {name: c.points for name, c in criteria.items() if not math.isnan(c.points)}


@one_connection
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
    summed = summarised_change_sums(engine, filters, info.id)
    if summed is not None:
        sums = _sums_of_summary(info, summed)
    else:
        counted = change_counts(engine, filters, info.id, info.higher_is_better, {})
        if counted is not None:
            sums = _sums_of_counts(info, *counted)
        else:
            sums, _ = _paired_sums(engine, filters, info)
    return _distance_frame(filters, info, sums, effective_min_group(filters, min_group))


def _measure_names(info: InstrumentInfo) -> dict[int, str]:
    """Each domain id's measure name (domain 0: the total, for instruments with several)."""
    names = {d.id: d.name for d in info.domains}
    if info.has_total:
        names[TOTAL_DOMAIN_ID] = TOTAL
    return names


def _sums_of_summary(info: InstrumentInfo, summed: ChangeSums) -> dict[str, _Sums]:
    """The summary's per-domain sums under the measures' names."""
    names = _measure_names(info)
    sums = {name: _Sums() for name in info.measures}
    for domain_id, (n, base, last) in summed.items():
        if domain_id in names:
            sums[names[domain_id]] = _Sums(n=n, base=base, last=last)
    return sums


def _sums_of_counts(
    info: InstrumentInfo, counts: dict[int, tuple[int, float, float, int, int]], _single: int
) -> dict[str, _Sums]:
    """The mentee table's per-domain counts (``change_counts``) under the measures' names."""
    names = _measure_names(info)
    sums = {name: _Sums() for name in info.measures}
    for domain_id, (n, base, last, up, down) in counts.items():
        if domain_id in names:
            sums[names[domain_id]] = _Sums(n=n, base=base, last=last, up=up, down=down)
    return sums


@one_connection
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
    return change_overview(engine, filters, instrument_code, min_group)[1]


@one_connection
def change_overview(
    engine: Engine,
    filters: Filters,
    instrument_code: str = DEFAULT_INSTRUMENT,
    min_group: int = DEFAULT_MIN_GROUP,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(distance_travelled, reliable_change) frames from one pairing of each mentee's first
    and latest assessment: what a page showing both should call (half the work)."""
    info = instrument_info(engine, instrument_code)
    if info is None:
        return typed_frame([], DISTANCE_COLUMNS), typed_frame([], CHANGE_COLUMNS)
    criteria = baseline_criteria(engine, filters, info)
    limits = _limits(criteria)
    counted = change_counts(
        engine, filters, info.id, info.higher_is_better, _limits_by_domain(info, limits)
    )
    if counted is not None:
        sums, single = _sums_of_counts(info, *counted), counted[1]
    else:
        sums, single = _paired_sums(engine, filters, info, limits)
    threshold = effective_min_group(filters, min_group)
    return (
        _distance_frame(filters, info, sums, threshold),
        _change_frame(filters, info, criteria, sums, single, threshold),
    )
