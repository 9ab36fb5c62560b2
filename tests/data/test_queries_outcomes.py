"""Outcome queries on a tiny hand-made program, on every backend: reliable change computed by
hand, reversed scales, small groups, single assessments, mentees who left, overdue follow-ups."""

from __future__ import annotations

import datetime as dt
import math
import statistics

import pandas as pd
import pytest
from sqlalchemy import Engine, insert

from data import schema as s
from data.filters import AccessScope, Filters
from data.queries.outcomes import change as oc
from data.queries.outcomes import outcome_trend, time_to_first_milestone
from data.queries.outcomes.events import event_rates
from data.queries.outcomes.followup import (
    FollowUpSchedule,
    assessments_due,
    due_points,
    follow_up_completeness,
)
from data.summaries import rebuild_all

D = dt.date
START, END = D(2026, 1, 1), D(2026, 6, 30)
BASE, LATEST = D(2026, 1, 10), D(2026, 4, 10)
# mentee: (site, A at baseline, A latest, B at baseline, B latest); None latest: one assessment
SCORES = {
    1: (1, 2, 5, 4, 4),
    2: (1, 5, 7, 5, 6),
    3: (1, 6, 3, 6, 2),
    4: (1, 4, 8, 3, 7),
    5: (1, 3, 6, 2, 5),
    6: (1, 7, None, 7, None),
    7: (2, 1, 9, 1, 9),
}
SD_A, REL = 2.0, 0.8


def _load(engine: Engine) -> None:
    mentees, assessments, scores = [], [], []
    for m, (site, a0, a1, b0, b1) in SCORES.items():
        exited = m == 5
        mentees.append(dict(id=m, site_id=site, code=f"C-{m}", display_name=f"Person {m}",
                            referral_date=D(2025, 6, 1), intake_date=D(2025, 6, 1),
                            status="exited" if exited else "matched",
                            exit_date=D(2026, 5, 1) if exited else None))  # fmt: skip
        for instrument in (1, 2):
            for day, a, b in ((BASE, a0, b0), (LATEST, a1, b1)):
                if a is None:
                    continue
                aid = len(assessments) + 1
                assessments.append(dict(id=aid, mentee_id=m, site_id=site,
                                        instrument_id=instrument, assessed_on=day,
                                        is_baseline=day == BASE))  # fmt: skip
                first_domain = 1 if instrument == 1 else 3
                scores += [
                    dict(assessment_id=aid, domain_id=first_domain, score=a),
                    dict(assessment_id=aid, domain_id=first_domain + 1, score=b),
                ]
    with engine.begin() as conn:
        conn.execute(
            insert(s.Site), [dict(id=1, code="A", name="Ash"), dict(id=2, code="B", name="Birch")]
        )
        conn.execute(insert(s.Instrument), [
            dict(id=1, code="up", name="Higher better", higher_is_better=True,
                 total_reliability=REL, total_reference_sd=3.0, reliability_source="test"),
            dict(id=2, code="down", name="Lower better", higher_is_better=False,
                 total_reliability=None, total_reference_sd=None, reliability_source="test"),
        ])  # fmt: skip
        conn.execute(insert(s.InstrumentDomain), [
            dict(id=1, instrument_id=1, name="A", position=1, min_score=0, max_score=10,
                 reliability=REL, reference_sd=SD_A),
            dict(id=2, instrument_id=1, name="B", position=2, min_score=0, max_score=10,
                 reliability=REL, reference_sd=None),
            dict(id=3, instrument_id=2, name="A", position=1, min_score=0, max_score=10,
                 reliability=REL, reference_sd=SD_A),
            dict(id=4, instrument_id=2, name="B", position=2, min_score=0, max_score=10,
                 reliability=None, reference_sd=None),
        ])  # fmt: skip
        conn.execute(insert(s.Mentee), mentees)
        conn.execute(insert(s.Assessment), assessments)
        conn.execute(insert(s.AssessmentScore), scores)
        rebuild_all(conn)  # as every bulk load does


@pytest.fixture
def program(any_engine: Engine) -> Engine:
    _load(any_engine)
    return any_engine


def ash(start: dt.date = START, end: dt.date = END, **scope: object) -> Filters:
    return Filters(start, end, AccessScope("supervisor", frozenset({1}), **scope))  # type: ignore[arg-type]


def test_rci_by_hand() -> None:
    # S_diff = sqrt(2) * 2.0 * sqrt(0.2) = 1.2649; +3 / 1.2649 = 2.37 > 1.96
    assert math.isclose(oc.rci(2, 5, SD_A, REL), 3 / (math.sqrt(2) * 2.0 * math.sqrt(0.2)))
    assert oc.classify(2, 5, SD_A, REL, True) == "improved"
    assert oc.classify(5, 7, SD_A, REL, True) == "no reliable change"
    assert oc.classify(6, 3, SD_A, REL, True) == "declined"
    assert oc.classify(6, 3, SD_A, REL, False) == "improved"  # lower is better


def test_reliable_change_counts_by_hand(program: Engine) -> None:
    df = oc.reliable_change(program, ash(), "up", min_group=1).set_index("domain")
    a = df.loc["A"]
    # A changes +3, +2, -3, +4, +3 against a criterion of 2.48 points
    assert (a.improved, a.no_change, a.declined, a.n) == (3, 1, 1, 5)
    assert math.isclose(a.criterion, 1.959963984540054 * math.sqrt(2) * SD_A * math.sqrt(0.2))
    assert a.sd_source == oc.PUBLISHED_SD
    assert a.single_assessment == 1  # mentee 6, counted but not used
    # B has no stated SD: the SD of every baseline B score at the sites in view
    b = df.loc["B"]
    assert b.sd_source == oc.PROGRAM_SD
    assert math.isclose(b.reference_sd, statistics.stdev([4, 5, 6, 3, 2, 7]))
    # Total: stated SD 3.0, r 0.8; totals change +3, +3, -7, +8, +6
    limit = 1.959963984540054 * math.sqrt(2) * 3.0 * math.sqrt(0.2)
    changes = [3, 3, -7, 8, 6]
    total = df.loc["Total"]
    assert total.improved == sum(c > limit for c in changes)
    assert total.declined == sum(c < -limit for c in changes)


def test_reversed_scale_swaps_improved_and_declined(program: Engine) -> None:
    df = oc.reliable_change(program, ash(), "down", min_group=1).set_index("domain")
    assert (df.loc["A"].improved, df.loc["A"].declined) == (1, 3)
    # No reliability for B or the total: counted, never classified
    assert not df.loc["B"].shown and df.loc["B"].n == 5
    assert not df.loc["Total"].shown


def test_small_groups_are_not_shown_and_viewers_see_no_small_counts(program: Engine) -> None:
    df = oc.reliable_change(program, ash(), "up", min_group=6)
    assert not df.shown.any() and df.improved.isna().all()
    viewer = oc.reliable_change(program, ash(small_cell_min=5), "up", min_group=1)
    assert viewer.single_assessment.isna().all()  # 1 mentee: hidden
    distance = oc.distance_travelled(program, ash(), "up", min_group=6)
    assert distance.baseline_mean.isna().all() and (distance.n == 5).all()


def test_no_assessments_and_one_assessment(program: Engine) -> None:
    none = ash(D(2024, 1, 1), D(2024, 12, 31))
    assert oc.reliable_change(program, none, "up", min_group=1).n.sum() == 0
    assert outcome_trend(program, none, "up").empty
    only_baselines = ash(D(2026, 1, 1), D(2026, 2, 1))
    df = oc.reliable_change(program, only_baselines, "up", min_group=1)
    assert (df.n == 0).all() and (df.single_assessment == 6).all()


def test_distance_travelled_means_by_hand(program: Engine) -> None:
    df = oc.distance_travelled(program, ash(), "up", min_group=1).set_index("domain")
    assert math.isclose(df.loc["A"].baseline_mean, statistics.mean([2, 5, 6, 4, 3]))
    assert math.isclose(df.loc["A"].latest_mean, statistics.mean([5, 7, 3, 8, 6]))
    assert math.isclose(df.loc["Total"].change, statistics.mean([3, 3, -7, 8, 6]))


@pytest.mark.parametrize("start", [START, D(2026, 1, 5)])  # summary, or raw edge days
def test_trend_mean_and_interval_by_hand(program: Engine, start: dt.date) -> None:
    df = outcome_trend(program, ash(start), "up", min_group=1)
    january = df[(df.domain == "A") & (df.month == D(2026, 1, 1))].iloc[0]
    values = [2, 5, 6, 4, 3, 7]  # mentee 5 left later; still counted; site 2 is not
    half = 2.571 * statistics.stdev(values) / math.sqrt(len(values))  # t(0.975, 5)
    assert math.isclose(january.mean_score, statistics.mean(values))
    assert math.isclose(january.ci_high - january.mean_score, half, rel_tol=1e-3)
    assert january.n_mentees == 6
    total = df[(df.domain == "Total") & (df.month == D(2026, 4, 1))].iloc[0]
    assert math.isclose(total.mean_score, statistics.mean([5 + 4, 7 + 6, 3 + 2, 8 + 7, 6 + 5]))
    hidden = outcome_trend(program, ash(), "up", min_group=7)
    assert not hidden.shown.any() and hidden.mean_score.isna().all()


def test_overdue_follow_ups(program: Engine) -> None:
    schedule = FollowUpSchedule(baseline_days=30, interval_months=6, window_days=30)
    # Intake 2025-06-01; baseline 2026-01-10 is late; the 6-month review (due 2025-12-01)
    # is overdue by 2026-01-05 unless done: mentee 1 had none.
    df = assessments_due(program, ash(D(2025, 6, 1), D(2026, 1, 5), see_identities=True), schedule)
    row = df[df.mentee_id == 1].iloc[0]
    assert (row.kind, row.status, row.due_date) == ("follow_up", "overdue", D(2025, 12, 1))
    assert row.days_overdue == (D(2026, 1, 5) - D(2025, 12, 31)).days
    assert set(df.mentee_id) == {1, 2, 3, 4, 5, 6}  # site 2 never
    assert assessments_due(program, ash(see_identities=False), schedule).empty
    points = due_points(D(2025, 6, 1), D(2026, 5, 1), D(2026, 6, 30), schedule)
    assert [p.kind for p in points] == ["baseline", "follow_up", "exit"]


def test_empty_program_gives_empty_frames(any_engine: Engine) -> None:
    f = ash()
    assert oc.reliable_change(any_engine, f, "up").empty
    assert outcome_trend(any_engine, f, "up").empty
    assert event_rates(any_engine, f).events.sum() == 0
    assert time_to_first_milestone(any_engine, f).mentees.iloc[0] == 0


def test_change_overview_equals_the_two_queries(program: Engine) -> None:
    distance, change = oc.change_overview(program, ash(), "up", min_group=1)
    pd.testing.assert_frame_equal(distance, oc.distance_travelled(program, ash(), "up", 1))
    pd.testing.assert_frame_equal(change, oc.reliable_change(program, ash(), "up", 1))


def test_follow_up_completeness_by_hand(program: Engine) -> None:
    # Intake 2025-06-01 for all; assessments 2026-01-10 (all) and 2026-04-10 (not mentee 6);
    # mentee 5 left on 2026-05-01. Baselines: nothing within 30 days of intake, nothing before
    # the 6-month window opened: missing. 6-month reviews (due 2025-12-01): done 2026-01-10,
    # late. Mentee 5's exit: 2026-04-10 is within 30 days of the exit: on time.
    schedule = FollowUpSchedule(baseline_days=30, interval_months=6, window_days=30)
    df = follow_up_completeness(
        program, ash(D(2025, 6, 1), D(2026, 6, 30)), schedule, min_group=1
    ).set_index("kind")
    assert tuple(df.loc["Baseline", ["due", "on_time", "late", "missing"]]) == (6, 0, 0, 6)
    assert tuple(df.loc["Follow-up", ["due", "on_time", "late", "missing"]]) == (6, 0, 6, 0)
    assert tuple(df.loc["Exit", ["due", "on_time", "late", "missing"]]) == (1, 1, 0, 0)
    assert math.isclose(df.loc["All", "share_on_time"], 1 / 13)


def test_active_mentees_by_month_counts_each_mentee_once_per_month(any_engine: Engine) -> None:
    """Overlapping, adjacent and gapped matches of one mentee, an open one, one outside the
    period: against a brute-force count of who had an open match on any day of each month."""
    from sqlalchemy import insert

    from data import schema as s
    from data.queries.outcomes.events import active_mentees_by_month

    matches = [  # (id, mentee, start, end)
        (1, 1, D(2025, 11, 20), D(2026, 2, 10)),
        (2, 1, D(2026, 1, 5), D(2026, 3, 1)),  # overlaps match 1
        (3, 1, D(2026, 4, 1), D(2026, 4, 30)),  # adjacent month to match 2
        (4, 1, D(2026, 7, 1), None),  # after a gap, still open
        (5, 2, D(2026, 2, 14), D(2026, 2, 14)),  # one day
        (6, 3, D(2024, 1, 1), D(2025, 6, 30)),  # before the period
        (7, 4, D(2025, 1, 1), None),  # open all along
    ]
    with any_engine.begin() as conn:
        conn.execute(insert(s.Site), [{"id": 1, "code": "RS", "name": "Riverside"}])
        conn.execute(
            insert(s.Mentor),
            [dict(id=1, site_id=1, display_name="Alex Mentor", start_date=D(2024, 1, 1),
                  status="active", capacity=3)],
        )  # fmt: skip
        conn.execute(
            insert(s.Mentee),
            [dict(id=m, site_id=1, code=f"M{m}", display_name=f"Mentee {m}",
                  referral_date=D(2024, 1, 1), status="matched") for m in range(1, 5)],
        )  # fmt: skip
        conn.execute(
            insert(s.Match),
            [dict(id=i, mentee_id=m, mentor_id=1, site_id=1, start_date=a, end_date=b)
             for i, m, a, b in matches],
        )  # fmt: skip
    filters = ash(D(2026, 1, 1), D(2026, 8, 15))
    counted = active_mentees_by_month(any_engine, filters)
    expected = {}
    for month in counted:
        last_day = D(month.year + month.month // 12, month.month % 12 + 1, 1) - dt.timedelta(1)
        expected[month] = len({m for _, m, a, b in matches
                               if a <= last_day and (b is None or b >= month)})  # fmt: skip
    assert counted == expected
    assert list(counted.values()) == [2, 3, 2, 2, 1, 1, 2, 2]


def test_event_rates_count_only_events_of_mentees_active_that_month(any_engine: Engine) -> None:
    """The rate's numerator counts the same people as its denominator: a mentee still waiting
    for a mentor, or one whose match ended before the month, adds no events; a match open on
    any day of the month (even starting after the event) counts the event; another site's
    mentee and, with a mentor chosen, another mentor's mentee add nothing either."""
    from data import clock
    from data.queries.plumbing.months import month_end

    first = (clock.today().replace(day=1) - dt.timedelta(days=80)).replace(day=1)  # m0
    second = month_end(first) + dt.timedelta(days=1)  # m1
    long_ago = first - dt.timedelta(days=400)
    before = first - dt.timedelta(days=20)  # a day of the month before m0
    # mentee: (site, status, [(mentor, match start, match end)], [(event day, kind)])
    day = dt.timedelta
    people = {
        **{m: (1, "matched", [(1, long_ago, None)], []) for m in range(2, 6)},
        1: (1, "matched", [(1, long_ago, None)], [(first + day(4), "crisis_episode")]),
        6: (1, "waiting", [], [(first + day(2), "crisis_episode"), (second, "relapse")]),
        7: (1, "exited", [(1, long_ago, before)],
            [(first + day(9), "crisis_episode"), (second + day(3), "hospital_admission")]),
        8: (1, "matched", [(1, second + day(24), None)], [(second + day(2), "relapse")]),
        9: (2, "matched", [(3, long_ago, None)], [(first, "crisis_episode")]),
        10: (1, "matched", [(2, long_ago, None)], [(first + day(6), "crisis_episode")]),
    }  # fmt: skip
    with any_engine.begin() as conn:
        conn.execute(insert(s.Site), [dict(id=1, code="A", name="Ash"),
                                      dict(id=2, code="B", name="Birch")])  # fmt: skip
        conn.execute(insert(s.Mentor), [
            dict(id=i, site_id=site, display_name=f"Mentor {i}", start_date=long_ago,
                 status="active", capacity=8) for i, site in ((1, 1), (2, 1), (3, 2))
        ])  # fmt: skip
        conn.execute(insert(s.Mentee), [
            dict(id=m, site_id=site, code=f"E-{m}", display_name=f"Person {m}",
                 referral_date=long_ago, status=status,
                 exit_date=before if status == "exited" else None)
            for m, (site, status, _, _) in people.items()
        ])  # fmt: skip
        conn.execute(insert(s.Match), [
            dict(mentee_id=m, mentor_id=mentor, site_id=site, start_date=a, end_date=b)
            for m, (site, _, matches, _) in people.items() for mentor, a, b in matches
        ])  # fmt: skip
        conn.execute(insert(s.MenteeEvent), [
            dict(mentee_id=m, site_id=site, event_date=day, kind=kind)
            for m, (site, _, _, events) in people.items() for day, kind in events
        ])  # fmt: skip
    period = ash(first, month_end(second))
    df = event_rates(any_engine, period, min_group=1).set_index(["month", "kind"])
    # Active: mentees 1-5 and 10 in both months, mentee 8 in the second too.
    assert df.xs("crisis_episode", level="kind").active_mentees.tolist() == [6, 7]
    assert df.loc[(first, "crisis_episode")].events == 2  # mentees 1 and 10; not 6, 7 or 9
    assert df.loc[(second, "relapse")].events == 1  # mentee 8 (matched later that month)
    assert df.loc[(second, "hospital_admission")].events == 0  # mentee 7 had left
    assert df.events.sum() == 3
    assert math.isclose(df.loc[(first, "crisis_episode")].per_100_active, 100 * 2 / 6)
    chosen = Filters(first, month_end(second), period.scope, mentor_ids=(1,))
    mentor_one = event_rates(any_engine, chosen, min_group=1).set_index(["month", "kind"])
    assert mentor_one.loc[(first, "crisis_episode")].events == 1  # mentee 10 is mentor 2's
    assert mentor_one.loc[(first, "crisis_episode")].active_mentees == 5
