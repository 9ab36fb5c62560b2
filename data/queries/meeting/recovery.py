"""Recovery for the shared screen: the program's average score quarter by quarter, and the
distance travelled from baseline, each over the year to the month reviewed."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from sqlalchemy import Engine, func, select

from data.filters import Filters
from data.queries.meeting.scope import require_meeting_scope
from data.queries.outcomes.change import DISTANCE_COLUMNS as OUTCOMES_DISTANCE_COLUMNS
from data.queries.outcomes.change import distance_travelled
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import DATE, FLOAT, INT, typed_frame
from data.queries.plumbing.months import (
    add_months,
    date_of_year_quarter,
    quarter_start,
    split_quarters,
    year_quarter_of,
)
from data.queries.plumbing.sql import fetch
from data.schema import (
    Assessment,
    AssessmentScore,
    AssessmentSummarySiteQuarter,
    Instrument,
    InstrumentDomain,
)

ROOM_INSTRUMENT = "recovery_ladder"
TREND_COLUMNS = {"quarter": DATE, "mean_score": FLOAT, "n_mentees": INT}
# The Outcomes page's distance travelled without ``shown``: the room's means are NaN instead.
DISTANCE_COLUMNS = {k: kind for k, kind in OUTCOMES_DISTANCE_COLUMNS.items() if k != "shown"}


def _hide_small_means(df: pd.DataFrame, filters: Filters, n: str, means: list[str]) -> pd.DataFrame:
    df = hide_small_counts(df, filters, [n])
    for column in means:
        df[column] = df[column].where(df[n].notna())
    return df


@one_connection
def outcomes_for_room(
    engine: Engine, filters: Filters, instrument_code: str = ROOM_INSTRUMENT
) -> pd.DataFrame:
    """The program's average score on one instrument per quarter, over the year to the end.

    The average is over every domain score of the quarter's assessments (the instrument's
    units); whole quarters come from the quarterly summary, the quarter in progress from the
    scores themselves. n_mentees is the most mentees behind any one domain (each assessment
    scores every domain, so it is the mentees assessed). Columns: quarter (first day),
    mean_score, n_mentees; a quarter with fewer mentees than the threshold has mean_score
    NaN and n_mentees <NA>. Quarters without assessments are absent.
    """
    require_meeting_scope(filters)
    start = quarter_start(add_months(filters.start, -11))
    split = split_quarters(start, filters.end)
    instrument = select(Instrument.id).where(Instrument.code == instrument_code).scalar_subquery()
    totals: dict[int, list[float]] = {}
    parts = []
    if split.whole_months:
        # Whole quarters from the quarterly summary; real domains only (not a 'Total' row).
        q = AssessmentSummarySiteQuarter
        per_domain = (
            select(
                q.year_quarter.label("bucket"),
                q.domain_id,
                func.sum(q.score_total).label("total"),
                func.sum(q.scores).label("scores"),
                func.sum(q.mentees).label("mentees"),
            )
            .join(InstrumentDomain, InstrumentDomain.id == q.domain_id)
            .where(
                q.instrument_id == instrument,
                InstrumentDomain.instrument_id == instrument,
                q.year_quarter.between(*split.whole_months),
                filters.site_clause(q.site_id),
            )
            .group_by(q.year_quarter, q.domain_id)
            .subquery("per_domain")
        )
        c = per_domain.c
        parts.append(
            select(c.bucket, func.sum(c.total), func.sum(c.scores), func.max(c.mentees)).group_by(
                c.bucket
            )
        )
    quarter = year_quarter_of(Assessment.assessed_on)
    for first, last in split.edges:
        parts.append(
            select(
                quarter,
                func.sum(AssessmentScore.score),
                func.count(),
                func.count(func.distinct(Assessment.mentee_id)),
            )
            .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
            .join(InstrumentDomain, InstrumentDomain.id == AssessmentScore.domain_id)
            .where(
                Assessment.instrument_id == instrument,
                InstrumentDomain.instrument_id == instrument,
                filters.site_clause(Assessment.site_id),
                Assessment.assessed_on.between(first, last),
            )
            .group_by(quarter)
        )
    for part in parts:
        for bucket, total, scores, mentees in fetch(engine, part):
            entry = totals.setdefault(int(bucket), [0.0, 0.0, 0.0])
            entry[0] += float(total or 0)
            entry[1] += float(scores or 0)
            entry[2] = max(entry[2], float(mentees or 0))
    rows = [
        (date_of_year_quarter(b), t / n, int(m)) for b, (t, n, m) in sorted(totals.items()) if n
    ]
    return _hide_small_means(typed_frame(rows, TREND_COLUMNS), filters, "n_mentees", ["mean_score"])


@one_connection
def distance_for_room(
    engine: Engine, filters: Filters, instrument_code: str = ROOM_INSTRUMENT
) -> pd.DataFrame:
    """Distance travelled from baseline by mentees assessed in the last twelve months.

    From ``outcomes.distance_travelled``, per domain (an instrument's 'Total' row is left
    out: it is on another scale). Columns: domain, baseline_mean, latest_mean, change, n; a
    domain over fewer mentees than the threshold has its means NaN and n <NA>.
    """
    require_meeting_scope(filters)
    start = add_months(filters.start, -11).replace(day=1)
    df = distance_travelled(
        engine, replace(filters, start=start, mentor_ids=()), instrument_code=instrument_code
    )
    df = df[df["domain"] != "Total"]
    rows = [
        (
            r.domain,
            float(r.baseline_mean),
            float(r.latest_mean),
            float(r.change),
            None if pd.isna(r.n) else int(r.n),
        )
        for r in df.itertuples(index=False)
    ]
    means = ["baseline_mean", "latest_mean", "change"]
    return _hide_small_means(typed_frame(rows, DISTANCE_COLUMNS), filters, "n", means)
