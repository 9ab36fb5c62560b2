"""The program's mix of support month by month: by type of support, and by mode."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import pandas as pd
from sqlalchemy import Engine, func, select

from data.filters import Filters
from data.queries.contact_facts.months import mentor_month_facts
from data.queries.contact_facts.split import summarised_split
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import DATE, FLOAT, INT, TEXT, typed_frame
from data.queries.plumbing.months import PeriodSplit, months_in, year_month, year_month_of
from data.queries.plumbing.sql import fetch
from data.schema import CONTACT_MODES, CONTACT_TYPES, Contact, ContactSummarySiteMonthMode

MIX_COLUMNS = {"month": DATE, "contact_type": TEXT, "contacts": INT, "hours": FLOAT}
MODE_COLUMNS = {"month": DATE, "mode": TEXT, "contacts": INT, "hours": FLOAT}
# (yyyymm, type of support or mode) -> (contacts, minutes)
MonthFigures = Mapping[tuple[int, str], tuple[int, int]]


def _every_month_and_kind(
    found: MonthFigures, kinds: Iterable[str], columns: dict[str, str], filters: Filters
) -> pd.DataFrame:
    """A row per month of the period and kind, zeros included, hours from minutes; small
    counts hidden per scope."""
    rows = []
    for month in months_in(filters.start, filters.end):
        for kind in kinds:
            n, minutes = found.get((year_month(month), kind), (0, 0))
            rows.append((month, kind, n, minutes / 60.0))
    return hide_small_counts(
        typed_frame(rows, columns), filters, ["contacts"], along={"hours": "contacts"}
    )


@one_connection
def contact_mix_by_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and hours by type of support in each month of the period, zeros included.

    Columns: month (first day), contact_type (one of schema.CONTACT_TYPES), contacts, hours.
    Ordered by month, then type as CONTACT_TYPES lists them. Small counts hidden per scope.
    """
    split = summarised_split(engine, filters.start, filters.end)
    facts = mentor_month_facts(filters, split)
    found = {
        (int(ym), kind): (int(n), int(minutes or 0))
        for ym, kind, n, minutes in fetch(
            engine,
            select(
                facts.c.year_month,
                facts.c.contact_type,
                func.sum(facts.c.contacts),
                func.sum(facts.c.minutes),
            ).group_by(facts.c.year_month, facts.c.contact_type),
        )
    }
    return _every_month_and_kind(found, CONTACT_TYPES, MIX_COLUMNS, filters)


@one_connection
def contact_modes_by_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and hours by mode (in person, phone, video, text) in each month, zeros included.

    Columns: month (first day), mode (one of schema.CONTACT_MODES), contacts, hours. Whole
    months from the site-month-mode summary when no mentor is chosen (the summary has no
    mentor), edge months and any mentor choice from the raw contacts. Small counts hidden per
    scope.
    """
    if filters.mentor_ids:
        split = PeriodSplit(None, ((filters.start, filters.end),))
    else:
        split = summarised_split(engine, filters.start, filters.end)
    parts = []
    if split.whole_months:
        s = ContactSummarySiteMonthMode
        parts.append(
            select(s.year_month, s.mode, func.sum(s.contacts), func.sum(s.minutes))
            .where(s.year_month.between(*split.whole_months), filters.site_clause(s.site_id))
            .group_by(s.year_month, s.mode)
        )
    ym = year_month_of(Contact.contact_date)
    for first, last in split.edges:
        parts.append(
            select(ym, Contact.mode, func.count(), func.sum(Contact.minutes))
            .where(
                Contact.contact_date.between(first, last),
                filters.site_clause(Contact.site_id),
                filters.mentor_clause(Contact.mentor_id),
            )
            .group_by(ym, Contact.mode)
        )
    found: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for part in parts:
        for month, mode, n, minutes in fetch(engine, part):
            cell = found[(int(month), str(mode))]
            cell[0] += int(n)
            cell[1] += int(minutes or 0)
    totals = {key: (n, minutes) for key, (n, minutes) in found.items()}
    return _every_month_and_kind(totals, CONTACT_MODES, MODE_COLUMNS, filters)
