"""Contacts per site: week by week, by type of support, and crisis or after-hours contacts
month by month against the same site's own past."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Engine, Select, func, select

from data.filters import Filters
from data.queries.contact_facts.months import crisis_or_after_hours, mentor_month_facts
from data.queries.contact_facts.running import (
    NEWEST_RUNNING_MONTH,
    TotalsShape,
    mentor_type_totals,
    totals_by_type,
    totals_rows,
)
from data.queries.contact_facts.split import summarised_split, summarised_split_and
from data.queries.contact_facts.weeks import mentor_week_facts, week_split
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts, rounding_base
from data.queries.plumbing.frames import FLOAT, INT, TEXT, typed_frame
from data.queries.plumbing.grid import grid_sums
from data.queries.plumbing.months import months_in, year_month
from data.queries.plumbing.sql import fetch_numbers
from data.queries.plumbing.statements import BoundFilters
from data.queries.plumbing.weeks import week_start, weeks_in
from data.queries.program._sites import period_column, site_columns, sites_in_view
from data.queries.workload.crisis import against_own_past, is_rise, lookback_start
from data.schema import Site

SITE_TYPE_COLUMNS = {
    "site_id": INT,
    "site": TEXT,
    "contact_type": TEXT,
    "contacts": INT,
    "hours": FLOAT,
}


@one_connection
def contacts_by_site_week(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and contact hours at each site in each (Monday-based) week of the period.

    The whole-program form of ``contacts_by_mentor_week``, from the same weekly facts grouped
    by site in the database. Every site gets a row for every week the period touches, zeros
    included; the first and last weeks count only days inside the period. Columns: site_id,
    site, week_start (Monday, date), contacts, hours. Ordered by site name, then week. For a
    scope that hides small counts, contacts below its threshold are <NA> (hours with them).
    """
    facts = mentor_week_facts(filters, week_split(engine, filters.start, filters.end))
    found = fetch_numbers(
        engine,
        select(
            facts.c.site_id, facts.c.week, func.sum(facts.c.contacts), func.sum(facts.c.minutes)
        ).group_by(facts.c.site_id, facts.c.week),
    )
    weeks = weeks_in(filters.start, filters.end)
    sites = sites_in_view(engine, filters)
    contacts, minutes = grid_sums([s[0] for s in sites], weeks, found, 2)
    frame = pd.DataFrame(
        {
            **site_columns(sites, len(weeks)),
            "week_start": period_column([week_start(w) for w in weeks], sites),
            "contacts": contacts.astype("int64"),
            "hours": minutes / 60.0,
        }
    )
    return hide_small_counts(frame, filters, ["contacts"], along={"hours": "contacts"})


def _types_statement(filters: BoundFilters, shape: TotalsShape) -> Select:
    facts = mentor_type_totals(filters, shape)
    return totals_by_type(facts, facts.c.site_id, Site.name, Site, Site.id == facts.c.site_id)


@one_connection
def contact_types_by_site(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and hours by type of support at each site in the period (long form).

    The whole-program form of ``contact_types_by_mentor``, from the same running totals grouped
    by site in the database. Columns: site_id, site, contact_type, contacts, hours. Only
    combinations with contacts; ordered by site name, then type. For a scope that hides small
    counts, contacts below its threshold are <NA> (hours with them).
    """
    period = summarised_split_and(engine, filters.start, filters.end, NEWEST_RUNNING_MONTH)
    rows = totals_rows(engine, filters, period, "contact_types_by_site", _types_statement)
    frame = typed_frame(rows, SITE_TYPE_COLUMNS)
    frame["hours"] /= 60.0  # fetched as minutes
    return hide_small_counts(frame, filters, ["contacts"], along={"hours": "contacts"})


@one_connection
def crisis_by_site_month(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Crisis calls and other after-hours contacts at each site per month, with a rise mark.

    The whole-program form of ``crisis_by_mentor_month``: each month's count is compared with
    the same site's average over its previous RISE_LOOKBACK_MONTHS whole months (read from
    before the period when needed); ``rise`` is ``workload.is_rise(count, previous_average)``,
    a site compared with itself, never with other sites. One row per site and month, zeros
    included. Columns: site_id, site, month (first day), crisis_or_after_hours,
    previous_average, rise. For a scope that hides small counts, counts below its threshold
    are <NA>, the average is not given and nothing is marked.
    """
    start, end = filters.start, filters.end
    lookback = lookback_start(start)
    facts = mentor_month_facts(filters, summarised_split(engine, lookback, end))
    crisis_or_late = crisis_or_after_hours(facts)
    counts = fetch_numbers(
        engine,
        select(facts.c.site_id, facts.c.year_month, crisis_or_late).group_by(
            facts.c.site_id, facts.c.year_month
        ),
    )
    months = months_in(start, end)
    every_month = months_in(lookback, end)  # the look-back months, then the period's
    hides = rounding_base(filters) > 0
    sites = sites_in_view(engine, filters)
    (late,) = grid_sums([s[0] for s in sites], [year_month(m) for m in every_month], counts, 1)
    count, average = against_own_past(late.reshape(len(sites), len(every_month)))
    frame = pd.DataFrame(
        {
            **site_columns(sites, len(months)),
            "month": period_column(months, sites),
            "crisis_or_after_hours": count.astype("int64"),
            "previous_average": np.full(count.shape, np.nan) if hides else average,
            "rise": is_rise(count, average) & (not hides),
        }
    )
    return hide_small_counts(frame, filters, ["crisis_or_after_hours"])
