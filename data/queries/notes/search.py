"""Full-text search of consultation notes: PostgreSQL's index, or SQLite's FTS5 table."""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import Engine, column, func, literal_column, select, table
from sqlalchemy.orm import aliased

from data.filters import Filters
from data.queries.notes._rows import NOTE_COLUMNS, in_period, may_read_text, note_select
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.frames import typed_frame
from data.queries.plumbing.months import month_start
from data.queries.plumbing.sql import fetch
from data.schema import ConsultationMeeting, ConsultationNote

SEARCH_LIMIT = 50
MAX_SEARCH_TERMS = 8
MAX_TERM_CHARS = 40
FTS_TABLE = "consultation_notes_fts"


def search_terms(text: object) -> list[str]:
    """The words of a search box's ``text`` (letters and digits only, at most 8 of them, each
    at most 40 characters), lower case. Anything else a person types is ignored, so no
    search syntax of either backend can be injected."""
    if not isinstance(text, str):
        return []
    words = re.findall(r"\w+", text[:400].lower())
    terms: list[str] = []
    for word in words:
        word = word.strip("_")[:MAX_TERM_CHARS]
        if word and word not in terms:
            terms.append(word)
    return terms[:MAX_SEARCH_TERMS]


@one_connection
def search_notes(
    engine: Engine, filters: Filters, text: object, limit: int = SEARCH_LIMIT
) -> pd.DataFrame:
    """Notes in the period, sites and mentors chosen whose text holds every word of ``text``
    (word prefixes, stemmed: "visit" finds "visited"), newest written first, at most
    ``limit`` (+1, so the caller can say there are more). Columns: NOTE_COLUMNS.

    PostgreSQL answers from its full-text index (a GIN index on ``to_tsvector('english',
    text)``), SQLite from its FTS5 table, walked newest first so that a common word stops
    after the first page of matches.
    """
    terms = search_terms(text)
    if not terms or not may_read_text(filters):
        return typed_frame([], NOTE_COLUMNS)
    if engine.dialect.name == "postgresql":
        query = " & ".join(f"{term}:*" for term in terms)
        # The regconfig literal (not a bound parameter) lets the planner use the GIN index
        # built on exactly to_tsvector('english', text).
        english = literal_column("'english'::regconfig")
        statement = note_select().where(
            func.to_tsvector(english, ConsultationNote.text).op("@@")(
                func.to_tsquery(english, query)
            )
        )
        newest_first = ConsultationNote.id.desc()
    else:
        fts = table(FTS_TABLE, column("rowid"))
        match = " ".join(f'"{term}"*' for term in terms)
        # For chosen sites, no note in scope and period is older than the oldest note of
        # their meetings in the period: that bound lets FTS5 stop its newest-first walk there
        # instead of reading every other site's matches (one index seek per meeting).
        meeting, note = aliased(ConsultationMeeting), aliased(ConsultationNote)
        oldest_of_meeting = (
            select(func.min(note.id)).where(note.meeting_id == meeting.id).scalar_subquery()
        )
        oldest = (
            select(func.min(oldest_of_meeting))
            .where(
                filters.site_clause(meeting.site_id),
                meeting.month.between(month_start(filters.start), filters.end),
            )
            .scalar_subquery()
        )
        statement = note_select(fts).where(literal_column(FTS_TABLE).op("MATCH")(match))
        if filters.effective_site_ids is not None:  # every site: the walk stops soon anyway
            statement = statement.where(fts.c.rowid >= oldest)
        newest_first = fts.c.rowid.desc()
    statement = (
        statement.where(
            ConsultationNote.deleted_at.is_(None),
            in_period(filters),
            filters.site_clause(ConsultationNote.site_id),
            filters.mentor_clause(ConsultationNote.mentor_id),
        )
        .order_by(newest_first)
        .limit(max(1, min(int(limit), 500)) + 1)
    )
    return typed_frame(fetch(engine, statement), NOTE_COLUMNS)
