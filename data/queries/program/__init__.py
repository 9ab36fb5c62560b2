"""The whole program, one row per site: what Workload's and Caseloads' per-mentor charts show
when too many mentors are in view to draw a row for each.

Each function answers a per-mentor function's question per site, aggregated in the database
from the same summaries and facts (named in its docstring), so it costs no more than its
per-mentor twin. Every site in scope (and chosen; with mentors chosen, the sites of those
mentors) gets its rows, zeros included, listed by site name, never by a figure. A contact, a
group session and a match count at the site they belong to (the row's ``site_id``); a mentor's
capacity and caseload at the mentor's site. Counts a meeting viewer may see go through
``hide_small_counts`` as the last step.
"""

from data.queries.program.capacity import caseload_by_site, direct_service_by_site_month
from data.queries.program.contacts import (
    contact_types_by_site,
    contacts_by_site_week,
    crisis_by_site_month,
)
from data.queries.program.groups import group_sessions_by_site

__all__ = [
    "caseload_by_site",
    "contact_types_by_site",
    "contacts_by_site_week",
    "crisis_by_site_month",
    "direct_service_by_site_month",
    "group_sessions_by_site",
]
