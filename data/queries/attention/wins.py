"""The week's wins, strengths first: milestones, new matches, matches reaching 6 or 12 months."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, or_, select

from data.filters import Filters
from data.queries.attention.kinds import WINS_COLUMNS
from data.queries.plumbing.connection import connection, one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import as_date, typed_frame
from data.queries.plumbing.months import add_months
from data.schema import Goal, Match


@one_connection
def weekly_wins(engine: Engine, filters: Filters, days: int = 7) -> pd.DataFrame:
    """Wins in the ``days`` days up to ``filters.end`` at the scope's sites; one row.

    Columns: milestones (goals achieved), new_matches (matches started), six_months and
    twelve_months (matches still open on the day they reached 6 or 12 months). Counts of
    mentees below the scope's small-cell threshold are <NA>.
    """
    end = filters.end
    start = end - dt.timedelta(days=max(1, int(days)) - 1)
    with connection(engine) as conn:
        milestones = conn.execute(
            select(func.count())
            .select_from(Goal)
            .where(filters.site_clause(Goal.site_id), Goal.achieved_date.between(start, end))
        ).scalar_one()
        new_matches = conn.execute(
            select(func.count())
            .select_from(Match)
            .where(
                filters.site_clause(Match.site_id),
                filters.mentor_clause(Match.mentor_id),
                Match.start_date.between(start, end),
            )
        ).scalar_one()
        reached = []
        for months in (6, 12):
            rows = conn.execute(
                select(Match.start_date, Match.end_date).where(
                    filters.site_clause(Match.site_id),
                    filters.mentor_clause(Match.mentor_id),
                    Match.start_date.between(add_months(start, -months - 1), end),
                    or_(Match.end_date.is_(None), Match.end_date >= start),
                )
            ).all()
            count = 0
            for began, ended in rows:
                anniversary = add_months(as_date(began), months)
                ended = as_date(ended)
                if start <= anniversary <= end and (ended is None or ended >= anniversary):
                    count += 1
            reached.append(count)
    df = typed_frame([(milestones, new_matches, *reached)], WINS_COLUMNS)
    return hide_small_counts(df, filters, list(WINS_COLUMNS))
