"""Each mentor's contacts per month of a period, as the rows a mentor x month grid sums."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Subquery, func, select

from data.queries.contact_facts.months import crisis_or_after_hours
from data.queries.plumbing.sql import fetch_numbers


def contact_months(engine: Engine, facts: Subquery) -> list[tuple[Any, ...]]:
    """Rows (mentor, yyyymm, contacts, minutes, crisis or after-hours contacts) of ``facts``
    (``mentor_month_facts``): a crisis call counts whatever its hour, any other contact when
    out of hours."""
    crisis_or_late = crisis_or_after_hours(facts)
    statement = select(
        facts.c.mentor_id,
        facts.c.year_month,
        func.sum(facts.c.contacts),
        func.sum(facts.c.minutes),
        crisis_or_late,
    ).group_by(facts.c.mentor_id, facts.c.year_month)
    return fetch_numbers(engine, statement)
