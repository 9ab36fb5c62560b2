"""Options for the global filter bar: the sites and mentors a person may choose from.

The scope rule applies to dropdown options exactly as to charts: a site outside the scope is
never offered.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, false, select, true

from data.filters import AccessScope, Filters, ScopeMissing
from data.queries.plumbing.clauses import open_on
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.frames import INT, TEXT, typed_frame
from data.queries.plumbing.sql import fetch
from data.schema import Mentor, Site

SITE_COLUMNS = {"site_id": INT, "name": TEXT}
MENTOR_COLUMNS = {"mentor_id": INT, "mentor": TEXT, "site_id": INT, "site": TEXT, "status": TEXT}


@one_connection
def sites_for_scope(engine: Engine, scope: AccessScope) -> pd.DataFrame:
    """Sites ``scope`` may see, by name. Columns: site_id, name."""
    if not isinstance(scope, AccessScope):
        raise ScopeMissing("a query needs the access scope of the person asking")
    if scope.all_sites:
        allowed = true()
    elif scope.site_ids:
        allowed = Site.id.in_(sorted(scope.site_ids))
    else:
        allowed = false()
    statement = select(Site.id, Site.name).where(allowed).order_by(Site.name, Site.id)
    return typed_frame(fetch(engine, statement), SITE_COLUMNS)


@one_connection
def mentors_for_filters(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Mentors in the chosen (and allowed) sites who were in post at any time in the period.

    The mentor choice itself is ignored, so the dropdown keeps offering every mentor. Columns:
    mentor_id, mentor, site_id, site, status. Ordered by mentor name.
    """
    in_post = open_on(
        Mentor.start_date, Mentor.end_date, filters.start
    ) | Mentor.start_date.between(filters.start, filters.end)
    statement = (
        select(Mentor.id, Mentor.display_name, Site.id, Site.name, Mentor.status)
        .join(Site, Site.id == Mentor.site_id)
        .where(filters.site_clause(Mentor.site_id), in_post)
        .order_by(Mentor.display_name, Mentor.id)
    )
    return typed_frame(fetch(engine, statement), MENTOR_COLUMNS)
