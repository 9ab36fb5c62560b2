"""Every write callback of the notes page and of meeting mode's capture slide, replayed by hand
as a role that may not make that write: a meeting viewer at their own site, and a supervisor
at another site. Each request is the one the browser would send for a real write (real note,
meeting and mentor ids, a pressed button); the database must be unchanged after it. (The import
job has its own replay tests: tests/callbacks/test_data_import.py.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from dash import Dash
from sqlalchemy import Engine, select, update

from dashboard import create_app
from dashboard.settings import Settings
from data import schema as s
from data.db import make_engine
from data.migrate import upgrade
from data.services.users import ensure_demo_users
from tests.data import notes_fixture as nf
from tests.fixtures_app import ClientFor, _signed_in_clients
from tests.support import callback_body, callback_keys, same_origin_headers

WRITE_TABLES = (
    s.ConsultationMeeting,
    s.ConsultationNote,
    s.NoteRevision,
    s.MeetingAttendee,
)


@pytest.fixture
def program(tmp_path: Path, settings: Settings) -> tuple[Dash, Engine, dict[str, int]]:
    """Riverside (site 1, the demo supervisor's and viewer's) and Hilltop (site 2) with their
    meetings and notes; one Hilltop and one Riverside note deleted (for Undo)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'program.sqlite3'}")
    upgrade(engine)
    meetings = nf.load_meetings(engine)
    ensure_demo_users(engine, settings)
    with engine.begin() as conn:
        for site in (nf.RIVERSIDE, nf.HILLTOP):
            first = conn.scalar(
                select(s.ConsultationNote.id)
                .where(s.ConsultationNote.site_id == site)
                .order_by(s.ConsultationNote.id)
            )
            conn.execute(
                update(s.ConsultationNote)
                .where(s.ConsultationNote.id == first)
                .values(deleted_at=s.utcnow())
            )
    return create_app(settings=settings, engine=engine), engine, meetings


def _snapshot(engine: Engine) -> list[list[tuple]]:
    with engine.connect() as conn:
        return [sorted(map(tuple, conn.execute(select(t)).all()), key=repr) for t in WRITE_TABLES]


def _key(app: Dash, starts: str) -> str:
    return next(k for k in callback_keys(app) if k.startswith(starts))


def _site_facts(engine: Engine, site: int) -> dict[str, int]:
    with engine.connect() as conn:
        meeting = conn.scalar(
            select(s.ConsultationMeeting.id).where(s.ConsultationMeeting.site_id == site)
        )
        note = conn.scalar(
            select(s.ConsultationNote.id).where(
                s.ConsultationNote.site_id == site, s.ConsultationNote.deleted_at.is_(None)
            )
        )
        deleted = conn.scalar(
            select(s.ConsultationNote.id).where(
                s.ConsultationNote.site_id == site, s.ConsultationNote.deleted_at.is_not(None)
            )
        )
        mentor = conn.scalar(select(s.Mentor.id).where(s.Mentor.site_id == site))
        version = conn.scalar(
            select(s.ConsultationNote.version).where(s.ConsultationNote.id == note)
        )
    return {
        "meeting": meeting,
        "note": note,
        "version": version,
        "deleted": deleted,
        "mentor": mentor,
    }


Request = Callable[[Dash, dict[str, int], int], dict]


def _save_note(app: Dash, ids: dict[str, int], site: int) -> dict:
    editing = {"meeting_id": ids["meeting"], "note_id": ids["note"], "version": ids["version"]}
    return callback_body(app, _key(app, "..notes-save-feedback"), {
        "notes-save.n_clicks": 1, "notes-editing.data": editing,
        "notes-kind.value": "accomplishment", "notes-text.value": "Overwritten by a replay.",
        "notes-query.data": {"meeting": str(ids["meeting"])}, "notes-refresh.data": 0,
    })  # fmt: skip


def _add_note(app: Dash, ids: dict[str, int], site: int) -> dict:
    editing = {"meeting_id": ids["meeting"], "note_id": None}
    return callback_body(app, _key(app, "..notes-save-feedback"), {
        "notes-save.n_clicks": 1, "notes-editing.data": editing,
        "notes-kind.value": "accomplishment", "notes-text.value": "Added by a replay.",
        "notes-query.data": {"meeting": str(ids["meeting"])}, "notes-refresh.data": 0,
    })  # fmt: skip


def _create_meeting(app: Dash, ids: dict[str, int], site: int) -> dict:
    return callback_body(app, _key(app, "..notes-new-feedback"), {
        "notes-new-create.n_clicks": 1, "notes-query.data": {}, "notes-new-site.value": site,
        "notes-new-month.value": "2026-05",
    })  # fmt: skip


def _attendees(app: Dash, ids: dict[str, int], site: int) -> dict:
    return callback_body(app, _key(app, "..notes-attendees-feedback"), {
        "notes-attendees-save.n_clicks": 1, "notes-attendees.value": [ids["mentor"]],
        "notes-query.data": {"meeting": str(ids["meeting"])}, "notes-refresh.data": 0,
    })  # fmt: skip


def _undo_delete(app: Dash, ids: dict[str, int], site: int) -> dict:
    return callback_body(app, _key(app, "..notes-note-status.children@e3b9"), {
        "notes-undo.n_clicks": 1, "notes-undo-note.data": ids["deleted"],
        "notes-query.data": {"meeting": str(ids["meeting"])}, "notes-refresh.data": 0,
    })  # fmt: skip


def _clear_for_room(app: Dash, ids: dict[str, int], site: int) -> dict:
    target = {"note_id": ids["note"], "version": ids["version"], "cleared": False}
    return callback_body(app, _key(app, "..notes-clearing.children@"), {
        "notes-clear-confirm.n_clicks": 1, "notes-clear-target.data": target,
        "notes-query.data": {"meeting": str(ids["meeting"])}, "notes-refresh.data": 0,
    })  # fmt: skip


def _capture(app: Dash, ids: dict[str, int], site: int) -> dict:
    return callback_body(app, _key(app, "..meeting-capture-status"), {
        "meeting-capture-save.n_clicks": 1, "meeting-query.data": {"month": "2026-03"},
        "meeting-capture-site.value": site, "meeting-capture-kind.value": "accomplishment",
        "meeting-capture-text.value": "Captured by a replay.",
        "meeting-capture-mentor.value": ids["mentor"],
    })  # fmt: skip


WRITES: dict[str, Request] = {
    "save a note": _save_note,
    "add a note": _add_note,
    "create a meeting": _create_meeting,
    "save attendance": _attendees,
    "undo a delete": _undo_delete,
    "clear a note for the room": _clear_for_room,
    "capture a note in meeting mode": _capture,
}
ATTACKERS = {
    "meeting viewer, own site": ("viewer", nf.RIVERSIDE),
    "supervisor, another site": ("supervisor", nf.HILLTOP),
}


def test_the_supervisor_can_make_these_writes_at_their_own_site(program, settings) -> None:  # type: ignore[no-untyped-def]
    """The requests are real: each changes the database when the role may make it."""
    app, engine, _ = program
    client = _signed_in_clients(app, settings)("supervisor")
    ids = _site_facts(engine, nf.RIVERSIDE)
    for name, request in WRITES.items():
        before = _snapshot(engine)
        response = client.post(
            "/_dash-update-component",
            json=request(app, ids, nf.RIVERSIDE),
            headers=same_origin_headers(),
        )
        assert response.status_code == 200, (name, response.get_data(as_text=True)[:300])
        assert _snapshot(engine) != before, f"{name}: the supervisor's own write changed nothing"
        ids = _site_facts(engine, nf.RIVERSIDE)


@pytest.mark.parametrize("attacker", sorted(ATTACKERS))
@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_narrower_role_changes_nothing(program, settings, attacker: str, write: str) -> None:  # type: ignore[no-untyped-def]
    app, engine, _ = program
    role, site = ATTACKERS[attacker]
    clients: ClientFor = _signed_in_clients(app, settings)
    client = clients(role)
    body = WRITES[write](app, _site_facts(engine, site), site)
    before = _snapshot(engine)
    response = client.post("/_dash-update-component", json=body, headers=same_origin_headers())
    assert response.status_code in (200, 204, 400, 403), response.get_data(as_text=True)[:300]
    assert _snapshot(engine) == before
