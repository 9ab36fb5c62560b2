"""The Workload heatmap: each mentor's contacts week by week, and the week's total row."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select

from data.filters import Filters
from data.queries.contact_facts.weeks import mentor_week_facts, week_split
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import DATE, FLOAT, INT, TEXT, typed_frame
from data.queries.plumbing.grid import grid_sums, tiled
from data.queries.plumbing.sql import fetch, fetch_numbers
from data.queries.plumbing.weeks import week_start, weeks_in
from data.queries.workload._roster import roster_columns, roster_statement

WEEK_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "site": TEXT,
    "week_start": DATE,
    "contacts": INT,
    "hours": FLOAT,
}
PROGRAM_WEEK_COLUMNS = {"week_start": DATE, "contacts": INT, "hours": FLOAT}


@one_connection
def contacts_by_mentor_week(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and contact hours of each mentor in each (Monday-based) week of the period.

    Every mentor of the roster (in post during the period, or with contacts in it) gets a row
    for every week the period touches, zeros included, so a quiet week reads as zero and not
    as a gap; the first and last weeks count only days inside the period. Columns: mentor_id,
    mentor, site, week_start (Monday, date), contacts, hours. Ordered by site, mentor, week.
    For a scope that hides small counts, contacts below its threshold are <NA>.
    """
    facts = mentor_week_facts(filters, week_split(engine, filters.start, filters.end))
    # Not grouped in SQL: a mentor's rows at two sites or from two parts of the period add
    # up in ``grid_sums``, which saves the database a sort of every row.
    found = fetch_numbers(
        engine, select(facts.c.mentor_id, facts.c.week, facts.c.contacts, facts.c.minutes)
    )
    weeks = weeks_in(filters.start, filters.end)
    roster = fetch(engine, roster_statement(filters))
    ids = [int(r[0]) for r in roster]
    # Every roster mentor x every week, built as columns: 50,000 cells at the large scale.
    contacts, minutes = grid_sums(ids, weeks, found, 2)
    frame = pd.DataFrame(
        {
            **roster_columns(roster, len(weeks)),
            "week_start": pd.Series(
                tiled([week_start(w) for w in weeks], len(roster)), dtype=object
            ),
            "contacts": contacts.astype("int64"),
            "hours": minutes / 60.0,
        }
    )
    return hide_small_counts(frame, filters, ["contacts"], along={"hours": "contacts"})


@one_connection
def contacts_by_week(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and contact hours of all chosen mentors together in each week, zeros included.

    The total row of the mentor x week heatmap. Columns: week_start (Monday), contacts, hours.
    Small counts hidden per scope.
    """
    facts = mentor_week_facts(filters, week_split(engine, filters.start, filters.end))
    found = {
        int(w): (int(n), int(minutes or 0))
        for w, n, minutes in fetch(
            engine,
            select(facts.c.week, func.sum(facts.c.contacts), func.sum(facts.c.minutes)).group_by(
                facts.c.week
            ),
        )
    }
    rows = []
    for week in weeks_in(filters.start, filters.end):
        n, minutes = found.get(week, (0, 0))
        rows.append((week_start(week), n, minutes / 60.0))
    return hide_small_counts(
        typed_frame(rows, PROGRAM_WEEK_COLUMNS), filters, ["contacts"], along={"hours": "contacts"}
    )
