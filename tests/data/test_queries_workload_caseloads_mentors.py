"""Workload, caseload-lifecycle, group and mentor-page queries on the hand-made program.

Every expected value is counted by hand from tests/data/queries_fixture.py (period 2026-01-01
.. 2026-06-15, Riverside = site 1); each test runs on SQLite and, with TEST_DATABASE_URL, on
PostgreSQL (tests/data/test_queries_backends.py also compares the two frame by frame).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import pandas as pd
import pytest
from sqlalchemy import Engine, insert, update

from data import schema as s
from data.filters import AccessScope, Filters
from data.queries import caseloads as cq
from data.queries import groups as gq
from data.queries import mentors as mq
from data.queries import workload as wq
from data.queries.plumbing.weeks import week_index, week_start
from data.summaries import rebuild_all
from tests.data import queries_fixture as fx

D = dt.date
ALEX, BEA, CAL, DEE = 1, 2, 3, 4


@pytest.fixture
def db(any_engine: Engine) -> Engine:
    fx.load(any_engine)
    return any_engine


def _viewer(start: dt.date = fx.START, end: dt.date = fx.END) -> Filters:
    scope = AccessScope("meeting_viewer", frozenset({fx.RIVERSIDE}), small_cell_min=5)
    return Filters(start=start, end=end, scope=scope)


def _row(df: pd.DataFrame, **where: object) -> dict[str, object]:
    mask = pd.Series(True, index=df.index)
    for column, value in where.items():
        mask &= df[column] == value
    found = df[mask]
    assert len(found) == 1, f"expected one row for {where}, got {len(found)}"
    return found.iloc[0].to_dict()


# --- weeks ---------------------------------------------------------------------------------


def test_week_index_is_monday_based_and_round_trips():
    assert week_start(week_index(D(2026, 1, 20))) == D(2026, 1, 19)  # a Tuesday -> Monday
    assert week_start(week_index(D(2026, 1, 19))) == D(2026, 1, 19)
    assert week_start(week_index(D(2000, 1, 1))).weekday() == 0


def test_contacts_by_mentor_week_fills_quiet_weeks_with_zero(db):
    df = wq.contacts_by_mentor_week(db, fx.riverside())
    assert set(df["mentor_id"]) == {ALEX, BEA}  # Dee left before the period, Cal is Hilltop
    weeks = sorted(set(df["week_start"]))
    assert weeks[0] == D(2025, 12, 29) and weeks[-1] == D(2026, 6, 15)
    assert len(df) == 2 * len(weeks)
    alex = df[df["mentor_id"] == ALEX]
    assert int(alex["contacts"].sum()) == 6
    assert _row(df, mentor_id=ALEX, week_start=D(2026, 1, 19))["hours"] == 1.0
    assert _row(df, mentor_id=BEA, week_start=D(2026, 6, 1))["contacts"] == 1
    assert int((alex["contacts"] == 0).sum()) == len(weeks) - 6


def test_the_database_week_matches_python_on_every_weekday(db):
    # One contact on each day of a week: all land in the same Monday-based week.
    rows = [
        dict(id=100 + i, match_id=2, site_id=1, mentor_id=BEA, mentee_id=2,
             occurred_at=dt.datetime(2026, 4, 6 + i, 10), contact_date=D(2026, 4, 6 + i),
             minutes=10, mode="phone", contact_type="other", after_hours=False)
        for i in range(7)
    ]  # fmt: skip
    with db.begin() as conn:
        conn.execute(insert(s.Contact), rows)
        rebuild_all(conn)
    df = wq.contacts_by_mentor_week(db, fx.riverside())
    assert _row(df, mentor_id=BEA, week_start=D(2026, 4, 6))["contacts"] == 7
    assert _row(df, mentor_id=BEA, week_start=D(2026, 4, 13))["contacts"] == 0


# --- mentor x month --------------------------------------------------------------------------


def test_mentor_month_workload_counts_contacts_groups_and_capacity(db):
    df = wq.mentor_month_workload(db, fx.riverside())
    feb = _row(df, mentor_id=ALEX, month=D(2026, 2, 1))
    assert feb["contacts"] == 2 and feb["mentees_contacted"] == 2
    assert feb["contact_hours"] == pytest.approx(75 / 60)
    assert feb["crisis_or_after_hours"] == 1
    assert feb["group_sessions"] == 1 and feb["group_hours"] == pytest.approx(1.5)
    assert feb["direct_hours"] == pytest.approx(75 / 60 + 1.5)
    assert feb["capacity_hours"] == pytest.approx(wq.HOURS_PER_PLACE_PER_MONTH)
    june = _row(df, mentor_id=ALEX, month=D(2026, 6, 1))
    assert june["capacity_hours"] == pytest.approx(wq.HOURS_PER_PLACE_PER_MONTH * 15 / 30)
    assert _row(df, mentor_id=BEA, month=D(2026, 6, 1))["crisis_or_after_hours"] == 1
    assert len(df) == 2 * 6


def test_a_mentor_who_left_mid_period_keeps_their_months_before_leaving(db):
    with db.begin() as conn:
        conn.execute(update(s.Mentor).where(s.Mentor.id == DEE).values(end_date=D(2026, 3, 31)))
        conn.execute(
            insert(s.Match),
            [
                dict(
                    id=50,
                    site_id=1,
                    mentor_id=DEE,
                    mentee_id=3,
                    start_date=D(2026, 1, 5),
                    end_date=D(2026, 3, 31),
                )
            ],
        )
        conn.execute(
            insert(s.Contact),
            [
                dict(
                    id=50,
                    match_id=50,
                    site_id=1,
                    mentor_id=DEE,
                    mentee_id=3,
                    occurred_at=dt.datetime(2026, 2, 3, 9),
                    contact_date=D(2026, 2, 3),
                    minutes=60,
                    mode="video",
                    contact_type="emotional_support",
                    after_hours=False,
                )
            ],
        )
        rebuild_all(conn)  # fmt: skip
    df = wq.mentor_month_workload(db, fx.riverside())
    assert _row(df, mentor_id=DEE, month=D(2026, 2, 1))["contacts"] == 1
    april = _row(df, mentor_id=DEE, month=D(2026, 4, 1))
    assert not april["in_post"] and april["capacity_hours"] == 0
    weekly = wq.contacts_by_mentor_week(db, fx.riverside())
    assert int(weekly[weekly["mentor_id"] == DEE]["contacts"].sum()) == 1
    assert DEE in set(wq.workload_by_mentor(db, fx.riverside())["mentor_id"])


def test_crisis_rise_is_against_the_mentors_own_previous_three_months(db):
    df = wq.crisis_by_mentor_month(db, fx.riverside())
    assert not df["rise"].any()
    assert _row(df, mentor_id=ALEX, month=D(2026, 2, 1))["crisis_or_after_hours"] == 1
    crisis = [
        dict(id=200 + i, match_id=2, site_id=1, mentor_id=BEA, mentee_id=2,
             occurred_at=dt.datetime(2026, 5, 4 + i, 22), contact_date=D(2026, 5, 4 + i),
             minutes=20, mode="phone", contact_type="crisis_call", after_hours=True)
        for i in range(3)
    ]  # fmt: skip
    with db.begin() as conn:
        conn.execute(insert(s.Contact), crisis)
        rebuild_all(conn)
    df = wq.crisis_by_mentor_month(db, fx.riverside())
    may = _row(df, mentor_id=BEA, month=D(2026, 5, 1))
    assert may["crisis_or_after_hours"] == 3 and may["previous_average"] == 0 and may["rise"]
    assert not _row(df, mentor_id=ALEX, month=D(2026, 5, 1))["rise"]
    rises = wq.crisis_rise_by_mentor(db, fx.riverside(end=D(2026, 5, 31)))
    assert list(rises["mentor_id"]) == [BEA]
    assert wq.crisis_rise_by_mentor(db, fx.riverside()).empty  # June: back to one
    assert wq.crisis_rise_by_mentor(db, replace(_viewer(), end=D(2026, 5, 31))).empty


def test_is_rise_needs_a_minimum_and_a_marked_change():
    assert not wq.is_rise(2, 0)
    assert wq.is_rise(3, 0)
    assert wq.is_rise(6, 4) and not wq.is_rise(5, 4)


def test_contact_mix_and_modes_by_month(db):
    mix = wq.contact_mix_by_month(db, fx.riverside())
    assert len(mix) == 6 * len(s.CONTACT_TYPES)
    assert _row(mix, month=D(2026, 3, 1), contact_type="community_outing")["contacts"] == 1
    assert _row(mix, month=D(2026, 3, 1), contact_type="emotional_support")["hours"] == 1.0
    assert int(mix["contacts"].sum()) == 8
    modes = wq.contact_modes_by_month(db, fx.riverside())
    assert len(modes) == 6 * len(s.CONTACT_MODES)
    assert int(modes[modes["mode"] == "in_person"]["contacts"].sum()) == 8
    assert int(modes[modes["mode"] != "in_person"]["contacts"].sum()) == 0


def test_empty_period_gives_zeros_not_errors(db):
    empty = fx.riverside(start=D(2030, 1, 1), end=D(2030, 1, 31))
    assert int(wq.contact_mix_by_month(db, empty)["contacts"].sum()) == 0
    months = wq.mentor_month_workload(db, empty)  # still in post: rows of zeros
    assert set(months["mentor_id"]) == {ALEX, BEA} and int(months["contacts"].sum()) == 0
    assert gq.group_attendance_by_session(db, empty).empty
    assert math.isnan(cq.match_length(db, empty).iloc[0]["median_closed_days"])
    assert cq.match_closures_by_reason(db, empty).empty


# --- groups ----------------------------------------------------------------------------------


def test_group_sessions_by_mentor_and_attendance_by_session(db):
    by_mentor = gq.group_sessions_by_mentor(db, fx.riverside())
    alex = _row(by_mentor, mentor_id=ALEX)
    assert alex["sessions"] == 2 and alex["attendance"] == 9 and alex["groups"] == 1
    assert _row(by_mentor, mentor_id=BEA)["sessions"] == 1
    sessions = gq.group_attendance_by_session(db, fx.riverside())
    assert list(sessions["session_id"]) == [1, 2]
    assert list(sessions["facilitators"]) == [2, 1]
    bea_only = gq.group_attendance_by_session(db, replace(fx.riverside(), mentor_ids=(BEA,)))
    assert list(bea_only["session_id"]) == [1]


# --- follow-up, places and lifecycle -------------------------------------------------------


def test_mentees_needing_a_new_mentor_when_theirs_left_or_is_on_leave(db):
    assert cq.mentees_needing_new_mentor(db, fx.riverside(True)).empty
    with db.begin() as conn:
        conn.execute(
            insert(s.Match),
            [
                dict(
                    id=60,
                    site_id=1,
                    mentor_id=DEE,
                    mentee_id=3,
                    start_date=D(2025, 6, 1),
                    end_date=None,
                )
            ],
        )
        conn.execute(update(s.Mentor).where(s.Mentor.id == BEA).values(status="on_leave"))
    df = cq.mentees_needing_new_mentor(db, fx.riverside(True))
    assert list(df["mentee_id"]) == [3, 2, 10]
    left = _row(df, mentee_id=3)
    assert left["mentor_status"] == cq.LEFT and left["mentor_left_on"] == D(2025, 12, 31)
    assert left["mentee_code"] == "RS-003"
    assert _row(df, mentee_id=2)["mentor_status"] == cq.ON_LEAVE
    hidden = cq.mentees_needing_new_mentor(db, fx.riverside(False))
    assert hidden["mentee_code"].isna().all() and hidden["mentee_name"].isna().all()
    assert cq.mentees_needing_new_mentor(db, fx.admin(site_ids=(fx.HILLTOP,))).empty


def test_places_against_waits_per_site(db):
    df = cq.places_against_waits(db, fx.riverside())
    assert list(df["site"]) == ["Riverside"]
    row = df.iloc[0].to_dict()
    assert row["mentors_available"] == 2 and row["places"] == 4
    assert row["active_mentees"] == 4
    assert row["free_places"] == 1  # Alex is one over, which does not hide Bea's room
    assert row["mentors_with_room"] == 1
    assert row["waiting"] == 2
    assert row["longest_wait_days"] == (fx.END - D(2026, 3, 1)).days
    everyone = cq.places_against_waits(db, fx.admin())
    assert list(everyone["site"]) == ["Hilltop", "Riverside"]
    viewer = cq.places_against_waits(db, _viewer()).iloc[0]
    assert pd.isna(viewer["waiting"]) and pd.isna(viewer["longest_wait_days"])


def test_match_lifecycle(db):
    closures = cq.match_closures_by_reason(db, fx.riverside())
    assert closures.to_dict("records") == [{"reason": cq.NOT_RECORDED, "closed": 1}]
    retention = cq.match_retention(db, fx.riverside()).set_index("months")
    assert retention.loc[3, "eligible"] == 1 and retention.loc[3, "lasted"] == 1
    assert retention.loc[3, "share"] == 1.0
    assert list(retention.index) == [3]  # nothing started early enough for 6 or 12 months
    length = cq.match_length(db, fx.riverside()).iloc[0]
    assert (length["started"], length["closed"], length["still_open"]) == (2, 0, 2)
    whole = fx.riverside(start=D(2025, 1, 1))
    length = cq.match_length(db, whole).iloc[0]
    assert length["closed"] == 1
    assert length["median_closed_days"] == (D(2026, 2, 28) - D(2025, 2, 1)).days


def test_goals_met_comes_first_among_closure_reasons(db):
    with db.begin() as conn:
        conn.execute(update(s.Match).where(s.Match.id == 3).values(closure_reason="goals met"))
        moves = [
            dict(id=70 + i, site_id=1, mentor_id=BEA, mentee_id=4, start_date=D(2026, 1, 1),
                 end_date=D(2026, 1, 2 + i), closure_reason="moved away")
            for i in range(2)
        ]  # fmt: skip
        conn.execute(insert(s.Match), moves)
    reasons = list(cq.match_closures_by_reason(db, fx.riverside())["reason"])
    assert reasons == ["goals met", "moved away"]


# --- mentor page -----------------------------------------------------------------------------


def test_mentor_profile_only_within_scope(db):
    alex = mq.mentor_profile(db, replace(fx.riverside(), mentor_ids=(ALEX,)))
    assert alex.iloc[0]["mentor"] == "Alex Mentor" and alex.iloc[0]["caseload"] == 2
    assert mq.mentor_profile(db, replace(fx.riverside(), mentor_ids=(CAL,))).empty
    assert len(mq.mentor_profile(db, fx.admin())) == 4


def test_caseload_by_month_of_one_mentor(db):
    df = mq.caseload_by_month(db, replace(fx.riverside(), mentor_ids=(ALEX,)))
    assert set(df["mentor_id"]) == {ALEX}
    assert _row(df, month=D(2026, 1, 1))["caseload"] == 3
    assert _row(df, month=D(2026, 1, 1))["started"] == 1
    assert _row(df, month=D(2026, 2, 1))["closed"] == 1
    assert _row(df, month=D(2026, 3, 1))["caseload"] == 2
    assert _row(df, month=D(2026, 6, 1))["caseload"] == 2


def test_milestones_of_mentees_count_for_the_mentor_of_the_day(db):
    df = mq.milestones_of_mentees(db, fx.riverside())
    assert df.to_dict("records") == [
        {"mentor_id": ALEX, "month": D(2026, 2, 1), "category": "transport", "milestones": 1},
        {"mentor_id": BEA, "month": D(2026, 3, 1), "category": "transport", "milestones": 1},
        {"mentor_id": BEA, "month": D(2026, 6, 1), "category": "money_and_banking",
         "milestones": 1},
    ]  # fmt: skip


# --- meeting viewers -------------------------------------------------------------------------


def test_a_viewer_sees_no_small_counts_and_no_strain(db):
    viewer = _viewer()
    for df, columns in [
        (wq.contacts_by_mentor_week(db, viewer), ["contacts"]),
        (wq.mentor_month_workload(db, viewer), ["contacts", "crisis_or_after_hours"]),
        (wq.workload_by_mentor(db, viewer), ["contacts", "caseload"]),
        (wq.contact_mix_by_month(db, viewer), ["contacts"]),
        (gq.group_sessions_by_mentor(db, viewer), ["attendance"]),
        (mq.milestones_of_mentees(db, viewer), ["milestones"]),
    ]:
        for column in columns:
            values = df[column].dropna().astype(int)
            assert not ((values > 0) & (values < 5)).any(), column
    crisis = wq.crisis_by_mentor_month(db, viewer)
    assert not crisis["rise"].any() and crisis["previous_average"].isna().all()


def test_the_weekly_total_is_the_sum_over_mentors(db):
    per_mentor = wq.contacts_by_mentor_week(db, fx.riverside())
    total = wq.contacts_by_week(db, fx.riverside())
    summed = per_mentor.groupby("week_start")["contacts"].sum()
    assert list(total["week_start"]) == list(summed.index)
    assert list(total["contacts"]) == [int(v) for v in summed]


def test_exceptions_lists_keep_to_the_scope(db):
    """Rows at both sites; a Riverside supervisor sees only Riverside's."""
    crisis = [
        dict(id=300 + i, match_id=match, site_id=site, mentor_id=mentor, mentee_id=mentee,
             occurred_at=dt.datetime(2026, 6, 2 + i, 23), contact_date=D(2026, 6, 2 + i),
             minutes=20, mode="phone", contact_type="crisis_call", after_hours=True)
        for i in range(4)
        for match, site, mentor, mentee in ((1, 1, ALEX, 1), (5, 2, CAL, 8))
    ]  # fmt: skip
    crisis = [{**row, "id": 300 + n} for n, row in enumerate(crisis)]
    with db.begin() as conn:
        conn.execute(insert(s.Contact), crisis)
        conn.execute(update(s.Mentor).where(s.Mentor.id.in_([BEA, CAL])).values(status="on_leave"))
        rebuild_all(conn)
    everyone = wq.crisis_rise_by_mentor(db, fx.admin())
    assert set(everyone["mentor_id"]) == {ALEX, CAL}
    assert list(wq.crisis_rise_by_mentor(db, fx.riverside())["mentor_id"]) == [ALEX]
    needing = cq.mentees_needing_new_mentor(db, fx.admin())
    assert set(needing["site"]) == {"Riverside", "Hilltop"}
    assert set(cq.mentees_needing_new_mentor(db, fx.riverside())["site"]) == {"Riverside"}
