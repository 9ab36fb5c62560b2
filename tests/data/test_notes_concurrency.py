"""Two processes writing notes at once lose nothing (SQLite in WAL with a busy timeout, and
PostgreSQL): every added note is there, and every accepted edit of one shared note is a
revision, in an unbroken version sequence, with each refused edit reported as a conflict."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import Engine, func, select

from data.db import make_engine
from data.filters import AccessScope
from data.schema import ConsultationNote, NoteRevision
from data.services.notes import Editor, NoteConflict, NoteDraft, add_note, edit_note
from tests.data import notes_fixture as nf

NOTES_EACH = 15
EDITS_EACH = 15
SCOPE = AccessScope("supervisor", frozenset({1}), see_identities=True, username="w")


def _writer(url: str, name: str, meeting_id: int, shared_note: int, results) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(url)
    accepted = refused = 0
    try:
        for i in range(max(NOTES_EACH, EDITS_EACH)):
            if i < NOTES_EACH:
                add_note(
                    engine,
                    SCOPE,
                    meeting_id,
                    NoteDraft("accomplishment", f"{name} note {i}"),
                    Editor(name),
                )
            if i < EDITS_EACH:
                with engine.connect() as conn:
                    version = conn.execute(
                        select(ConsultationNote.version).where(ConsultationNote.id == shared_note)
                    ).scalar_one()
                try:
                    edit_note(
                        engine,
                        SCOPE,
                        shared_note,
                        version,
                        NoteDraft("challenge", f"{name} edit {i}"),
                        Editor(name),
                    )
                    accepted += 1
                except NoteConflict:
                    refused += 1
        results.put((name, accepted, refused, None))
    except Exception as exc:  # reported to the test, which fails with it
        results.put((name, accepted, refused, repr(exc)))
    finally:
        engine.dispose()


def test_two_processes_writing_at_once_lose_nothing(any_engine: Engine) -> None:
    ids = nf.load_meetings(any_engine)
    url = any_engine.url.render_as_string(hide_password=False)
    with any_engine.connect() as conn:
        shared_note = conn.execute(
            select(func.min(ConsultationNote.id)).where(
                ConsultationNote.meeting_id == ids["february"]
            )
        ).scalar_one()
        notes_before = conn.execute(select(func.count()).select_from(ConsultationNote)).scalar()
    any_engine.dispose()  # the children open their own connections

    # Spawned, not forked: a fork of the test process (which by now may run browser, Celery
    # and server threads) can inherit a lock held by another thread and hang.
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [
        context.Process(target=_writer, args=(url, name, ids["february"], shared_note, results))
        for name in ("ann", "ben")
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert [o[3] for o in outcomes] == [None, None], outcomes

    accepted = sum(o[1] for o in outcomes)
    assert sum(o[1] + o[2] for o in outcomes) == 2 * EDITS_EACH
    with any_engine.connect() as conn:
        added = conn.execute(
            select(ConsultationNote.text).where(ConsultationNote.text.like("% note %"))
        ).scalars()
        assert sorted(added) == sorted(
            f"{name} note {i}" for name in ("ann", "ben") for i in range(NOTES_EACH)
        )
        total = conn.execute(select(func.count()).select_from(ConsultationNote)).scalar()
        assert total == notes_before + 2 * NOTES_EACH
        versions = conn.execute(
            select(NoteRevision.version)
            .where(NoteRevision.note_id == shared_note)
            .order_by(NoteRevision.version)
        ).scalars()
        assert list(versions) == list(range(1, accepted + 2))
        note = conn.execute(
            select(ConsultationNote.version, ConsultationNote.text).where(
                ConsultationNote.id == shared_note
            )
        ).one()
        last = conn.execute(
            select(NoteRevision.text).where(
                NoteRevision.note_id == shared_note, NoteRevision.version == note.version
            )
        ).scalar_one()
    assert note.version == accepted + 1
    assert note.text == last
