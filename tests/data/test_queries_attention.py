"""The attention list finds exactly the items each condition makes, within the scope's sites.

Every condition is built by hand in ``attention_fixture`` (near misses included), on SQLite
and, with TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine, event, insert

from data import schema as s
from data.filters import AccessScope, Filters
from data.queries import attention as q
from data.summaries import rebuild_all
from tests.data import attention_fixture as fx

BORROWED = (q.ASSESSMENT_DUE, q.ACTION_OVERDUE)


@pytest.fixture
def program(any_engine: Engine) -> Engine:
    fx.load(any_engine)
    return any_engine


def _found(df: pd.DataFrame) -> dict[tuple[str, str], int | None]:
    return {
        (r.kind, r.item_key): None if pd.isna(r.days) else int(r.days)
        for r in df.itertuples(index=False)
    }


def _own(df: pd.DataFrame) -> pd.DataFrame:
    """The items of the kinds this module asks itself (not outcomes' or notes')."""
    return df[~df["kind"].isin(BORROWED)]


def test_a_supervisor_gets_exactly_the_expected_items(program: Engine) -> None:
    df = _own(q.attention_items(program, fx.riverside()))
    assert _found(df) == fx.EXPECTED
    assert set(df["site"]) == {"Riverside"}
    # Kinds come in the list's order, and no item is marked yet.
    order = [q.KINDS.index(k) for k in df["kind"]]
    assert order == sorted(order)
    assert df["mark"].isna().all()


def test_items_say_what_and_since_when(program: Engine) -> None:
    df = q.attention_items(program, fx.riverside()).set_index(["kind", "item_key"])
    no_contact = df.loc[("no_contact", "match:1")]
    assert no_contact["mentor"] == "Amanda Diaz"
    assert no_contact["mentee_code"] == "RS-001"
    assert no_contact["since"] == fx.D(2026, 5, 25)
    assert no_contact["detail"] == "no contact for 21 days (last contact 25 May 2026)"
    free = df.loc[("free_place", "site:1")]
    assert free["detail"] == "3 mentees waiting while 1 place is free (Ben Okafor 1)"
    left = df.loc[("mentor_away", "mentee:7")]
    assert left["detail"].startswith("their mentor has left (31 May 2026)")
    assert df.loc[("mentor_away", "mentee:6")]["detail"].startswith("their mentor is on leave")
    support = df.loc[("may_need_support", "mentor:1")]
    assert support["detail"].startswith("may need support: 3 crisis or after-hours contacts")
    assert df.loc[("over_capacity", "mentor:5")]["detail"] == "2 mentees for a capacity of 1"


def test_a_supervisor_never_sees_another_sites_items(program: Engine) -> None:
    hilltop = Filters(fx.D(2026, 1, 1), fx.DAY, fx.scope((fx.HILLTOP,)))
    assert set(_found(_own(q.attention_items(program, hilltop)))) == fx.HILLTOP_EXPECTED
    everyone = set(_found(_own(q.attention_items(program, fx.admin()))))
    assert everyone == set(fx.EXPECTED) | fx.HILLTOP_EXPECTED
    nobody = Filters(fx.D(2026, 1, 1), fx.DAY, AccessScope("supervisor", see_identities=True))
    assert q.attention_items(program, nobody).empty


def test_an_admin_choosing_a_site_gets_that_sites_items(program: Engine) -> None:
    chosen = Filters(fx.D(2026, 1, 1), fx.DAY, fx.admin().scope, site_ids=(fx.RIVERSIDE,))
    pd.testing.assert_frame_equal(
        q.attention_items(program, chosen), q.attention_items(program, fx.riverside())
    )


KIND_FUNCTIONS = {
    "new_match_no_contact": q.new_match_items,
    "no_contact": q.no_contact_items,
    "mentor_away": q.mentor_away_items,
    "waiting_long": q.waiting_items,
    "free_place": q.free_place_items,
    "over_capacity": q.over_capacity_items,
    "may_need_support": q.crisis_rise_items,
}


@pytest.mark.parametrize("kind", sorted(KIND_FUNCTIONS))
def test_each_kind_has_its_own_function(program: Engine, kind: str) -> None:
    df = KIND_FUNCTIONS[kind](program, fx.riverside())
    expected = {key: days for key, days in fx.EXPECTED.items() if key[0] == kind}
    assert _found(df) == expected
    assert list(df.columns) == list(q.ITEM_COLUMNS)


def test_thresholds_are_settings(program: Engine) -> None:
    strict = q.attention_items(
        program,
        fx.riverside(),
        no_contact_days=30,
        waiting_days=60,
        new_match_days=30,
    )
    found = set(_found(_own(strict)))
    assert ("no_contact", "match:1") not in found  # 21 days < 30
    assert ("no_contact", "match:7") not in found  # 16 days < 30
    assert ("waiting_long", "mentee:12") not in found  # 45 days < 60
    assert ("waiting_long", "mentee:10") in found  # 75 days
    assert ("new_match_no_contact", "match:3") not in found  # 26 days < 30
    assert ("may_need_support", "mentor:1") in found  # the Workload page's rule


def test_cause_ending_removes_the_item(program: Engine) -> None:
    with program.begin() as conn:
        conn.execute(insert(s.Contact), [fx.contact(1, fx.D(2026, 6, 14))])
        conn.execute(insert(s.Contact), [fx.contact(3, fx.D(2026, 6, 1))])
    found = set(_found(q.attention_items(program, fx.riverside())))
    assert ("no_contact", "match:1") not in found
    assert ("new_match_no_contact", "match:3") not in found


def test_identities_are_not_even_selected_without_permission(program: Engine) -> None:
    statements: list[str] = []

    def capture(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement.lower())

    event.listen(program, "before_cursor_execute", capture)
    try:
        df = q.attention_items(program, fx.riverside(see_identities=False))
    finally:
        event.remove(program, "before_cursor_execute", capture)
    assert set(_found(df)) == set(fx.EXPECTED)  # no assessment list without identities
    assert df["mentee_id"].isna().all()
    assert df["mentee_code"].isna().all() and df["mentee_name"].isna().all()
    sql = " ".join(statements)
    assert "mentees.display_name" not in sql and "mentees.code" not in sql


def test_details_never_name_a_mentee(program: Engine) -> None:
    df = q.attention_items(program, fx.admin())
    identities = {m["code"] for m in fx.MENTEES} | {m["display_name"] for m in fx.MENTEES}
    text = " ".join(df["detail"]) + " ".join(df["fingerprint"]) + " ".join(df["item_key"])
    assert not [i for i in identities if i in text]


def test_a_scope_that_hides_small_counts_reads_fewer_than(program: Engine) -> None:
    viewer = AccessScope("meeting_viewer", frozenset({1}), small_cell_min=5)
    df = q.free_place_items(program, Filters(fx.D(2026, 1, 1), fx.DAY, viewer))
    assert df["detail"].tolist() == [
        "fewer than 5 mentees waiting while 1 place is free (Ben Okafor 1)"
    ]


def _mark(engine: Engine, kind: str, key: str, fingerprint: str, mark: str, until=None) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        conn.execute(
            insert(s.AttentionMark).values(
                site_id=1,
                kind=kind,
                item_key=key,
                fingerprint=fingerprint,
                mark=mark,
                snooze_until=until,
                reason="Called the mentor, sorting it out",
                marked_by="sam",
                marked_at=dt.datetime(2026, 6, 14, 9, 0),
            )
        )


def test_marks_hold_while_the_cause_stays_the_same(program: Engine) -> None:
    _mark(program, "over_capacity", "mentor:5", "caseload:2:capacity:1", "seen")
    _mark(program, "waiting_long", "mentee:10", "since:2026-04-01", "snoozed", fx.D(2026, 6, 20))
    _mark(program, "waiting_long", "mentee:12", "since:2026-05-01", "snoozed", fx.D(2026, 6, 15))
    _mark(program, "no_contact", "match:1", "last:2026-05-01", "seen")  # an older cause
    df = q.attention_items(program, fx.riverside()).set_index(["kind", "item_key"])
    seen = df.loc[("over_capacity", "mentor:5")]
    assert (seen["mark"], seen["marked_by"]) == ("seen", "sam")
    snoozed = df.loc[("waiting_long", "mentee:10")]
    assert snoozed["mark"] == "snoozed" and snoozed["snooze_until"] == fx.D(2026, 6, 20)
    assert snoozed["mark_reason"] == "Called the mentor, sorting it out"
    assert pd.isna(df.loc[("waiting_long", "mentee:12")]["mark"])  # the snooze has run out
    assert pd.isna(df.loc[("no_contact", "match:1")]["mark"])  # the cause changed since

    # The caseload grows: the over-capacity item returns (its cause changed).
    with program.begin() as conn:
        conn.execute(insert(s.Match), [fx._match(50, 1, 5, 11, fx.D(2026, 6, 10))])
    df = q.attention_items(program, fx.riverside()).set_index(["kind", "item_key"])
    assert pd.isna(df.loc[("over_capacity", "mentor:5")]["mark"])
    # A later clear ends a snooze at once.
    _mark(program, "waiting_long", "mentee:10", "since:2026-04-01", "cleared")
    df = q.attention_items(program, fx.riverside()).set_index(["kind", "item_key"])
    assert pd.isna(df.loc[("waiting_long", "mentee:10")]["mark"])


def test_counts_by_kind(program: Engine) -> None:
    _mark(program, "waiting_long", "mentee:10", "since:2026-04-01", "snoozed", fx.D(2026, 7, 1))
    counts = q.attention_counts(program, fx.riverside()).set_index("kind")
    assert list(counts.index) == list(q.KINDS)
    counts = counts.drop(index=list(BORROWED))
    assert counts.loc["no_contact", "open"] == 3
    assert counts.loc["waiting_long", "open"] == 1
    assert counts.loc["waiting_long", "snoozed"] == 1
    assert counts["open"].sum() + counts["snoozed"].sum() == len(fx.EXPECTED)


def test_weekly_wins(program: Engine) -> None:
    with program.begin() as conn:
        conn.execute(
            insert(s.Match),
            [
                fx._match(60, 1, 2, 11, fx.D(2025, 12, 12)),  # six months on 12 June
                fx._match(61, 1, 1, 12, fx.D(2025, 6, 12), fx.D(2026, 6, 13)),  # a year on 12 June
                fx._match(62, 1, 1, 10, fx.D(2025, 6, 13), fx.D(2026, 1, 1)),  # closed before
                fx._match(63, 2, 6, 15, fx.D(2025, 12, 10)),  # Hilltop
            ],
        )
        goals = [
            dict(mentee_id=1, site_id=1, category="transport", description="bus pass",
                 set_date=fx.D(2026, 3, 1), achieved_date=fx.D(2026, 6, 12)),
            dict(mentee_id=2, site_id=1, category="food", description="shopping",
                 set_date=fx.D(2026, 3, 1), achieved_date=fx.D(2026, 6, 1)),
            dict(mentee_id=13, site_id=2, category="food", description="shopping",
                 set_date=fx.D(2026, 3, 1), achieved_date=fx.D(2026, 6, 13)),
        ]  # fmt: skip
        conn.execute(insert(s.Goal), goals)
        rebuild_all(conn)
    week = q.weekly_wins(program, fx.riverside()).iloc[0].to_dict()
    assert week == {"milestones": 1, "new_matches": 0, "six_months": 1, "twelve_months": 1}
    fortnight = q.weekly_wins(program, fx.riverside(), days=14).iloc[0].to_dict()
    assert fortnight == {"milestones": 1, "new_matches": 1, "six_months": 1, "twelve_months": 1}
    everyone = q.weekly_wins(program, fx.admin()).iloc[0].to_dict()
    assert everyone["milestones"] == 2 and everyone["six_months"] == 2


def test_assessments_due_follow_the_outcomes_schedule(program: Engine) -> None:
    from data.queries.outcomes.followup import FollowUpSchedule, assessments_due

    with program.begin() as conn:  # mentee 1's baseline is done: one fewer due
        conn.execute(
            insert(s.Instrument).values(id=1, code="ladder", name="Ladder", higher_is_better=True)
        )
        conn.execute(
            insert(s.Assessment).values(
                id=1, mentee_id=1, site_id=1, instrument_id=1,
                assessed_on=fx.D(2026, 1, 10), is_baseline=True,
            )
        )  # fmt: skip
    items = q.assessment_due_items(program, fx.riverside())
    due = assessments_due(program, fx.riverside(), schedule=FollowUpSchedule())
    assert set(items["item_key"]) == {f"mentee:{m}" for m in due["mentee_id"]}
    assert not items.empty and set(items["site"]) == {"Riverside"}
    assert items["days"].min() >= 0
    one = items.set_index("item_key")
    assert one.loc["mentee:12", "detail"].startswith("follow-up assessment overdue")
    # Within the list, and never for a scope without identities.
    listed = q.attention_items(program, fx.riverside())
    assert set(listed[listed["kind"] == q.ASSESSMENT_DUE]["item_key"]) == set(items["item_key"])
    assert q.assessment_due_items(program, fx.riverside(see_identities=False)).empty
    hilltop = Filters(fx.D(2026, 1, 1), fx.DAY, fx.scope((fx.HILLTOP,)))
    assert set(q.assessment_due_items(program, hilltop)["site"]) == {"Hilltop"}


def test_action_items_past_their_due_month(program: Engine) -> None:
    def note(id_, meeting, site, due, status="open", mentor=1):  # type: ignore[no-untyped-def]
        return dict(id=id_, meeting_id=meeting, site_id=site, mentor_id=mentor,
                    kind="action_item", text="Call Unique Mentee Name01 about housing",
                    author="sam", is_done=False, version=1, owner="mentor", due_month=due,
                    status=status)  # fmt: skip

    with program.begin() as conn:
        conn.execute(
            insert(s.ConsultationMeeting),
            [
                dict(id=1, site_id=1, month=fx.D(2026, 4, 1), held_on=fx.D(2026, 4, 8)),
                dict(id=2, site_id=2, month=fx.D(2026, 4, 1), held_on=fx.D(2026, 4, 9)),
            ],
        )
        conn.execute(
            insert(s.ConsultationNote),
            [
                note(1, 1, 1, fx.D(2026, 5, 1)),  # due in May: past due on 15 June
                note(2, 1, 1, fx.D(2026, 6, 1)),  # due this month: not yet
                note(3, 1, 1, fx.D(2026, 4, 1), status="done"),
                note(4, 2, 2, fx.D(2026, 4, 1), mentor=6),  # Hilltop
            ],
        )
    items = q.action_item_items(program, fx.riverside())
    assert _found(items) == {("action_item_overdue", "note:1"): 14}
    row = items.iloc[0]
    assert row["mentor"] == "Amanda Diaz" and row["since"] == fx.D(2026, 6, 1)
    assert row["detail"] == "action item (a mentor's) from the April 2026 meeting, due in May 2026"
    assert "Unique Mentee" not in " ".join(items["detail"])
    everyone = set(_found(q.action_item_items(program, fx.admin())))
    assert everyone == {("action_item_overdue", "note:1"), ("action_item_overdue", "note:4")}
