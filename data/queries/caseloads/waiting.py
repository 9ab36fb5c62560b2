"""The waiting list: mentees waiting for a mentor on the period's last day, longest first."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from data.filters import Filters
from data.queries.plumbing.clauses import (
    mentee_identity,
    waiting_clause,
    waiting_since,
    waiting_site_id,
)
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.frames import DATE, INT, TEXT, as_date, typed_frame
from data.queries.plumbing.sql import fetch
from data.schema import Mentee, Site

WAITING_COLUMNS = {
    "mentee_id": INT,
    "mentee_code": TEXT,
    "mentee_name": TEXT,
    "site": TEXT,
    "referral_date": DATE,
    "waiting_since": DATE,
    "days_waiting": INT,
}


@one_connection
def waiting_list(engine: Engine, filters: Filters, limit: int = 200) -> pd.DataFrame:
    """Mentees waiting for a mentor on ``filters.end``, longest wait first (at most ``limit``).

    Columns: mentee_id, mentee_code, mentee_name (None unless the scope sees identities), site,
    referral_date, waiting_since (referral, or end of their last match), days_waiting (days).
    """
    end = filters.end
    since = waiting_since(end).label("waiting_since")
    statement = (
        select(
            Mentee.id,
            *mentee_identity(filters),
            Site.name,
            Mentee.referral_date,
            since,
        )
        .join(Site, Site.id == waiting_site_id())
        .where(waiting_clause(filters, end))
        .order_by(since, Mentee.id)
        .limit(max(0, int(limit)))
    )
    rows = [(*row, (end - as_date(row[-1])).days) for row in fetch(engine, statement)]
    return typed_frame(rows, WAITING_COLUMNS)
