"""The meeting scope: whose eyes the shared screen is for, and which month a meeting reviews.

Every meeting query answers for a *meeting* scope (``meeting_scope``): the user's sites, no
identities, and small counts hidden, whoever presents. ``meeting_filters`` builds that scope
and the month's period in one place, so no caller can forget it; the queries also refuse
filters whose scope would show identities or small counts (``MeetingScopeRequired``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from data import clock
from data.filters import AccessScope, FilterError, Filters, ScopeMissing
from data.queries.plumbing.months import add_months, month_end, month_start

# The program's default threshold (dashboard.settings.small_cell_min overrides it per app).
SMALL_CELL_MIN = 5
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
EARLIEST_MONTH = dt.date(2000, 1, 1)
PERIODS = ("this_month", "last_month", "last_year")


class MeetingScopeRequired(PermissionError):
    """A meeting query was given a scope that could show identities or small counts."""


def meeting_scope(scope: AccessScope, small_cell_min: int = SMALL_CELL_MIN) -> AccessScope:
    """``scope`` for the shared screen: the same sites, no identities, small counts hidden.

    The threshold is the larger of ``small_cell_min`` and the scope's own, and at least 2
    (so a count of one is never shown), whatever the role.
    """
    if not isinstance(scope, AccessScope):
        raise ScopeMissing("a query needs the access scope of the person asking")
    threshold = max(2, int(small_cell_min), scope.small_cell_min)
    return replace(scope, see_identities=False, small_cell_min=threshold)


def default_month(today: dt.date | None = None, meeting_day: int = 1) -> dt.date:
    """The month a meeting reviews unless another is chosen: the last complete month.

    The program's meeting is held on ``meeting_day`` of each month (1: any day counts): before
    that day, the month still to be reviewed is the one before the last complete month.
    """
    today = today or clock.today()
    last_complete = month_start(month_start(today) - dt.timedelta(days=1))
    if today.day < meeting_day:
        return month_start(last_complete - dt.timedelta(days=1))
    return last_complete


def parse_month(value: object, today: dt.date | None = None, meeting_day: int = 1) -> dt.date:
    """The first day of the month a 'YYYY-MM' value names; empty means ``default_month``.

    Raises FilterError (a message for a person) for anything else, a month before 2000 or
    a month after the current one.
    """
    today = today or clock.today()
    if value is None or value == "":
        return default_month(today, meeting_day)
    match = MONTH_PATTERN.match(value) if isinstance(value, str) and len(value) == 7 else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise FilterError("The month must look like 2026-10 (year, then month).")
    month = dt.date(int(match.group(1)), int(match.group(2)), 1)
    if month < EARLIEST_MONTH or month > month_start(today):
        raise FilterError("Choose a month between January 2000 and this month.")
    return month


def meeting_filters(
    scope: AccessScope | None,
    month: object = None,
    sites: object = None,
    small_cell_min: int = SMALL_CELL_MIN,
    today: dt.date | None = None,
    meeting_day: int = 1,
) -> Filters:
    """Filters for the meeting of ``month`` ('YYYY-MM'; empty: ``default_month``) at
    ``sites``, in the meeting scope.

    The period is the whole month (a de-identified scope always sees whole months, so two
    periods cannot be differenced into a small count); for the current month its numbers
    are the month so far, compared with the same days of earlier months
    (``comparison_periods``). Raises FilterError for a bad month or a site outside the scope,
    ScopeMissing without a scope.
    """
    if not isinstance(scope, AccessScope):
        raise ScopeMissing("a query needs the access scope of the person asking")
    today = today or clock.today()
    first = parse_month(month, today, meeting_day)
    last = month_end(first)
    return Filters.parse(
        meeting_scope(scope, small_cell_min), first.isoformat(), last.isoformat(), sites
    )


def require_meeting_scope(filters: Filters) -> None:
    """Refuse (``MeetingScopeRequired``) filters whose scope could show identities or small
    counts: every meeting query asks this first."""
    scope = filters.scope
    if scope.see_identities or scope.small_cell_min < 2:
        raise MeetingScopeRequired("meeting queries answer only for a meeting scope")


def comparison_periods(
    filters: Filters, today: dt.date | None = None
) -> list[tuple[str, dt.date, dt.date]]:
    """(period, start, end) of the month, the same days of last month and of last year.

    A month not over yet (it ends on or after ``today``) is the days up to ``today``, and so are
    the months it is compared with ("1-7 December" against "1-7 November"): never part of a
    month against whole ones. A month that is over is compared with whole months (February
    with the whole of January, not its first 28 days).
    """
    today = today or clock.today()
    end = min(filters.end, max(today, filters.start))
    over = today > filters.end
    periods = [("this_month", filters.start, end)]
    for name, months in (("last_month", -1), ("last_year", -12)):
        start = add_months(filters.start, months)
        periods.append((name, start, month_end(start) if over else add_months(end, months)))
    return periods
