"""The notes write path: validation, optimistic locking, revisions, soft delete, audit, faults.

Runs on SQLite and (with TEST_DATABASE_URL) PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.exc import OperationalError

from data.schema import (
    AuditEvent,
    ConsultationMeeting,
    ConsultationNote,
    MeetingAttendee,
    NoteRevision,
)
from data.services.notes import (
    MAX_NOTE_CHARS,
    Editor,
    MeetingPlan,
    NoteConflict,
    NoteDraft,
    NoteInvalid,
    NoteNotFound,
    NotePermission,
    add_note,
    create_meeting,
    delete_note,
    edit_note,
    set_attendees,
    undo_delete,
)
from data.versioning import current_version
from tests.data import notes_fixture as nf
from tests.data.queries_fixture import RIVERSIDE, load

D = dt.date


@pytest.fixture
def meetings(any_engine: Engine) -> tuple[Engine, dict[str, int]]:
    return any_engine, nf.load_meetings(any_engine)


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def _note(engine: Engine, note_id: int):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(select(ConsultationNote).where(ConsultationNote.id == note_id)).one()


def _first_note(engine: Engine, meeting_id: int) -> int:
    with engine.connect() as conn:
        return conn.execute(
            select(func.min(ConsultationNote.id)).where(ConsultationNote.meeting_id == meeting_id)
        ).scalar_one()


def test_create_meeting_writes_attendees_notes_and_first_revisions(meetings) -> None:
    engine, ids = meetings
    with engine.connect() as conn:
        attendees = conn.execute(
            select(MeetingAttendee.mentor_id).where(MeetingAttendee.meeting_id == ids["february"])
        ).scalars()
        assert sorted(attendees) == [1, 2]
        notes = conn.execute(
            select(ConsultationNote.kind, ConsultationNote.version, ConsultationNote.author)
            .where(ConsultationNote.meeting_id == ids["february"])
            .order_by(ConsultationNote.id)
        ).all()
    assert [n.kind for n in notes] == [d.kind for d in nf.FEBRUARY_NOTES]
    assert {(n.version, n.author) for n in notes} == {(1, "sam")}
    assert _count(engine, NoteRevision) == _count(engine, ConsultationNote) == 7


def test_one_meeting_per_site_and_month_and_nothing_saved_when_invalid(meetings) -> None:
    engine, _ = meetings
    before = (_count(engine, ConsultationMeeting), current_version(engine))
    with pytest.raises(NoteInvalid) as error:
        create_meeting(
            engine, nf.RIVERSIDE_SUPERVISOR, MeetingPlan(RIVERSIDE, D(2026, 2, 20)), nf.SAM
        )
    assert "already has a meeting for February 2026" in error.value.errors["month"]
    with pytest.raises(NoteInvalid) as error:
        create_meeting(
            engine,
            nf.RIVERSIDE_SUPERVISOR,
            MeetingPlan(RIVERSIDE, D(2026, 4, 1), None, (1, 3)),
            nf.SAM,
        )
    assert "attendee" in error.value.errors["attendees"]
    with pytest.raises(NoteInvalid) as error:
        create_meeting(
            engine,
            nf.RIVERSIDE_SUPERVISOR,
            MeetingPlan(RIVERSIDE, D(2026, 4, 1), D(2026, 5, 2), (), (NoteDraft("nope", ""),)),
            nf.SAM,
        )
    assert set(error.value.errors) == {"held_on", "kind", "text"}
    with pytest.raises(NoteInvalid) as error:
        create_meeting(
            engine,
            nf.RIVERSIDE_SUPERVISOR,
            MeetingPlan(RIVERSIDE, D(2026, 4, 1), None, (), (NoteDraft("challenge", "x", 3),)),
            nf.SAM,
        )
    assert "does not belong" in error.value.errors["mentor"]
    assert (_count(engine, ConsultationMeeting), current_version(engine)) == before


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (NoteDraft("accomplishment", "   "), "text"),
        (NoteDraft("accomplishment", "x" * (MAX_NOTE_CHARS + 1)), "text"),
        (NoteDraft("party", "text"), "kind"),
        (NoteDraft("action_item", "Call back", None, owner="mentor"), "owner"),
        (NoteDraft("action_item", "Call back", None, status="maybe"), "status"),
    ],
)
def test_invalid_notes_are_refused_beside_their_field(meetings, draft, field) -> None:
    engine, ids = meetings
    before = _count(engine, ConsultationNote)
    with pytest.raises(NoteInvalid) as error:
        add_note(engine, nf.RIVERSIDE_SUPERVISOR, ids["march"], draft, nf.SAM)
    assert field in error.value.errors
    assert _count(engine, ConsultationNote) == before


def test_writers_are_staff_of_the_meetings_site(meetings) -> None:
    engine, ids = meetings
    draft = NoteDraft("accomplishment", "A win")
    with pytest.raises(NotePermission):
        add_note(engine, nf.VIEWER, ids["february"], draft, nf.SAM)
    with pytest.raises(NoteNotFound):
        add_note(engine, nf.HILLTOP_SUPERVISOR, ids["february"], draft, nf.SAM)
    with pytest.raises(NoteNotFound):
        edit_note(
            engine, nf.HILLTOP_SUPERVISOR, _first_note(engine, ids["february"]), 1, draft, nf.SAM
        )
    with pytest.raises(NotePermission):
        create_meeting(engine, nf.HILLTOP_SUPERVISOR, MeetingPlan(RIVERSIDE, D(2026, 5, 1)), nf.SAM)
    with pytest.raises(NoteNotFound):
        set_attendees(engine, nf.HILLTOP_SUPERVISOR, ids["february"], [1], nf.SAM)


def test_an_edit_from_an_old_version_is_refused_with_both_texts(meetings) -> None:
    engine, ids = meetings
    note_id = _first_note(engine, ids["february"])
    mine = NoteDraft("challenge", "Transport is hard: try the community bus.")
    theirs = NoteDraft("challenge", "Transport is hard; the clinic may run a shuttle.")
    saved = edit_note(engine, nf.ADMIN_SCOPE, note_id, 1, theirs, Editor("ada"))
    assert saved.version == 2
    version_before = current_version(engine)

    with pytest.raises(NoteConflict) as conflict:
        edit_note(engine, nf.RIVERSIDE_SUPERVISOR, note_id, 1, mine, nf.SAM)
    assert conflict.value.yours == mine.text
    assert conflict.value.theirs == theirs.text
    assert (conflict.value.their_version, conflict.value.their_author) == (2, "ada")
    assert not conflict.value.deleted
    assert _note(engine, note_id).text == theirs.text
    assert current_version(engine) == version_before

    # Starting again from the version now saved succeeds, and every state is kept.
    edit_note(engine, nf.RIVERSIDE_SUPERVISOR, note_id, 2, mine, nf.SAM)
    with engine.connect() as conn:
        history = conn.execute(
            select(NoteRevision.version, NoteRevision.text, NoteRevision.edited_by)
            .where(NoteRevision.note_id == note_id)
            .order_by(NoteRevision.version)
        ).all()
    assert [tuple(h) for h in history] == [
        (1, nf.FEBRUARY_NOTES[0].text, "sam"),
        (2, theirs.text, "ada"),
        (3, mine.text, "sam"),
    ]


def test_delete_is_soft_undo_brings_it_back_and_a_deleted_note_refuses_edits(meetings) -> None:
    engine, ids = meetings
    note_id = _first_note(engine, ids["march"])
    with pytest.raises(NoteConflict):
        delete_note(engine, nf.RIVERSIDE_SUPERVISOR, note_id, 7, nf.SAM)
    delete_note(engine, nf.RIVERSIDE_SUPERVISOR, note_id, 1, nf.SAM)
    assert _note(engine, note_id).deleted_at is not None
    with pytest.raises(NoteConflict) as conflict:
        edit_note(engine, nf.RIVERSIDE_SUPERVISOR, note_id, 1, NoteDraft("challenge", "x"), nf.SAM)
    assert conflict.value.deleted
    undo_delete(engine, nf.RIVERSIDE_SUPERVISOR, note_id, nf.SAM)
    restored = _note(engine, note_id)
    assert restored.deleted_at is None
    assert restored.text == "Alex visited the housing office with a mentee."


def test_action_items_close_and_reopen(meetings) -> None:
    engine, _ = meetings
    with engine.connect() as conn:
        note_id = conn.execute(
            select(ConsultationNote.id).where(ConsultationNote.kind == "action_item")
        ).scalar_one()
    item = _note(engine, note_id)
    assert (item.owner, item.status, item.due_month, item.closed_at) == (
        "mentor",
        "open",
        D(2026, 3, 1),
        None,
    )
    done = NoteDraft("action_item", item.text, 1, owner="mentor", status="done")
    edit_note(engine, nf.RIVERSIDE_SUPERVISOR, note_id, 1, done, nf.SAM)
    closed = _note(engine, note_id)
    assert closed.status == "done" and closed.is_done and closed.closed_at is not None
    reopened = NoteDraft("action_item", item.text, 1, owner="mentor", status="open")
    edit_note(engine, nf.RIVERSIDE_SUPERVISOR, note_id, 2, reopened, nf.SAM)
    assert _note(engine, note_id).closed_at is None


def test_every_write_bumps_the_data_version_and_is_audited_without_text(meetings) -> None:
    engine, ids = meetings
    start = current_version(engine)
    saved = add_note(
        engine,
        nf.RIVERSIDE_SUPERVISOR,
        ids["march"],
        NoteDraft("accomplishment", "Secret words here"),
        nf.SAM,
        origin="suggested",
    )
    edit_note(
        engine,
        nf.RIVERSIDE_SUPERVISOR,
        saved.note_id,
        1,
        NoteDraft("accomplishment", "Other secret words"),
        nf.SAM,
    )
    delete_note(engine, nf.RIVERSIDE_SUPERVISOR, saved.note_id, 2, nf.SAM)
    undo_delete(engine, nf.RIVERSIDE_SUPERVISOR, saved.note_id, nf.SAM)
    set_attendees(engine, nf.RIVERSIDE_SUPERVISOR, ids["march"], [1, 2], nf.SAM)
    assert current_version(engine) == start + 5
    assert _note(engine, saved.note_id).origin == "suggested"
    with engine.connect() as conn:
        events = conn.execute(
            select(AuditEvent).where(AuditEvent.event == "note_edit").order_by(AuditEvent.id)
        ).all()
    assert len(events) == 3 + 5  # three meetings created, then five writes
    assert {e.username for e in events[-5:]} == {"sam"}
    assert all(e.occurred_at is not None for e in events)
    for e in events:
        assert "secret" not in (e.target + e.detail).lower()


def test_a_database_failure_mid_save_leaves_no_partial_meeting(any_engine: Engine) -> None:
    load(any_engine)
    before = current_version(any_engine)

    def fail_on_revisions(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if "note_revisions" in statement and statement.lstrip().upper().startswith("INSERT"):
            raise OperationalError(statement, parameters, Exception("server closed the connection"))

    event.listen(any_engine, "before_cursor_execute", fail_on_revisions)
    try:
        with pytest.raises(OperationalError):
            create_meeting(
                any_engine,
                nf.RIVERSIDE_SUPERVISOR,
                MeetingPlan(RIVERSIDE, D(2026, 4, 1), None, (1, 2), nf.FEBRUARY_NOTES),
                nf.SAM,
            )
    finally:
        event.remove(any_engine, "before_cursor_execute", fail_on_revisions)
    assert _count(any_engine, ConsultationMeeting) == 0
    assert _count(any_engine, MeetingAttendee) == 0
    assert _count(any_engine, ConsultationNote) == 0
    assert current_version(any_engine) == before
    # The same plan saves once the database answers again.
    create_meeting(
        any_engine,
        nf.RIVERSIDE_SUPERVISOR,
        MeetingPlan(RIVERSIDE, D(2026, 4, 1), None, (1, 2), nf.FEBRUARY_NOTES),
        nf.SAM,
    )
    assert _count(any_engine, ConsultationNote) == len(nf.FEBRUARY_NOTES)
