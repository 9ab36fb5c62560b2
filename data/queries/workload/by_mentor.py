"""Each mentor's work over the whole period, and their contacts by type of support, from the
running totals (``contact_facts.running``)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, Select, case, func, or_, select

from data.filters import Filters
from data.queries.contact_facts.running import (
    NEWEST_RUNNING_MONTH,
    TotalsShape,
    mentor_type_totals,
    totals_by_type,
    totals_rows,
)
from data.queries.contact_facts.split import summarised_split_and
from data.queries.plumbing.clauses import caseload_on_end_date, facilitations, open_on
from data.queries.plumbing.connection import one_connection
from data.queries.plumbing.disclosure import hide_small_counts
from data.queries.plumbing.frames import FLOAT, INT, TEXT, typed_frame
from data.queries.plumbing.statements import BoundFilters
from data.queries.workload._roster import MENTOR_COLUMNS
from data.schema import GroupFacilitator, Mentor, Site

WORKLOAD_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "site": TEXT,
    "capacity": INT,
    "contacts": INT,
    "hours": FLOAT,
    "crisis_calls": INT,
    "after_hours": INT,
    "group_sessions": INT,
    "caseload": INT,
}
CONTACT_TYPE_COLUMNS = {
    "mentor_id": INT,
    "mentor": TEXT,
    "contact_type": TEXT,
    "contacts": INT,
    "hours": FLOAT,
}


def _workload_statement(filters: BoundFilters, shape: TotalsShape) -> Select:
    start, end = filters.start, filters.end
    facts = mentor_type_totals(filters, shape)
    contacts = (
        select(
            facts.c.mentor_id,
            func.sum(facts.c.contacts).label("contacts"),
            func.sum(facts.c.minutes).label("minutes"),
            func.sum(
                case((facts.c.contact_type == "crisis_call", facts.c.contacts), else_=0)
            ).label("crisis_calls"),
            func.sum(facts.c.after_hours).label("after_hours"),
        )
        .group_by(facts.c.mentor_id)
        .subquery("contact_totals")
    )
    groups = (
        facilitations(filters, GroupFacilitator.mentor_id, func.count().label("sessions"))
        .group_by(GroupFacilitator.mentor_id)
        .subquery("group_totals")
    )
    caseload = caseload_on_end_date(filters)
    return (
        select(
            *MENTOR_COLUMNS,
            func.coalesce(contacts.c.contacts, 0),
            func.coalesce(contacts.c.minutes, 0),
            func.coalesce(contacts.c.crisis_calls, 0),
            func.coalesce(contacts.c.after_hours, 0),
            func.coalesce(groups.c.sessions, 0),
            func.coalesce(caseload.c.n, 0),
        )
        .join(Site, Site.id == Mentor.site_id)
        .outerjoin(contacts, contacts.c.mentor_id == Mentor.id)
        .outerjoin(groups, groups.c.mentor_id == Mentor.id)
        .outerjoin(caseload, caseload.c.mentor_id == Mentor.id)
        .where(
            filters.site_clause(Mentor.site_id),
            filters.mentor_clause(Mentor.id),
            or_(
                # In post at some point of the period: started by its end, not left before it.
                open_on(Mentor.start_date, Mentor.end_date, start),
                Mentor.start_date.between(start, end),
                contacts.c.contacts > 0,
                groups.c.sessions > 0,
                caseload.c.n > 0,
            ),
        )
        .order_by(Site.name, Mentor.display_name, Mentor.id)
    )


@one_connection
def workload_by_mentor(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Each mentor's work in the period, for mentors in post during it or with any activity.

    Columns: mentor_id, mentor, site, capacity, contacts, hours (contact hours), crisis_calls
    (contacts of type crisis_call), after_hours (contacts out of hours), group_sessions (peer
    group sessions facilitated), caseload (open matches on ``filters.end``). Ordered by site,
    then mentor. For a scope that hides small counts, contacts, crisis_calls, after_hours and
    caseload below its threshold are <NA>.
    """
    period = summarised_split_and(engine, filters.start, filters.end, NEWEST_RUNNING_MONTH)
    rows = totals_rows(engine, filters, period, "workload_by_mentor", _workload_statement)
    frame = typed_frame(rows, WORKLOAD_COLUMNS)
    frame["hours"] /= 60.0  # fetched as minutes: dividing the column beats a loop over rows
    return hide_small_counts(
        frame,
        filters,
        ["contacts", "crisis_calls", "after_hours", "caseload"],
        along={"hours": "contacts"},
    )


def _types_statement(filters: BoundFilters, shape: TotalsShape) -> Select:
    facts = mentor_type_totals(filters, shape)
    on_mentor = Mentor.id == facts.c.mentor_id
    return totals_by_type(facts, Mentor.id, Mentor.display_name, Mentor, on_mentor)


@one_connection
def contact_types_by_mentor(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and hours by type of support for each mentor in the period (long form).

    Columns: mentor_id, mentor, contact_type, contacts, hours. Only combinations with contacts;
    ordered by mentor, then type. For a scope that hides small counts, contacts below its
    threshold are <NA>.
    """
    period = summarised_split_and(engine, filters.start, filters.end, NEWEST_RUNNING_MONTH)
    rows = totals_rows(engine, filters, period, "contact_types_by_mentor", _types_statement)
    frame = typed_frame(rows, CONTACT_TYPE_COLUMNS)
    frame["hours"] /= 60.0  # fetched as minutes
    return hide_small_counts(frame, filters, ["contacts"], along={"hours": "contacts"})
