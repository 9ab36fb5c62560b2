"""What the shared screen (meeting mode) may show of a month's notes: strengths first,
challenges only when a supervisor marked them for the room, and only notes cleared for the
room as they are now. No mentee id, code or name is selected; for any scope."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, select

from data.filters import Filters
from data.queries.notes._rows import KIND_ORDER, readable_in_the_room
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.frames import TEXT, typed_frame
from data.queries.plumbing.months import month_start
from data.queries.plumbing.sql import fetch
from data.schema import ConsultationMeeting, ConsultationNote, Mentor

ROOM_COLUMNS = {"kind": TEXT, "mentor": TEXT, "text": TEXT}


@one_connection
def room_notes(
    engine: Engine, filters: Filters, month: dt.date, site_id: int | None = None
) -> pd.DataFrame:
    """What the shared screen may show of a month's meeting notes: accomplishments, positive
    impacts, the challenges a supervisor marked for the room, and action items, in that
    order; only notes cleared for the room. Columns: kind, mentor (the mentor's display
    name, or ''), text. No mentee id, code or name is selected; for any scope."""
    room_ok = readable_in_the_room()
    statement = (
        select(
            ConsultationNote.kind,
            func.coalesce(Mentor.display_name, ""),
            ConsultationNote.text,
            ConsultationNote.id,
        )
        .join(ConsultationMeeting, ConsultationMeeting.id == ConsultationNote.meeting_id)
        .outerjoin(Mentor, Mentor.id == ConsultationNote.mentor_id)
        .where(
            ConsultationMeeting.month == month_start(month),
            ConsultationNote.deleted_at.is_(None),
            room_ok,
            filters.site_clause(ConsultationNote.site_id),
        )
    )
    if site_id is not None:
        statement = statement.where(ConsultationNote.site_id == site_id)
    rows = fetch(engine, statement)
    rows.sort(key=lambda r: (KIND_ORDER[r[0]], r[3]))
    return typed_frame([r[:3] for r in rows], ROOM_COLUMNS)


@one_connection
def room_challenges(
    engine: Engine, filters: Filters, month: dt.date, site_id: int | None = None
) -> pd.DataFrame:
    """The challenges of a month's meeting a supervisor marked for the room, oldest first.
    Columns: kind, mentor, text (as ``room_notes``)."""
    df = room_notes(engine, filters, month, site_id)
    return df[df["kind"] == "challenge"].reset_index(drop=True)
