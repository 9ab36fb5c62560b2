"""What every query takes: the period, the chosen sites and mentors, and who is asking.

Callbacks build a ``Filters`` from untrusted browser input with ``Filters.parse`` (which
raises ``FilterError`` with a message fit to show a person) and pass it, with the access
scope of the signed-in user, to the query layer. The scope is required: a query never runs
without knowing whose eyes it is for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, false, true

from data import clock

EARLIEST_DATE = dt.date(2000, 1, 1)
MAX_PERIOD_DAYS = 366 * 15
MAX_IDS = 500


class FilterError(ValueError):
    """Input a person typed or a browser sent is not a valid filter; the message says why."""


class ScopeMissing(PermissionError):
    """A query was asked to run without an access scope: refused, never 'all sites'."""


@dataclass(frozen=True)
class AccessScope:
    """Whose eyes a query's result is for.

    ``site_ids`` are the sites the user may see (ignored when ``all_sites``);
    ``see_identities`` is whether mentee names and codes may appear in results;
    ``small_cell_min`` hides counts of mentees from 1 to ``small_cell_min - 1`` (0: none hidden),
    so that nobody can be recognised from a small number on a shared screen. A scope that hides
    small counts also sees whole months only (see ``Filters``), so that two periods a day
    apart cannot be differenced into a small count.
    """

    role: str
    site_ids: frozenset[int] = frozenset()
    all_sites: bool = False
    see_identities: bool = False
    username: str = ""
    small_cell_min: int = 0

    def allows_site(self, site_id: int) -> bool:
        """True when this scope may see ``site_id``."""
        return self.all_sites or site_id in self.site_ids

    @property
    def cache_key(self) -> tuple[object, ...]:
        """What distinguishes one scope's results from another's (for cache keys)."""
        return (
            self.role,
            self.all_sites,
            tuple(sorted(self.site_ids)),
            self.see_identities,
            self.small_cell_min,
        )


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The current month and the eleven before it: (first day, today)."""
    today = today or clock.today()
    year, month = today.year, today.month - 11
    if month <= 0:
        month += 12
        year -= 1
    return dt.date(year, month, 1), today


def _parse_date(value: object, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) > 32:
        raise FilterError(f"{label} must be a date like 2026-01-31.")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise FilterError(f"{label} '{value[:32]}' is not a date like 2026-01-31.") from None


def _parse_ids(values: object, label: str) -> tuple[int, ...]:
    if values is None or values == "" or values == []:
        return ()
    if isinstance(values, str):
        values = [v for v in values.split(",") if v.strip()]
    if isinstance(values, int) and not isinstance(values, bool):
        values = [values]
    if not isinstance(values, list | tuple):
        raise FilterError(f"{label} must be a list of numbers.")
    if len(values) > MAX_IDS:
        raise FilterError(f"Too many {label.lower()} chosen (at most {MAX_IDS}).")
    ids: list[int] = []
    for value in values:
        if isinstance(value, bool):
            raise FilterError(f"{label} must be numbers.")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise FilterError(f"{label} must be numbers, not '{str(value)[:20]}'.") from None
        if number <= 0 or number > 2**31 - 1:
            raise FilterError(f"{label} must be positive numbers.")
        ids.append(number)
    return tuple(sorted(set(ids)))


def whole_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period widened to whole calendar months: the 1st of ``start``'s month to the last
    day of ``end``'s month."""
    if end.month == 12:
        last = dt.date(end.year, 12, 31)
    else:
        last = dt.date(end.year, end.month + 1, 1) - dt.timedelta(days=1)
    return start.replace(day=1), last


@dataclass(frozen=True)
class Filters:
    """A validated filter: inclusive date period, optional site and mentor choices, and scope.

    Empty ``site_ids`` means every site the scope allows; empty ``mentor_ids`` every mentor.
    For a scope that hides small counts (``scope.small_cell_min > 0``: meeting viewers and
    meeting mode) the period always snaps to whole months, however the Filters was made
    (``parse``, the constructor, ``dataclasses.replace``).
    """

    start: dt.date
    end: dt.date
    scope: AccessScope
    site_ids: tuple[int, ...] = ()
    mentor_ids: tuple[int, ...] = field(default=())

    def __post_init__(self) -> None:
        if not isinstance(self.scope, AccessScope):
            raise ScopeMissing("a query needs the access scope of the person asking")
        if self.scope.small_cell_min > 0 and self.start <= self.end:
            start, end = whole_months(self.start, self.end)
            object.__setattr__(self, "start", start)  # frozen: set once, here
            object.__setattr__(self, "end", end)
        if self.end < self.start:
            raise FilterError("The period ends before it starts.")
        if self.start < EARLIEST_DATE:
            raise FilterError(f"The period cannot start before {EARLIEST_DATE.isoformat()}.")
        if (self.end - self.start).days > MAX_PERIOD_DAYS:
            raise FilterError("The period is longer than fifteen years.")

    @classmethod
    def parse(
        cls,
        scope: AccessScope | None,
        start: object = None,
        end: object = None,
        sites: object = None,
        mentors: object = None,
        today: dt.date | None = None,
    ) -> Filters:
        """Build Filters from browser input; missing dates mean the default period.

        Raises FilterError (message for a person) on bad input and ScopeMissing without a scope.
        A site outside the scope is an error, not silently dropped, so a crafted request learns
        nothing but 'not allowed'.
        """
        if not isinstance(scope, AccessScope):
            raise ScopeMissing("a query needs the access scope of the person asking")
        default_start, default_end = default_period(today)
        start_date = _parse_date(start, "Start date") if start else default_start
        end_date = _parse_date(end, "End date") if end else default_end
        site_ids = _parse_ids(sites, "Sites")
        forbidden = [s for s in site_ids if not scope.allows_site(s)]
        if forbidden:
            raise FilterError("You do not have access to one of the chosen sites.")
        return cls(
            start=start_date,
            end=end_date,
            scope=scope,
            site_ids=site_ids,
            mentor_ids=_parse_ids(mentors, "Mentors"),
        )

    @property
    def effective_site_ids(self) -> frozenset[int] | None:
        """Sites the query may touch: chosen ∩ allowed; None means every site (admins only)."""
        if self.scope.all_sites:
            return frozenset(self.site_ids) if self.site_ids else None
        if self.site_ids:
            return frozenset(self.site_ids) & self.scope.site_ids
        return self.scope.site_ids

    def site_clause(self, column: ColumnElement[int]) -> ColumnElement[bool]:
        """The scope predicate to AND into a query's WHERE clause for a site_id ``column``."""
        sites = self.effective_site_ids
        if sites is None:
            return true()
        if not sites:
            return false()
        return column.in_(sorted(sites))

    @property
    def mentors_chosen(self) -> bool:
        """True when the filters name mentors (the mentor clause then restricts)."""
        return bool(self.mentor_ids)

    def mentor_clause(self, column: ColumnElement[int]) -> ColumnElement[bool]:
        """The mentor choice as a predicate for a mentor_id ``column`` (true when none chosen)."""
        return column.in_(self.mentor_ids) if self.mentor_ids else true()

    @property
    def cache_key(self) -> tuple[object, ...]:
        """Everything that changes a query's answer, the scope included."""
        return (self.start, self.end, self.site_ids, self.mentor_ids, self.scope.cache_key)
