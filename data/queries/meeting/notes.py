"""Consultation notes for the shared screen: a note's text reaches the room only once a
supervisor cleared it for the room as it is now (``notes.cleared_for_room``), and then with
every mentee identity replaced (``_redaction``); challenges only when also marked for the room
(``shown_in_room``). Names are read to redact them and never returned."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

import pandas as pd
from sqlalchemy import Engine, func, select

from data.filters import Filters
from data.queries import notes as note_queries
from data.queries.meeting._identity_index import identity_index
from data.queries.meeting._redaction import Redactor, build_redactor, folded, text_keys
from data.queries.meeting.scope import require_meeting_scope
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.frames import DATE, INT, TEXT, typed_frame
from data.queries.plumbing.sql import fetch
from data.schema import NOTE_KINDS, ConsultationMeeting, ConsultationNote, Mentor, Site

MAX_CARRIED_ACTIONS = 5
MAX_ROOM_NOTES = 6

NOTE_COLUMNS = {"kind": TEXT, "text": TEXT, "mentor": TEXT}
ACTION_COLUMNS = {
    "note_id": INT,
    "text": TEXT,
    "owner": TEXT,
    "site": TEXT,
    "from_month": DATE,
    "due_month": DATE,
    "total": INT,
}
NOTE_COUNT_COLUMNS = {"kind": TEXT, "notes": INT, "off_screen": INT}
SITE_COLUMNS = {"site_id": INT, "name": TEXT}


def redactor_for(engine: Engine, texts: Iterable[str]) -> Redactor:
    """What replaces mentee identities in ``texts``: every mentee of the program who could
    occur in them (all sites, whoever looks: a note written at one site may name a mentee of
    another), found through the identity index; mentors' full names are left alone."""
    texts = [t for t in texts if isinstance(t, str)]
    keys = set().union(*(text_keys(t) for t in texts)) if texts else set()
    if not keys:
        return build_redactor([], [])
    index = identity_index(engine)
    return build_redactor(index.candidates(keys), index.mentors_in(keys), keys, index.mentor_parts)


# What may still name someone after redaction: a capitalised word that does not start a
# sentence, or a number of two digits or more.
_LOOKS_LIKE_A_NAME_OR_NUMBER = re.compile(r"(?<![.!?:\n]\s)(?<!^)\b[A-Z][\w'’-]+|\b\d[\d./-]*\d\b")
CLEARING_COLUMNS = {"text": TEXT, "kind": TEXT}


@one_connection
def clearing_preview(engine: Engine, filters: Filters, note_id: int) -> pd.DataFrame:
    """A note of the filters' sites as the supervisor clearing it for the room reads it, in
    segments: 'as written', 'replaced' (a mentee identity: the room reads "a mentee"), or
    'check' (looks like a name or a number and is not a mentor's name: read it before
    clearing). Empty when the note is not in scope. Columns: text, kind."""
    found = note_queries.note_in_scope(engine, filters, note_id)
    if found.empty:
        return typed_frame([], CLEARING_COLUMNS)
    text = str(found.iloc[0]["text"])
    redactor = redactor_for(engine, [text])
    mentor_words = identity_index(engine).mentor_parts  # folded words of mentors' names
    marks = [(start, end, "replaced") for start, end in redactor.spans(text)]
    for match in _LOOKS_LIKE_A_NAME_OR_NUMBER.finditer(text):
        start, end = match.span()
        inside = any(start < m_end and m_start < end for m_start, m_end, _ in marks)
        if not inside and folded(match.group()) not in mentor_words:
            marks.append((start, end, "check"))
    rows: list[tuple[str, str]] = []
    at = 0
    for start, end, kind in sorted(marks):
        if start > at:
            rows.append((text[at:start], "as written"))
        rows.append((text[start:end], kind))
        at = end
    if at < len(text):
        rows.append((text[at:], "as written"))
    return typed_frame(rows, CLEARING_COLUMNS)


def redact_identities(engine: Engine, text: str) -> str:
    """``text`` with every mentee identity replaced by "a mentee" (see ``_redaction``)."""
    return redactor_for(engine, [text]).redact(text)


@one_connection
def room_notes(
    engine: Engine,
    filters: Filters,
    kinds: tuple[str, ...] = ("accomplishment", "positive_impact"),
) -> pd.DataFrame:
    """Consultation notes of the month's meetings fit for the shared screen, strengths first.

    From ``notes.room_notes`` (challenges only when a supervisor marked them for the room),
    keeping ``kinds``, at most ``MAX_ROOM_NOTES`` per kind, in the order written. Columns:
    kind, text (mentee names and codes replaced with "a mentee"), mentor (the mentor the note
    is about, or '').
    """
    require_meeting_scope(filters)
    df = note_queries.room_notes(engine, replace(filters, mentor_ids=()), filters.start)
    df = df[df["kind"].isin([k for k in kinds if k in NOTE_KINDS])]
    df = df.groupby("kind", sort=False).head(MAX_ROOM_NOTES)
    redactor = redactor_for(engine, df["text"])
    rows = [(r.kind, redactor.redact(r.text), r.mentor or "") for r in df.itertuples()]
    return typed_frame(rows, NOTE_COLUMNS)


@one_connection
def month_note_counts(engine: Engine, filters: Filters) -> pd.DataFrame:
    """How many notes of each kind the month's meetings hold (every kind listed).

    Columns: kind, notes, off_screen (not cleared for the room, or challenges not marked for
    it).
    """
    require_meeting_scope(filters)
    statement = (
        select(ConsultationNote.kind, func.count())
        .join(ConsultationMeeting, ConsultationMeeting.id == ConsultationNote.meeting_id)
        .where(
            filters.site_clause(ConsultationNote.site_id),
            ConsultationMeeting.month == filters.start.replace(day=1),
            ConsultationNote.deleted_at.is_(None),
        )
        .group_by(ConsultationNote.kind)
    )
    totals = {kind: int(n) for kind, n in fetch(engine, statement)}
    shown = {
        kind: int(n)
        for kind, n in fetch(engine, statement.where(note_queries.readable_in_the_room()))
    }
    rows = [(k, totals.get(k, 0), totals.get(k, 0) - shown.get(k, 0)) for k in NOTE_KINDS]
    return typed_frame(rows, NOTE_COUNT_COLUMNS)


@one_connection
def room_sites(engine: Engine, filters: Filters) -> pd.DataFrame:
    """The sites the meeting covers (chosen and allowed), by name. Columns: site_id, name."""
    require_meeting_scope(filters)
    statement = (
        select(Site.id, Site.name).where(filters.site_clause(Site.id)).order_by(Site.name, Site.id)
    )
    return typed_frame(fetch(engine, statement), SITE_COLUMNS)


@one_connection
def latest_room_notes(engine: Engine, filters: Filters, limit: int = 4) -> pd.DataFrame:
    """The notes of the month's meetings written last, newest first, as the room may see them.

    What the capture slide lists after each save. Challenges only when marked for the room.
    Columns: kind, text (identities replaced), mentor (or '').
    """
    require_meeting_scope(filters)
    statement = (
        select(
            ConsultationNote.kind,
            ConsultationNote.text,
            func.coalesce(Mentor.display_name, ""),
        )
        .join(ConsultationMeeting, ConsultationMeeting.id == ConsultationNote.meeting_id)
        .outerjoin(Mentor, Mentor.id == ConsultationNote.mentor_id)
        .where(
            filters.site_clause(ConsultationNote.site_id),
            ConsultationMeeting.month == filters.start,
            ConsultationNote.deleted_at.is_(None),
            note_queries.readable_in_the_room(),
        )
        .order_by(ConsultationNote.id.desc())
        .limit(max(1, min(int(limit), 20)))
    )
    rows = fetch(engine, statement)
    redactor = redactor_for(engine, [t for _, t, _ in rows])
    return typed_frame([(k, redactor.redact(t), m) for k, t, m in rows], NOTE_COLUMNS)


def _owner(row: object) -> str:
    if getattr(row, "owner", None) == "mentor" and getattr(row, "mentor", ""):
        return str(row.mentor)  # type: ignore[attr-defined]
    return "the supervisor"


@one_connection
def carried_over_actions(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Open action items from earlier meetings, carried into this one, oldest first.

    From ``notes.carried_over_action_items`` (status open, written before the month). Columns:
    note_id, text (identities replaced), owner (the owning mentor's name, or 'the
    supervisor'), site, from_month (the meeting's month), due_month (or None), total (how
    many are open in all; the frame lists at most ``MAX_CARRIED_ACTIONS``).
    """
    require_meeting_scope(filters)
    df = note_queries.carried_over_action_items(
        engine, replace(filters, mentor_ids=()), filters.start, for_room=True
    )
    total = len(df)
    shown = df.head(MAX_CARRIED_ACTIONS)
    redactor = redactor_for(engine, shown["text"])
    rows = [
        (
            int(r.note_id),
            redactor.redact(r.text),
            _owner(r),
            r.site,
            r.month,
            r.due_month,
            total,
        )
        for r in shown.itertuples(index=False)
    ]
    return typed_frame(rows, ACTION_COLUMNS)
