"""Action items from consultation meetings: those carried into the next meeting, and those past
their due month (the attention list's). Nothing about mentees is selected."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, Select, select

from data.filters import Filters
from data.queries.notes._rows import cleared_for_room
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.frames import DATE, INT, INT_OR_NONE, TEXT, typed_frame
from data.queries.plumbing.months import month_start
from data.queries.plumbing.sql import fetch
from data.schema import ConsultationMeeting, ConsultationNote, Mentor, Site

ACTION_COLUMNS = {
    "note_id": INT,
    "meeting_id": INT,
    "month": DATE,
    "site": TEXT,
    "mentor_id": INT_OR_NONE,
    "mentor": TEXT,
    "owner": TEXT,
    "due_month": DATE,
    "text": TEXT,
    "version": INT,
}


def _open_action_items() -> Select:
    return (
        select(
            ConsultationNote.id,
            ConsultationNote.meeting_id,
            ConsultationMeeting.month,
            Site.name,
            ConsultationNote.mentor_id,
            Mentor.display_name,
            ConsultationNote.owner,
            ConsultationNote.due_month,
            ConsultationNote.text,
            ConsultationNote.version,
        )
        .join(ConsultationMeeting, ConsultationMeeting.id == ConsultationNote.meeting_id)
        .join(Site, Site.id == ConsultationNote.site_id)
        .outerjoin(Mentor, Mentor.id == ConsultationNote.mentor_id)
        .where(
            ConsultationNote.kind == "action_item",
            ConsultationNote.status == "open",
            ConsultationNote.deleted_at.is_(None),
        )
    )


@one_connection
def carried_over_action_items(
    engine: Engine,
    filters: Filters,
    month: dt.date,
    site_id: int | None = None,
    for_room: bool = False,
) -> pd.DataFrame:
    """Action items still open that were written at meetings *before* ``month`` (at
    ``site_id``, or every site in scope), oldest first: what the next meeting starts with;
    ``for_room``: only those cleared for the room. Columns: ACTION_COLUMNS. Nothing about
    mentees is selected."""
    statement = _open_action_items().where(
        ConsultationMeeting.month < month_start(month),
        filters.site_clause(ConsultationNote.site_id),
        filters.mentor_clause(ConsultationNote.mentor_id),
    )
    if for_room:
        statement = statement.where(cleared_for_room())
    if site_id is not None:
        statement = statement.where(ConsultationNote.site_id == site_id)
    statement = statement.order_by(ConsultationMeeting.month, ConsultationNote.id)
    return typed_frame(fetch(engine, statement), ACTION_COLUMNS)


@one_connection
def overdue_action_items(
    engine: Engine, filters: Filters, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Open action items past their due month on ``as_of`` (default ``filters.end``): due
    in a month before ``as_of``'s month. Oldest due first. Columns: ACTION_COLUMNS."""
    day = as_of or filters.end
    statement = (
        _open_action_items()
        .where(
            ConsultationNote.due_month.is_not(None),
            ConsultationNote.due_month < month_start(day),
            filters.site_clause(ConsultationNote.site_id),
            filters.mentor_clause(ConsultationNote.mentor_id),
        )
        .order_by(ConsultationNote.due_month, ConsultationNote.id)
    )
    return typed_frame(fetch(engine, statement), ACTION_COLUMNS)
