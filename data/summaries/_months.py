"""Which rows a refresh of some months touches: in a summary (by its yyyymm column) and in
``contacts`` (by date, so the index on the contact date is used)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, or_, true

from data.queries.plumbing.months import date_of_year_month, month_end
from data.schema import Contact


def in_months(column: Any, months: Collection[int] | None) -> ColumnElement[bool]:
    """A WHERE clause on a summary's yyyymm ``column`` for ``months`` (None: every month)."""
    return true() if months is None else column.in_(sorted(months))


def contacts_in(months: Collection[int] | None) -> ColumnElement[bool]:
    """A WHERE clause on ``contacts`` for the given yyyymm months, by date (uses the index)."""
    if months is None:
        return true()
    return or_(
        *(
            Contact.contact_date.between(date_of_year_month(m), month_end(date_of_year_month(m)))
            for m in sorted(months)
        )
    )
