"""The workload page: what each mentor did in the period, and which kinds of support."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, case, func, or_, select

from data.filters import Filters
from data.queries._facts import mentor_month_facts
from data.queries._sql import FLOAT, INT, TEXT, caseload_on_end_date, fetch, open_on, typed_frame
from data.schema import GroupFacilitator, GroupSession, Mentor, Site

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


def workload_by_mentor(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Each mentor's work in the period, for mentors in post during it or with any activity.

    Columns: mentor_id, mentor, site, capacity, contacts, hours (contact hours), crisis_calls
    (contacts of type crisis_call), after_hours (contacts out of hours), group_sessions (peer
    group sessions facilitated), caseload (open matches on ``filters.end``). Ordered by site,
    then mentor.
    """
    start, end = filters.start, filters.end
    facts = mentor_month_facts(filters, start, end)
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
        select(GroupFacilitator.mentor_id, func.count().label("sessions"))
        .join(GroupSession, GroupSession.id == GroupFacilitator.session_id)
        .where(
            filters.site_clause(GroupSession.site_id),
            filters.mentor_clause(GroupFacilitator.mentor_id),
            GroupSession.session_date.between(start, end),
        )
        .group_by(GroupFacilitator.mentor_id)
        .subquery("group_totals")
    )
    caseload = caseload_on_end_date(filters)
    statement = (
        select(
            Mentor.id,
            Mentor.display_name,
            Site.name,
            Mentor.capacity,
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
    rows = [(*r[:5], int(r[5]) / 60.0, *r[6:]) for r in fetch(engine, statement)]
    return typed_frame(rows, WORKLOAD_COLUMNS)


def contact_types_by_mentor(engine: Engine, filters: Filters) -> pd.DataFrame:
    """Contacts and hours by type of support for each mentor in the period (long form).

    Columns: mentor_id, mentor, contact_type, contacts, hours. Only combinations with contacts;
    ordered by mentor, then type.
    """
    facts = mentor_month_facts(filters, filters.start, filters.end)
    statement = (
        select(
            Mentor.id,
            Mentor.display_name,
            facts.c.contact_type,
            func.sum(facts.c.contacts),
            func.sum(facts.c.minutes),
        )
        .select_from(facts)
        .join(Mentor, Mentor.id == facts.c.mentor_id)
        .group_by(Mentor.id, Mentor.display_name, facts.c.contact_type)
        .order_by(Mentor.display_name, Mentor.id, facts.c.contact_type)
    )
    rows = [(*r[:4], int(r[4] or 0) / 60.0) for r in fetch(engine, statement)]
    return typed_frame(rows, CONTACT_TYPE_COLUMNS)
