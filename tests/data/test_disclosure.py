"""The disclosure rule for scopes that hide small counts: suppress below t, round to base t."""

from __future__ import annotations

import math

import pandas as pd

from data.filters import AccessScope, Filters
from data.queries.plumbing.disclosure import hide_small_counts, shown_count, shown_quantity

VIEWER = AccessScope(role="meeting_viewer", site_ids=frozenset({1}), small_cell_min=5)
STAFF = AccessScope(role="supervisor", site_ids=frozenset({1}), see_identities=True)


def _filters(scope: AccessScope) -> Filters:
    return Filters.parse(scope, "2026-01-01", "2026-01-31")


def test_counts_are_suppressed_below_the_threshold_and_rounded_above_it() -> None:
    assert [shown_count(n, 5) for n in (0, 1, 4, 5, 7, 8, 12, 13, 1_003)] == [
        0, None, None, 5, 5, 10, 10, 15, 1_005,
    ]  # fmt: skip
    assert shown_count(None, 5) is None
    assert [shown_count(n, 0) for n in (1, 4, 7)] == [1, 4, 7]  # exact for staff


def test_quantities_round_to_the_same_base_and_never_to_nothing() -> None:
    assert [shown_quantity(h, 5) for h in (0.0, 0.4, 2.6, 7.4, 7.6)] == [0, 5, 5, 5, 10]
    assert math.isnan(shown_quantity(float("nan"), 5))
    assert shown_quantity(2.25, 0) == 2.25


def test_a_frame_follows_the_rule_hours_and_shares_with_their_counts() -> None:
    df = pd.DataFrame(
        {
            "contacts": [0, 3, 7, 23],
            "hours": [0.0, 2.5, 6.0, 19.0],
            "done": [0, 1, 6, 21],
            "share": [0.0, 1 / 3, 6 / 7, 21 / 23],
        }
    )
    shown = hide_small_counts(
        df,
        _filters(VIEWER),
        ["contacts", "done"],
        along={"hours": "contacts"},
        shares={"share": ("done", "contacts")},
    )
    assert shown["contacts"].tolist() == [0, pd.NA, 5, 25]
    assert shown["done"].tolist() == [0, pd.NA, 5, 20]
    assert shown["hours"].iloc[0] == 0 and math.isnan(shown["hours"].iloc[1])
    assert shown["hours"].iloc[2:].tolist() == [5.0, 20.0]
    # Shares come from the rounded counts: share x shown n gives back only a shown count.
    assert math.isnan(shown["share"].iloc[0]) and math.isnan(shown["share"].iloc[1])
    assert shown["share"].iloc[2:].tolist() == [1.0, 0.8]
    # Any sum or difference of shown counts is a multiple of 5: never a hidden 1 to 4.
    values = [int(v) for v in shown[["contacts", "done"]].stack().dropna()]
    assert all(v % 5 == 0 for v in values)


def test_staff_see_every_figure_exactly() -> None:
    df = pd.DataFrame({"contacts": [3, 7], "hours": [2.5, 6.0]})
    shown = hide_small_counts(df, _filters(STAFF), ["contacts"], along={"hours": "contacts"})
    pd.testing.assert_frame_equal(shown, df)
