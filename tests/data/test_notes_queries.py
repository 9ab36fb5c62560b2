"""Notes queries on SQLite and PostgreSQL: browse, search, action items, the room, trends,
and the suggested agenda, all counted by hand from tests/data/notes_fixture.py."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine, update

from data.filters import Filters
from data.queries import notes
from data.queries.notes import agenda
from data.queries.notes import trends as notes_trends
from data.schema import ConsultationNote
from data.services.notes import Editor, NoteDraft, delete_note, edit_note
from tests.data import notes_fixture as nf
from tests.data.queries_fixture import RIVERSIDE

D = dt.date
PERIOD = (D(2026, 1, 1), D(2026, 6, 15))


@pytest.fixture
def program(any_engine: Engine) -> tuple[Engine, dict[str, int]]:
    return any_engine, nf.load_meetings(any_engine)


def riverside(**kwargs: object) -> Filters:
    return Filters(*PERIOD, scope=nf.RIVERSIDE_SUPERVISOR, **kwargs)  # type: ignore[arg-type]


def admin(**kwargs: object) -> Filters:
    return Filters(*PERIOD, scope=nf.ADMIN_SCOPE, **kwargs)  # type: ignore[arg-type]


def viewer() -> Filters:
    return Filters(*PERIOD, scope=nf.VIEWER)


def test_meetings_in_period_are_scoped_and_newest_first(program) -> None:
    engine, ids = program
    df = notes.meetings_in_period(engine, riverside())
    assert df[["meeting_id", "attendees", "notes"]].values.tolist() == [
        [ids["march"], 1, 1],
        [ids["february"], 2, 5],
    ]
    assert len(notes.meetings_in_period(engine, admin())) == 3
    assert notes.meeting_in_scope(engine, riverside(), ids["hilltop"]).empty
    only_bea = notes.meetings_in_period(engine, admin(mentor_ids=(2,)))
    assert only_bea["meeting_id"].tolist() == [ids["february"]]


def test_meeting_notes_put_strengths_first_and_hide_text_from_viewers(program) -> None:
    engine, ids = program
    df = notes.meeting_notes(engine, riverside(), ids["february"])
    assert df["kind"].tolist() == [
        "accomplishment",
        "positive_impact",
        "challenge",
        "challenge",
        "action_item",
    ]
    assert df.loc[0, "mentor"] == "Alex Mentor"
    assert notes.meeting_notes(engine, viewer(), ids["february"]).empty
    assert notes.meeting_notes(engine, riverside(), ids["hilltop"]).empty


def test_attendance_lists_the_sites_mentors_in_post(program) -> None:
    engine, ids = program
    df = notes.meeting_attendance(engine, riverside(), ids["march"])
    # Dee (4) left at the end of 2025: not offered for a 2026 meeting.
    assert df.values.tolist() == [[1, "Alex Mentor", True], [2, "Bea Mentor", False]]
    assert notes.meeting_attendance(engine, riverside(), ids["hilltop"]).empty


def test_search_finds_stems_and_prefixes_within_scope_and_period(program) -> None:
    engine, ids = program
    found = notes.search_notes(engine, admin(), "bank")
    assert sorted(found["site"]) == ["Hilltop", "Riverside"]
    assert notes.search_notes(engine, riverside(), "bank")["mentor"].tolist() == ["Alex Mentor"]
    # Stemming and prefixes: "visits" and "visited" both match "visit".
    visits = notes.search_notes(engine, riverside(), "visit")
    assert sorted(visits["kind"]) == ["accomplishment", "positive_impact"]
    assert len(notes.search_notes(engine, riverside(), "hous")) == 1
    # Every word must match.
    assert notes.search_notes(engine, riverside(), "bank housing").empty
    # Mentor and period filters apply.
    assert notes.search_notes(engine, riverside(mentor_ids=(2,)), "visit")["mentor"].tolist() == [
        "Bea Mentor"
    ]
    march_only = Filters(D(2026, 3, 1), D(2026, 3, 31), scope=nf.RIVERSIDE_SUPERVISOR)
    assert notes.search_notes(engine, march_only, "visit")["meeting_id"].tolist() == [ids["march"]]
    assert notes.search_notes(engine, viewer(), "visit").empty


def test_search_follows_edits_and_deletes(program) -> None:
    engine, _ = program
    row = notes.search_notes(engine, riverside(), "housing office").iloc[0]
    edit_note(
        engine,
        nf.RIVERSIDE_SUPERVISOR,
        int(row.note_id),
        int(row.version),
        NoteDraft("accomplishment", "Alex went to the tenancy tribunal with a mentee.", 1),
        Editor("sam"),
    )
    assert notes.search_notes(engine, riverside(), "housing").empty
    assert notes.search_notes(engine, riverside(), "tribunal")["note_id"].tolist() == [row.note_id]
    delete_note(engine, nf.RIVERSIDE_SUPERVISOR, int(row.note_id), 2, Editor("sam"))
    assert notes.search_notes(engine, riverside(), "tribunal").empty


@pytest.mark.parametrize(
    "hostile",
    ['"', "bank OR", "NEAR(bank", "bank*", "a:b & !c | (d", "'; DROP TABLE x; --", "^", "_", ""],
)
def test_search_treats_any_typed_text_as_words(program, hostile) -> None:
    engine, _ = program
    df = notes.search_notes(engine, admin(), hostile)
    assert list(df.columns) == list(notes.NOTE_COLUMNS)


def test_search_terms_keep_words_only() -> None:
    assert notes.search_terms('Bank "OR" (visit*') == ["bank", "or", "visit"]
    assert notes.search_terms(None) == []
    assert len(notes.search_terms("w " * 50)) == 1
    assert len(notes.search_terms(" ".join(f"w{i}" for i in range(20)))) == 8


def test_notes_about_a_mentor_put_accomplishments_first(program) -> None:
    engine, _ = program
    df = notes.notes_about_mentor(engine, riverside(), 1)
    assert df["kind"].tolist() == ["accomplishment", "accomplishment", "action_item"]
    assert notes.notes_about_mentor(engine, riverside(), 3).empty  # Cal is at Hilltop
    assert notes.notes_about_mentor(engine, viewer(), 1).empty


def test_open_action_items_carry_over_and_fall_overdue(program) -> None:
    engine, ids = program
    carried = notes.carried_over_action_items(engine, riverside(), D(2026, 3, 1), RIVERSIDE)
    assert carried[["meeting_id", "owner", "due_month"]].values.tolist() == [
        [ids["february"], "mentor", D(2026, 3, 1)]
    ]
    assert notes.carried_over_action_items(engine, riverside(), D(2026, 2, 1)).empty
    assert notes.overdue_action_items(engine, riverside(), D(2026, 3, 31)).empty
    overdue = notes.overdue_action_items(engine, riverside(), D(2026, 4, 1))
    assert overdue["text"].tolist() == ["Alex to find a cheaper bus pass route."]
    row = carried.iloc[0]
    edit_note(
        engine,
        nf.RIVERSIDE_SUPERVISOR,
        int(row.note_id),
        int(row.version),
        NoteDraft("action_item", row.text, 1, owner="mentor", status="done"),
        Editor("sam"),
    )
    assert notes.carried_over_action_items(engine, riverside(), D(2026, 3, 1)).empty
    assert notes.overdue_action_items(engine, riverside(), D(2026, 4, 1)).empty


def test_the_room_sees_strengths_first_and_only_marked_challenges(program) -> None:
    engine, _ = program
    assert notes.room_notes(engine, viewer(), D(2026, 2, 1)).empty  # nothing cleared yet
    with engine.begin() as conn:  # as if a supervisor cleared every note for the room
        conn.execute(update(ConsultationNote).values(cleared_version=ConsultationNote.version))
    room = notes.room_notes(engine, viewer(), D(2026, 2, 1))
    assert room["kind"].tolist() == [
        "accomplishment",
        "positive_impact",
        "challenge",
        "action_item",
    ]
    assert list(room.columns) == ["kind", "mentor", "text"]
    challenges = notes.room_challenges(engine, viewer(), D(2026, 2, 1))
    assert challenges["text"].tolist() == ["Waiting list is long; discuss in the room."]


def test_attendance_strengths_and_action_item_trends(program) -> None:
    engine, ids = program
    attendance = notes_trends.attendance_by_meeting(engine, riverside())
    assert attendance[["meeting_id", "attendees", "mentors_in_post"]].values.tolist() == [
        [ids["february"], 2, 2],
        [ids["march"], 1, 2],
    ]
    strengths = notes_trends.strengths_by_month(engine, admin())
    assert strengths.values.tolist() == [[D(2026, 2, 1), 2, 1], [D(2026, 3, 1), 1, 0]]
    actions = notes_trends.action_items_by_month(engine, riverside())
    assert actions[["month", "opened", "closed"]].values.tolist() == [[D(2026, 2, 1), 1, 0]]
    assert pd.isna(actions.loc[0, "mean_days_open"])


def test_suggested_agenda_for_february(program) -> None:
    engine, _ = program
    df = agenda.suggested_agenda(engine, riverside(), RIVERSIDE, D(2026, 2, 1))
    assert df[["mentor", "source", "count"]].values.tolist() == [
        ["Alex Mentor", "milestones", 1],
        ["Alex Mentor", "groups", 1],
        ["Alex Mentor", "contacts", 2],
        ["Alex Mentor", "outcome_gains", 1],
        ["Alex Mentor", "long_matches_12", 1],
        ["Bea Mentor", "groups", 1],
    ]
    assert df.loc[2, "text"] == "Alex Mentor made 2 contacts with 2 mentees."
    may = agenda.suggested_agenda(engine, riverside(), RIVERSIDE, D(2026, 5, 1))
    assert ["Bea Mentor", "long_matches_6", 1] in may[["mentor", "source", "count"]].values.tolist()


def test_suggested_agenda_hides_small_counts_and_other_sites(program) -> None:
    engine, _ = program
    df = agenda.suggested_agenda(engine, viewer(), RIVERSIDE, D(2026, 2, 1))
    contacts = df[df["source"] == "contacts"].iloc[0]
    assert contacts.text == "Alex Mentor made fewer than 5 contacts with fewer than 5 mentees."
    groups = df[df["source"] == "groups"]
    assert groups["count"].tolist() == [1, 1]  # sessions, not people
    assert agenda.suggested_agenda(engine, riverside(), 2, D(2026, 2, 1)).empty
