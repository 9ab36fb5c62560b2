"""Summaries never change an answer: figures for any period equal a brute-force count of rows.

A random (seeded) program is loaded, the summaries rebuilt, and for periods that start and end
mid-month, on month and quarter boundaries, and inside one month, the query results are
compared with the same figures counted in pandas from the raw rows.
"""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest
from sqlalchemy import Engine, insert, select

from data import queries as q
from data import schema as s
from data.filters import AccessScope, Filters
from data.summaries import rebuild_all
from tests.data import queries_fixture as fx

D = dt.date
FIRST_DAY, DAYS = D(2025, 1, 1), 600
PERIODS = [
    (D(2025, 1, 1), D(2026, 8, 23)),  # whole range
    (D(2025, 2, 17), D(2025, 11, 3)),  # both edges mid-month
    (D(2025, 4, 1), D(2025, 9, 30)),  # whole quarters only
    (D(2025, 6, 5), D(2025, 6, 20)),  # inside one month
    (D(2025, 12, 31), D(2026, 1, 1)),  # two one-day edges
]


def _load_random_program(engine: Engine, seed: int = 3) -> None:
    rng = random.Random(seed)
    with engine.begin() as conn:
        conn.execute(insert(s.Site), fx.SITES)
        conn.execute(insert(s.Mentor), fx.MENTORS)
        conn.execute(insert(s.Instrument), fx.INSTRUMENTS)
        conn.execute(insert(s.InstrumentDomain), fx.DOMAINS)
        mentees, matches, contacts, assessments, scores = [], [], [], [], []
        for mentee_id in range(1, 13):
            mentor = fx.MENTORS[mentee_id % 4]
            site = mentor["site_id"]
            mentees.append(
                {
                    **fx.MENTEES[0],
                    "id": mentee_id,
                    "site_id": site,
                    "code": f"R-{mentee_id}",
                    "referral_date": FIRST_DAY,
                }
            )
            matches.append(
                dict(
                    id=mentee_id,
                    site_id=site,
                    mentor_id=mentor["id"],
                    mentee_id=mentee_id,
                    start_date=FIRST_DAY,
                    end_date=None,
                )
            )
            for _ in range(40):
                day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
                contacts.append(
                    dict(
                        id=len(contacts) + 1,
                        match_id=mentee_id,
                        site_id=site,
                        mentor_id=mentor["id"],
                        mentee_id=mentee_id,
                        occurred_at=dt.datetime.combine(day, dt.time(9)),
                        contact_date=day,
                        minutes=rng.choice([15, 30, 45, 60, 90]),
                        mode="phone",
                        contact_type=rng.choice(s.CONTACT_TYPES),
                        after_hours=rng.random() < 0.2,
                    )
                )
            for n in range(6):
                day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
                aid = len(assessments) + 1
                assessments.append(
                    dict(
                        id=aid,
                        mentee_id=mentee_id,
                        site_id=site,
                        instrument_id=1,
                        assessed_on=day,
                        is_baseline=n == 0,
                    )
                )
                for domain in (1, 2):
                    scores.append(
                        dict(assessment_id=aid, domain_id=domain, score=rng.randint(1, 10))
                    )
        conn.execute(insert(s.Mentee), mentees)
        conn.execute(insert(s.Match), matches)
        conn.execute(insert(s.Contact), contacts)
        conn.execute(insert(s.Assessment), assessments)
        conn.execute(insert(s.AssessmentScore), scores)
        rebuild_all(conn)


@pytest.fixture
def random_program(any_engine: Engine) -> Engine:
    _load_random_program(any_engine)
    return any_engine


def _raw(engine: Engine, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        result = conn.execute(statement)
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def _filters(start: dt.date, end: dt.date, sites: frozenset[int] = frozenset({1})) -> Filters:
    return Filters(start, end, AccessScope("supervisor", sites, see_identities=True))


def _contacts_in(engine: Engine, start: dt.date, end: dt.date) -> pd.DataFrame:
    c = s.Contact
    df = _raw(
        engine,
        select(
            c.site_id,
            c.mentor_id,
            c.mentee_id,
            c.contact_date,
            c.minutes,
            c.contact_type,
            c.after_hours,
        ),
    )
    df["contact_date"] = pd.to_datetime(df.contact_date).dt.date
    df = df[(df.contact_date >= start) & (df.contact_date <= end) & (df.site_id == 1)]
    return df.assign(month=[d.replace(day=1) for d in df.contact_date])


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_monthly_activity_equals_raw_count(random_program: Engine, start, end) -> None:  # type: ignore[no-untyped-def]
    raw = _contacts_in(random_program, start, end)
    got = q.monthly_activity(random_program, _filters(start, end)).set_index("month")
    expected = raw.groupby("month").agg(
        contacts=("minutes", "size"), minutes=("minutes", "sum"), mentees=("mentee_id", "nunique")
    )
    assert got.contacts.sum() == len(raw)
    for month, row in expected.iterrows():
        assert got.loc[month, "contacts"] == row.contacts
        assert got.loc[month, "contact_hours"] == pytest.approx(row.minutes / 60)
        assert got.loc[month, "active_mentees"] == row.mentees


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_workload_and_contact_types_equal_raw_count(random_program: Engine, start, end) -> None:  # type: ignore[no-untyped-def]
    raw = _contacts_in(random_program, start, end)
    filters = _filters(start, end)
    workload = q.workload_by_mentor(random_program, filters).set_index("mentor_id")
    for mentor_id, group in raw.groupby("mentor_id"):
        assert workload.loc[mentor_id, "contacts"] == len(group)
        assert workload.loc[mentor_id, "hours"] == pytest.approx(group.minutes.sum() / 60)
        assert (
            workload.loc[mentor_id, "crisis_calls"] == (group.contact_type == "crisis_call").sum()
        )
        assert workload.loc[mentor_id, "after_hours"] == group.after_hours.astype(bool).sum()
    types = q.contact_types_by_mentor(random_program, filters)
    expected = raw.groupby(["mentor_id", "contact_type"]).minutes.agg(["size", "sum"])
    assert len(types) == len(expected)
    for row in types.itertuples():
        assert row.contacts == expected.loc[(row.mentor_id, row.contact_type), "size"]
        assert row.hours == pytest.approx(
            expected.loc[(row.mentor_id, row.contact_type), "sum"] / 60
        )


@pytest.mark.parametrize(("start", "end"), PERIODS)
@pytest.mark.parametrize("sites", [frozenset({1}), frozenset({1, 2})])
def test_outcome_trend_equals_raw_means(random_program: Engine, start, end, sites) -> None:  # type: ignore[no-untyped-def]
    a, sc = s.Assessment, s.AssessmentScore
    raw = _raw(
        random_program,
        select(a.site_id, a.mentee_id, a.assessed_on, sc.domain_id, sc.score).join(
            sc, sc.assessment_id == a.id
        ),
    )
    raw["assessed_on"] = pd.to_datetime(raw.assessed_on).dt.date
    raw = raw[(raw.assessed_on >= start) & (raw.assessed_on <= end) & raw.site_id.isin(sites)]
    raw["month"] = [D(d.year, d.month, 1) for d in raw.assessed_on]
    raw["domain"] = raw.domain_id.map({1: "Managing mental health", 2: "Living skills"})
    expected = raw.groupby(["month", "domain"]).agg(
        mean_score=("score", "mean"), n_mentees=("mentee_id", "nunique")
    )
    got = q.outcome_trend(random_program, _filters(start, end, sites), min_group=1)
    got = got[got.domain != "Total"].set_index(["month", "domain"])
    assert len(got) == len(expected)
    for key, row in expected.iterrows():
        assert got.loc[key, "mean_score"] == pytest.approx(row.mean_score)
        assert got.loc[key, "n_mentees"] == row.n_mentees


def test_mentor_choice_reads_outcomes_from_raw_rows(random_program: Engine) -> None:
    start, end = PERIODS[0]
    chosen = Filters(start, end, AccessScope("admin", all_sites=True), mentor_ids=(2,))
    got = q.outcome_trend(random_program, chosen)
    # Mentor 2 (site 1) has mentees 2, 6 and 10 (mentee_id % 4 == 1 picks MENTORS[1]).
    assert got.n_mentees.max() <= 3
    assert got.n_mentees.sum() > 0


def test_rebuilding_summaries_twice_changes_nothing(random_program: Engine) -> None:
    before = q.monthly_activity(random_program, _filters(*PERIODS[0]))
    with random_program.begin() as conn:
        rebuild_all(conn)
        rebuild_all(conn)
    pd.testing.assert_frame_equal(before, q.monthly_activity(random_program, _filters(*PERIODS[0])))
