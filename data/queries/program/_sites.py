"""The sites a whole-program grid has a row for, and their columns repeated per period."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from data.filters import Filters
from data.queries.plumbing.grid import repeated, tiled
from data.queries.plumbing.sql import fetch
from data.schema import Mentor, Site

Sites = list[tuple[int, str]]


def sites_in_view(engine: Engine, filters: Filters) -> Sites:
    """(site_id, name) of every site in scope and chosen, by name; with mentors chosen, only
    the sites those mentors belong to."""
    statement = select(Site.id, Site.name).where(filters.site_clause(Site.id))
    if filters.mentors_chosen:
        chosen = select(Mentor.site_id).where(filters.mentor_clause(Mentor.id))
        statement = statement.where(Site.id.in_(chosen))
    rows = fetch(engine, statement.order_by(Site.name, Site.id))
    return [(int(site_id), str(name)) for site_id, name in rows]


def site_columns(sites: Sites, periods: int) -> dict[str, Any]:
    """site_id and site of each site repeated for each of ``periods`` (int64; text as object)."""
    return {
        "site_id": np.repeat(np.array([s[0] for s in sites], dtype="int64"), periods),
        "site": pd.Series(repeated([s[1] for s in sites], periods), dtype=object),
    }


def period_column(values: list[dt.date], sites: Sites) -> pd.Series:
    """The period column of a site x period grid: ``values`` once per site (dates, object)."""
    return pd.Series(tiled(values, len(sites)), dtype=object)
