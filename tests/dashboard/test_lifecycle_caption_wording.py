"""Caseloads captions say '1 site', '1 of them has closed', '1 match' (QA: read '1 sites' ...)."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.lifecycle import lifecycle_caption, places_caption


def test_places_caption_uses_the_singular_for_one_site_and_one_place() -> None:
    one = pd.DataFrame({"site": ["Riverside"], "waiting": [2], "free_places": [1]})
    assert places_caption(one).startswith("1 free place with available mentors across 1 site.")
    two = pd.DataFrame({"site": ["A", "B"], "waiting": [0, 0], "free_places": [0, 3]})
    assert places_caption(two).startswith("3 free places with available mentors across 2 sites.")


def test_lifecycle_caption_agrees_with_one_closed_match() -> None:
    length = pd.DataFrame({"started": [6], "closed": [1], "median_closed_days": [225.0]})
    closures = pd.DataFrame({"reason": ["goals met"], "closed": [1]})
    retention = pd.DataFrame({"months": [3], "share": [1.0]})
    caption = lifecycle_caption(closures, retention, length)
    assert caption.startswith("6 matches started in the period; 1 of them has closed")
    assert caption.endswith(" 1 match closed with goals met.")
    several = pd.DataFrame({"started": [1], "closed": [0], "median_closed_days": [None]})
    assert lifecycle_caption(closures.iloc[0:0], retention, several).startswith(
        "1 match started in the period; 0 of them have closed."
    )
