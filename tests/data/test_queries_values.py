"""Each query's answer on the hand-made program, against values counted by hand.

Every test runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL. The period is
2026-01-01 .. 2026-06-15 unless a test says otherwise; see tests/data/queries_fixture.py.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from sqlalchemy import Engine, insert

from data import queries as q
from data.filters import AccessScope
from data.queries.overview import weighted_median
from data.schema import Match, Mentee
from tests.data import queries_fixture as fx

D = dt.date


@pytest.fixture
def program(any_engine: Engine) -> Engine:
    fx.load(any_engine)
    return any_engine


def records(df: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in df.itertuples(index=False)]


def test_headline_figures(program: Engine) -> None:
    df = q.headline_figures(program, fx.riverside())
    assert len(df) == 1
    row = df.iloc[0]
    assert row.active_mentees == 4  # mentees 1, 2, 6, 10 have open matches on 15 June
    assert row.active_mentors == 2  # Alex and Bea; Dee left in 2025
    assert row.waiting_for_mentor == 2  # mentees 3 and 4; 5 exited, 7 referred later
    assert row.median_wait_days == 66.0  # waits of 106 and 26 days
    assert row.contacts_this_month == 2  # 3 and 10 June; 20 June is after the end
    assert row.contact_hours_this_month == 2.25  # 120 + 15 minutes
    assert row.milestones_this_month == 1  # money_and_banking on 1 June


def test_headline_figures_with_nobody_waiting(program: Engine) -> None:
    df = q.headline_figures(program, fx.riverside(start=D(2025, 1, 1), end=D(2025, 9, 1)))
    assert df.iloc[0].waiting_for_mentor == 0
    assert math.isnan(df.iloc[0].median_wait_days)


def test_monthly_activity_counts_partial_last_month_exactly(program: Engine) -> None:
    df = q.monthly_activity(program, fx.riverside())
    assert list(df.columns) == [
        "month",
        "contacts",
        "contact_hours",
        "active_mentees",
        "milestones",
    ]
    assert records(df) == [
        (D(2026, 1, 1), 1, 1.0, 1, 0),
        (D(2026, 2, 1), 2, 1.25, 2, 1),
        (D(2026, 3, 1), 2, 2.5, 2, 1),
        (D(2026, 4, 1), 0, 0.0, 0, 0),
        (D(2026, 5, 1), 1, 0.5, 1, 0),
        (D(2026, 6, 1), 2, 2.25, 2, 1),
    ]


def test_monthly_activity_with_partial_first_month(program: Engine) -> None:
    df = q.monthly_activity(program, fx.riverside(start=D(2026, 2, 6), end=D(2026, 3, 31)))
    # 5 February is outside; 10 February (45 min) inside; March whole.
    assert records(df) == [(D(2026, 2, 1), 1, 0.75, 1, 1), (D(2026, 3, 1), 2, 2.5, 2, 1)]


def test_caseload_by_mentor(program: Engine) -> None:
    df = q.caseload_by_mentor(program, fx.riverside())
    assert records(df) == [
        (1, "Alex Mentor", "Riverside", 1, 2, -1, True),
        (2, "Bea Mentor", "Riverside", 3, 2, 1, False),
    ]


def test_waiting_list_longest_first_without_identities(program: Engine) -> None:
    df = q.waiting_list(program, fx.riverside())
    assert records(df) == [
        (3, None, None, "Riverside", D(2026, 3, 1), D(2026, 3, 1), 106),
        (4, None, None, "Riverside", D(2026, 5, 20), D(2026, 5, 20), 26),
    ]


def test_waiting_list_with_identities_and_limit(program: Engine) -> None:
    df = q.waiting_list(program, fx.riverside(see_identities=True), limit=1)
    assert records(df) == [
        (3, "RS-003", "Synthetic Person 3", "Riverside", D(2026, 3, 1), D(2026, 3, 1), 106)
    ]


def test_waiting_since_last_match_for_a_rematch(program: Engine) -> None:
    # Mentee 11's first match closed on 30 April; not exited, so they wait for a new mentor
    # from then, not from their referral.
    with program.begin() as conn:
        conn.execute(
            insert(Mentee),
            [
                {
                    **fx.MENTEES[0],
                    "id": 11,
                    "code": "RS-011",
                    "referral_date": D(2025, 1, 5),
                    "status": "waiting",
                }
            ],
        )
        conn.execute(
            insert(Match),
            [
                dict(
                    id=7,
                    site_id=1,
                    mentor_id=2,
                    mentee_id=11,
                    start_date=D(2025, 2, 1),
                    end_date=D(2026, 4, 30),
                )
            ],
        )
    df = q.waiting_list(program, fx.riverside())
    assert records(df)[1] == (11, None, None, "Riverside", D(2025, 1, 5), D(2026, 4, 30), 46)
    assert list(df.mentee_id) == [3, 11, 4]


def test_matches_by_month(program: Engine) -> None:
    df = q.matches_by_month(program, fx.riverside())
    assert records(df) == [
        (D(2026, 1, 1), 1, 0),
        (D(2026, 2, 1), 0, 1),
        (D(2026, 3, 1), 0, 0),
        (D(2026, 4, 1), 0, 0),
        (D(2026, 5, 1), 0, 0),
        (D(2026, 6, 1), 1, 0),
    ]


def test_mentees_without_recent_contact(program: Engine) -> None:
    df = q.mentees_without_recent_contact(program, fx.riverside(see_identities=True), days=30)
    rows = records(df)
    assert rows[0][:5] == (10, "RS-010", "Synthetic Person 10", "Bea Mentor", None)
    assert pd.isna(rows[0][5])
    assert rows[1] == (6, "RS-006", "Synthetic Person 6", "Alex Mentor", D(2026, 3, 15), 92)
    assert len(rows) == 2


def test_workload_by_mentor(program: Engine) -> None:
    df = q.workload_by_mentor(program, fx.riverside())
    assert records(df) == [
        (1, "Alex Mentor", "Riverside", 1, 6, 4.5, 2, 2, 2, 2),
        (2, "Bea Mentor", "Riverside", 3, 2, 3.0, 0, 1, 1, 2),
    ]


def test_contact_types_by_mentor(program: Engine) -> None:
    df = q.contact_types_by_mentor(program, fx.riverside())
    assert records(df) == [
        (1, "Alex Mentor", "community_outing", 1, 1.5),
        (1, "Alex Mentor", "crisis_call", 2, 0.75),
        (1, "Alex Mentor", "emotional_support", 2, 1.5),
        (1, "Alex Mentor", "practical_living_skills", 1, 0.75),
        (2, "Bea Mentor", "emotional_support", 1, 1.0),
        (2, "Bea Mentor", "practical_living_skills", 1, 2.0),
    ]


def test_mentor_choice_narrows_contacts(program: Engine) -> None:
    scope = AccessScope("supervisor", frozenset({1}))
    filters = fx.riverside().__class__(fx.START, fx.END, scope, mentor_ids=(2,))
    assert list(q.workload_by_mentor(program, filters).mentor_id) == [2]
    activity = q.monthly_activity(program, filters)
    assert activity.contacts.tolist() == [0, 0, 1, 0, 0, 1]
    assert activity.milestones.tolist() == [0, 0, 1, 0, 0, 1]  # mentee 2's goals only


def test_outcome_trend(program: Engine) -> None:
    df = q.outcome_trend(program, fx.riverside(), min_group=1)
    got = [(r[0], r[1], r[2], r[5]) for r in records(df)]
    assert got == [
        (D(2026, 1, 1), "Managing mental health", 5.0, 1),
        (D(2026, 1, 1), "Living skills", 6.0, 1),
        (D(2026, 1, 1), "Total", 11.0, 1),
        (D(2026, 2, 1), "Managing mental health", 5.0, 1),
        (D(2026, 2, 1), "Living skills", 5.0, 1),
        (D(2026, 2, 1), "Total", 10.0, 1),
        (D(2026, 4, 1), "Managing mental health", 4.0, 1),
        (D(2026, 4, 1), "Living skills", 3.0, 1),
        (D(2026, 4, 1), "Total", 7.0, 1),
        (D(2026, 5, 1), "Managing mental health", 6.0, 1),
        (D(2026, 5, 1), "Living skills", 7.0, 1),
        (D(2026, 5, 1), "Total", 13.0, 1),
    ]
    assert not q.outcome_trend(program, fx.riverside()).shown.any()  # n = 1 < 5


def test_distance_travelled(program: Engine) -> None:
    df = q.distance_travelled(program, fx.riverside(), "recovery_ladder", min_group=1)
    assert records(df) == [
        ("Managing mental health", 2.5, 5.0, 2.5, 2, True),
        ("Living skills", 3.0, 5.0, 2.0, 2, True),
        ("Total", 5.5, 10.0, 4.5, 2, True),
    ]


def test_milestones_by_category(program: Engine) -> None:
    df = q.milestones_by_category(program, fx.riverside())
    got = {r[0]: r[1:] for r in records(df)}
    assert got["transport"] == (1, 2)
    assert got["money_and_banking"] == (1, 1)
    assert got["housing"] == (1, 0)
    assert got["food"] == (1, 0)
    assert got["social_connection"] == (0, 0)
    assert len(got) == 7


def test_sites_for_scope(program: Engine) -> None:
    riverside_only = AccessScope("supervisor", frozenset({1}))
    assert records(q.sites_for_scope(program, riverside_only)) == [(1, "Riverside")]
    everyone = AccessScope("admin", all_sites=True)
    assert records(q.sites_for_scope(program, everyone)) == [(2, "Hilltop"), (1, "Riverside")]
    nobody = AccessScope("supervisor")
    assert q.sites_for_scope(program, nobody).empty


def test_mentors_for_filters(program: Engine) -> None:
    df = q.mentors_for_filters(program, fx.riverside())
    assert records(df) == [
        (1, "Alex Mentor", 1, "Riverside", "active"),
        (2, "Bea Mentor", 1, "Riverside", "active"),
    ]


DOCUMENTED_COLUMNS = {
    "headline_figures": ["active_mentees", "active_mentors", "waiting_for_mentor",
                         "median_wait_days", "contacts_this_month", "contact_hours_this_month",
                         "milestones_this_month"],
    "monthly_activity": ["month", "contacts", "contact_hours", "active_mentees", "milestones"],
    "caseload_by_mentor": ["mentor_id", "mentor", "site", "capacity", "active_mentees", "spare",
                           "over_capacity"],
    "waiting_list": ["mentee_id", "mentee_code", "mentee_name", "site", "referral_date",
                     "waiting_since", "days_waiting"],
    "matches_by_month": ["month", "started", "closed"],
    "mentees_without_recent_contact": ["mentee_id", "mentee_code", "mentee_name", "mentor",
                                       "last_contact", "days_since"],
    "workload_by_mentor": ["mentor_id", "mentor", "site", "capacity", "contacts", "hours",
                           "crisis_calls", "after_hours", "group_sessions", "caseload"],
    "contact_types_by_mentor": ["mentor_id", "mentor", "contact_type", "contacts", "hours"],
    "outcome_trend": ["month", "domain", "mean_score", "ci_low", "ci_high", "n_mentees", "shown"],
    "distance_travelled": ["domain", "baseline_mean", "latest_mean", "change", "n", "shown"],
    "reliable_change": ["domain", "improved", "no_change", "declined", "n", "single_assessment",
                        "reliability", "reference_sd", "sd_source", "criterion", "shown"],
    "outcome_cohorts": ["cohort", "months", "mean_score", "ci_low", "ci_high", "n_mentees",
                        "shown"],
    "outcome_instruments": ["code", "name", "higher_is_better", "domains"],
    "event_rates": ["month", "kind", "events", "active_mentees", "per_100_active", "shown"],
    "assessments_due": ["mentee_id", "mentee_code", "mentee_name", "site", "kind", "due_date",
                        "window_closes", "status", "days_overdue"],
    "follow_up_completeness": ["kind", "due", "on_time", "late", "missing", "share_on_time",
                               "shown"],
    "milestones_by_month": ["month", "category", "achieved"],
    "time_to_first_milestone": ["mentees", "reached", "median_days", "followed_90_days",
                                "within_90_days", "share_within_90_days", "shown"],
    "milestones_by_category": ["category", "set", "achieved"],
    "mentors_for_filters": ["mentor_id", "mentor", "site_id", "site", "status"],
}  # fmt: skip
ALWAYS_A_ROW = {
    "headline_figures",
    "monthly_activity",
    "matches_by_month",
    "milestones_by_category",
}
# Workload, groups, caseload lifecycle and mentor pages.
DOCUMENTED_COLUMNS.update(
    {
        "contacts_by_mentor_week": ["mentor_id", "mentor", "site", "week_start", "contacts",
                                    "hours"],
        "mentor_month_workload": ["mentor_id", "mentor", "site", "capacity", "month", "in_post",
                                  "contacts", "mentees_contacted", "contact_hours",
                                  "crisis_or_after_hours", "group_sessions", "group_hours",
                                  "direct_hours", "capacity_hours"],
        "crisis_by_mentor_month": ["mentor_id", "mentor", "site", "month",
                                   "crisis_or_after_hours", "previous_average", "rise"],
        "crisis_rise_by_mentor": ["mentor_id", "mentor", "site", "month",
                                  "crisis_or_after_hours", "previous_average", "rise"],
        "contacts_by_week": ["week_start", "contacts", "hours"],
        "contact_mix_by_month": ["month", "contact_type", "contacts", "hours"],
        "contact_modes_by_month": ["month", "mode", "contacts", "hours"],
        "group_sessions_by_mentor": ["mentor_id", "mentor", "site", "sessions", "groups",
                                     "group_hours", "attendance"],
        "group_attendance_by_session": ["session_id", "group_id", "group", "site",
                                        "session_date", "attendance", "facilitators"],
        "mentor_profile": ["mentor_id", "mentor", "site_id", "site", "status", "start_date",
                           "end_date", "capacity", "caseload"],
        "caseload_by_month": ["mentor_id", "month", "caseload", "started", "closed"],
        "milestones_of_mentees": ["mentor_id", "month", "category", "milestones"],
        "mentees_needing_new_mentor": ["mentee_id", "mentee_code", "mentee_name", "site",
                                       "mentor_id", "mentor", "mentor_status", "mentor_left_on",
                                       "match_start"],
        "places_against_waits": ["site_id", "site", "mentors_available", "places",
                                 "active_mentees", "free_places", "mentors_with_room", "waiting",
                                 "longest_wait_days"],
        "match_closures_by_reason": ["reason", "closed"],
        "match_retention": ["months", "eligible", "lasted", "share"],
        "match_length": ["started", "closed", "still_open", "median_closed_days"],
    }
)  # fmt: skip
ALWAYS_A_ROW |= {"contact_mix_by_month", "contacts_by_week", "contact_modes_by_month",
                 "match_length"}  # fmt: skip
# The whole program, a row per site (every site in scope: none in an empty database).
DOCUMENTED_COLUMNS.update(
    {
        "contacts_by_site_week": ["site_id", "site", "week_start", "contacts", "hours"],
        "contact_types_by_site": ["site_id", "site", "contact_type", "contacts", "hours"],
        "crisis_by_site_month": ["site_id", "site", "month", "crisis_or_after_hours",
                                 "previous_average", "rise"],
        "direct_service_by_site_month": ["site_id", "site", "month", "mentors_in_post",
                                         "capacity", "contacts", "contact_hours",
                                         "group_sessions", "group_hours", "direct_hours",
                                         "capacity_hours"],
        "group_sessions_by_site": ["site_id", "site", "sessions", "groups", "attendance",
                                   "facilitators", "facilitations", "group_hours"],
        "caseload_by_site": ["site_id", "site", "mentors", "capacity", "active_mentees",
                             "spare", "mentors_over_capacity"],
    }
)  # fmt: skip
# Outcomes: these answer with every month, kind or measure, zeros included.
ALWAYS_A_ROW |= {"event_rates", "follow_up_completeness", "milestones_by_month",
                 "time_to_first_milestone"}  # fmt: skip

# The attention list.
DOCUMENTED_COLUMNS.update(
    {
        "attention_items": ["kind", "item_key", "site_id", "site", "mentor_id", "mentor",
                            "mentee_id", "mentee_code", "mentee_name", "since", "days",
                            "detail", "fingerprint", "mark", "marked_by", "marked_at",
                            "snooze_until", "mark_reason"],
        "weekly_wins": ["milestones", "new_matches", "six_months", "twelve_months"],
    }
)  # fmt: skip
ALWAYS_A_ROW |= {"weekly_wins"}


@pytest.mark.parametrize("name", sorted(q.FILTER_QUERIES))
def test_empty_database_gives_documented_columns(any_engine: Engine, name: str) -> None:
    df = q.FILTER_QUERIES[name](any_engine, fx.riverside())
    assert list(df.columns) == DOCUMENTED_COLUMNS[name]
    assert df.empty != (name in ALWAYS_A_ROW)
    if name in ALWAYS_A_ROW:
        assert (df.select_dtypes("number").fillna(0) == 0).all().all()


def test_every_query_is_listed() -> None:
    assert set(DOCUMENTED_COLUMNS) == set(q.FILTER_QUERIES)


@pytest.mark.parametrize(
    "pairs",
    [
        [(5, 1)],
        [(3, 2), (10, 1)],
        [(1, 1), (2, 1), (3, 1), (4, 1)],
        [(40, 3), (7, 2), (12, 5), (0, 1)],
        [(9, 2), (9, 2), (2, 1)],
    ],
)
def test_weighted_median_equals_the_median_of_the_expanded_values(
    pairs: list[tuple[int, int]],
) -> None:
    expanded = [value for value, n in pairs for _ in range(n)]
    assert weighted_median(pairs) == pd.Series(expanded).median()
