"""Reading notes (staff only): a meeting's notes, one note and its history, notes about a mentor.

These return **no rows** for a scope that may not see identities (meeting viewers): free text
can name anyone, so it stays off their screens wherever the caller forgets. Deleted notes
(``deleted_at`` set) are left out unless asked for.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from data.filters import Filters
from data.queries.notes._rows import KIND_ORDER, NOTE_COLUMNS, in_period, may_read_text, note_select
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.frames import INT, TEXT, typed_frame
from data.queries.plumbing.sql import fetch
from data.schema import ConsultationMeeting, ConsultationNote, NoteRevision

REVISION_COLUMNS = {
    "version": INT,
    "kind": TEXT,
    "text": TEXT,
    "edited_by": TEXT,
    "edited_at": TEXT,
}


def _sorted_by_kind(df: pd.DataFrame) -> pd.DataFrame:
    if df.empty:
        return df
    order = df["kind"].map(KIND_ORDER)
    return (
        df.assign(_order=order)
        .sort_values(["_order", "note_id"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


@one_connection
def meeting_notes(
    engine: Engine, filters: Filters, meeting_id: int, include_deleted: bool = False
) -> pd.DataFrame:
    """The notes of one meeting in scope, strengths first: accomplishments, positive impacts,
    challenges, action items (then oldest first). Columns: NOTE_COLUMNS. No rows for a
    scope that may not see identities or a meeting out of scope."""
    if not may_read_text(filters):
        return typed_frame([], NOTE_COLUMNS)
    statement = note_select().where(
        ConsultationNote.meeting_id == meeting_id,
        filters.site_clause(ConsultationNote.site_id),
    )
    if not include_deleted:
        statement = statement.where(ConsultationNote.deleted_at.is_(None))
    return _sorted_by_kind(typed_frame(fetch(engine, statement), NOTE_COLUMNS))


@one_connection
def note_in_scope(engine: Engine, filters: Filters, note_id: int) -> pd.DataFrame:
    """One note (deleted or not) if its site is in scope. Columns: NOTE_COLUMNS."""
    if not may_read_text(filters):
        return typed_frame([], NOTE_COLUMNS)
    statement = note_select().where(
        ConsultationNote.id == note_id, filters.site_clause(ConsultationNote.site_id)
    )
    return typed_frame(fetch(engine, statement), NOTE_COLUMNS)


@one_connection
def note_history(engine: Engine, filters: Filters, note_id: int) -> pd.DataFrame:
    """Every saved state of a note in scope, newest first. Columns: version, kind, text,
    edited_by, edited_at (ISO text, UTC)."""
    if not may_read_text(filters):
        return typed_frame([], REVISION_COLUMNS)
    statement = (
        select(
            NoteRevision.version,
            NoteRevision.kind,
            NoteRevision.text,
            NoteRevision.edited_by,
            NoteRevision.edited_at,
        )
        .join(ConsultationNote, ConsultationNote.id == NoteRevision.note_id)
        .where(NoteRevision.note_id == note_id, filters.site_clause(ConsultationNote.site_id))
        .order_by(NoteRevision.version.desc())
    )
    rows = [(v, k, t, b, str(a)[:19]) for v, k, t, b, a in fetch(engine, statement)]
    return typed_frame(rows, REVISION_COLUMNS)


@one_connection
def notes_about_mentor(
    engine: Engine, filters: Filters, mentor_id: int, limit: int = 100
) -> pd.DataFrame:
    """Notes about one mentor in the period, accomplishments first, newest meeting first
    within each kind. Columns: NOTE_COLUMNS. No rows when the mentor's notes are out of
    scope or the scope may not see identities."""
    if not may_read_text(filters):
        return typed_frame([], NOTE_COLUMNS)
    statement = (
        note_select()
        .where(
            ConsultationNote.mentor_id == mentor_id,
            ConsultationNote.deleted_at.is_(None),
            in_period(filters),
            filters.site_clause(ConsultationNote.site_id),
        )
        .order_by(ConsultationMeeting.month.desc(), ConsultationNote.id)
        .limit(limit)
    )
    df = typed_frame(fetch(engine, statement), NOTE_COLUMNS)
    if df.empty:
        return df
    order = df["kind"].map(KIND_ORDER)
    return (
        df.assign(_order=order)
        .sort_values("_order", kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
