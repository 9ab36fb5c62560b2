"""Filters turn untrusted browser input into a validated query filter, scope required."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import column

from data.filters import AccessScope, FilterError, Filters, ScopeMissing, default_period

SUPERVISOR_A = AccessScope(role="supervisor", site_ids=frozenset({1}), see_identities=True)
ADMIN = AccessScope(role="admin", all_sites=True, see_identities=True)
TODAY = dt.date(2026, 11, 24)


def test_default_period_is_current_month_and_eleven_before() -> None:
    assert default_period(TODAY) == (dt.date(2025, 12, 1), TODAY)
    assert default_period(dt.date(2026, 1, 31)) == (dt.date(2025, 2, 1), dt.date(2026, 1, 31))


def test_parse_without_input_uses_default_period_and_scope_sites() -> None:
    filters = Filters.parse(SUPERVISOR_A, today=TODAY)
    assert (filters.start, filters.end) == default_period(TODAY)
    assert filters.effective_site_ids == frozenset({1})


def test_parse_accepts_strings_lists_and_iso_datetimes() -> None:
    filters = Filters.parse(ADMIN, "2026-01-01T00:00:00", "2026-02-01", "3,1", ["7"])
    assert filters.start == dt.date(2026, 1, 1)
    assert filters.site_ids == (1, 3)
    assert filters.mentor_ids == (7,)


@pytest.mark.parametrize(
    ("start", "end", "sites", "message"),
    [
        ("yesterday", None, None, "not a date"),
        ({"$gt": 1}, None, None, "must be a date"),
        ("2026-05-01", "2026-04-01", None, "ends before it starts"),
        ("1999-12-31", "2026-01-01", None, "cannot start before"),
        (None, None, ["1; DROP TABLE sites"], "must be numbers"),
        (None, None, [True], "must be numbers"),
        (None, None, [-4], "positive"),
        (None, None, {"a": 1}, "list of numbers"),
        (None, None, list(range(1, 600)), "Too many"),
    ],
)
def test_parse_rejects_bad_input_with_a_clear_message(start, end, sites, message) -> None:
    with pytest.raises(FilterError, match=message):
        Filters.parse(ADMIN, start, end, sites)


def test_a_site_outside_the_scope_is_refused_not_dropped() -> None:
    with pytest.raises(FilterError, match="do not have access"):
        Filters.parse(SUPERVISOR_A, sites=[2])


@pytest.mark.parametrize("scope", [None, "admin", {"role": "admin", "all_sites": True}])
def test_a_missing_scope_fails_closed(scope) -> None:
    with pytest.raises(ScopeMissing):
        Filters.parse(scope)
    with pytest.raises(ScopeMissing):
        Filters(TODAY, TODAY, scope)  # type: ignore[arg-type]


def test_site_clause_renders_the_scope_into_sql() -> None:
    site_id = column("site_id")
    scoped = str(Filters.parse(SUPERVISOR_A, today=TODAY).site_clause(site_id))
    assert "site_id IN" in scoped
    assert str(Filters.parse(ADMIN, today=TODAY).site_clause(site_id)) == "true"
    nothing = AccessScope(role="supervisor")
    assert str(Filters.parse(nothing, today=TODAY).site_clause(site_id)) == "false"


def test_cache_key_differs_by_scope() -> None:
    a = Filters.parse(SUPERVISOR_A, today=TODAY)
    b = Filters.parse(
        AccessScope(role="supervisor", site_ids=frozenset({2}), see_identities=True), today=TODAY
    )
    assert a.cache_key != b.cache_key
