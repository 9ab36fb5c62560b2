"""Counts of mentees small enough to identify someone are hidden from scopes that ask for it."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from data.filters import AccessScope, Filters
from data.queries import overview
from data.queries.plumbing.disclosure import shown_count
from data.schema import Site

PEOPLE_COUNTS = {
    overview.headline_figures: [
        "active_mentees",
        "waiting_for_mentor",
        "milestones_this_month",
        "contacts_this_month",
    ],
    overview.monthly_activity: ["active_mentees", "milestones", "contacts"],
}
# Hours go with the count of contacts they belong to (hidden where it is).
HOURS_OF = {"contact_hours_this_month": "contacts_this_month", "contact_hours": "contacts"}


def _first_site_filters(engine: Engine, small_cell_min: int) -> Filters:
    with engine.connect() as conn:
        first = conn.execute(select(Site.id).order_by(Site.id)).scalars().first()
    scope = AccessScope(
        role="meeting_viewer", site_ids=frozenset({first}), small_cell_min=small_cell_min
    )
    # Whole months: a scope that hides small counts snaps its period to whole months anyway.
    return Filters.parse(scope, "2025-01-01", "2026-10-31")


@pytest.mark.parametrize("query", list(PEOPLE_COUNTS), ids=lambda q: q.__name__)
@pytest.mark.parametrize("threshold", [2, 5, 40])
def test_counts_below_the_threshold_are_hidden_and_only_those(demo_engine, query, threshold):
    shown = query(demo_engine, _first_site_filters(demo_engine, 0))
    hidden = query(demo_engine, _first_site_filters(demo_engine, threshold))
    for column in PEOPLE_COUNTS[query]:
        raw = shown[column].astype("Int64")
        should_hide = (raw > 0) & (raw < threshold)
        assert hidden[column].isna().tolist() == should_hide.tolist(), column
        kept = ~should_hide
        rounded = [shown_count(v, threshold) for v in raw[kept]]
        assert hidden[column][kept].astype(int).tolist() == rounded
    for hours, count in HOURS_OF.items():
        if hours in hidden.columns:
            assert hidden[hours][hidden[count].isna()].isna().all(), hours
            shown_hours = hidden[hours].dropna()
            assert (shown_hours % threshold == 0).all(), hours  # rounded like their counts
    # Everything else (mentors in post) is never hidden.
    untouched = [
        c
        for c in shown.columns
        if c not in PEOPLE_COUNTS[query] and "wait" not in c and c not in HOURS_OF
    ]
    pd.testing.assert_frame_equal(shown[untouched], hidden[untouched])


def test_median_wait_is_hidden_with_a_hidden_waiting_count(demo_engine):
    shown = overview.headline_figures(demo_engine, _first_site_filters(demo_engine, 0))
    waiting = int(shown["waiting_for_mentor"][0])
    assert waiting > 0  # the demo always has someone waiting at its first site
    hidden = overview.headline_figures(demo_engine, _first_site_filters(demo_engine, waiting + 1))
    assert pd.isna(hidden["waiting_for_mentor"][0])
    assert pd.isna(hidden["median_wait_days"][0])


def test_the_threshold_is_part_of_the_cache_key():
    scope = AccessScope(role="meeting_viewer", site_ids=frozenset({1}))
    assert scope.cache_key != dataclasses.replace(scope, small_cell_min=5).cache_key
