"""Outcome charts tell a meeting viewer that counts are hidden, never that they are zero."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import outcomes as charts


def _goals(set_values: list[object], achieved: list[object]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category": ["transport", "food"],
            "set": pd.array(set_values, dtype="Int64"),
            "achieved": pd.array(achieved, dtype="Int64"),
        }
    )


def test_goals_all_hidden_says_hidden_not_none() -> None:
    fig = charts.goals_figure(_goals([pd.NA, pd.NA], [pd.NA, 0]))
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "hidden" in texts
    assert "No goals" not in texts


def test_goals_partly_hidden_reads_fewer_than_five_on_hover() -> None:
    fig = charts.goals_figure(_goals([7, pd.NA], [pd.NA, 6]))
    reached = next(trace for trace in fig.data if trace.name == "Reached")
    assert list(reached.customdata) == ["fewer than 5", "6"]


def test_caption_says_hidden_counts_are_left_out() -> None:
    by_month = pd.DataFrame(
        {
            "month": [pd.Timestamp("2026-10-01").date()] * 2,
            "category": ["transport", "food"],
            "achieved": pd.array([pd.NA, 6], dtype="Int64"),
        }
    )
    first = pd.DataFrame()
    caption = charts.milestones_caption(by_month, _goals([7, pd.NA], [pd.NA, 6]), first)
    assert "hidden" in caption


def test_the_events_caption_says_a_hidden_rate_is_not_shown_instead_of_nan() -> None:
    months = ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]
    rows = []
    for kind in charts.EVENT_LABELS:
        for index, month in enumerate(months):
            rate = None if kind == "crisis_episode" else 2.0 + index
            rows.append({"month": month, "kind": kind, "per_100_active": rate, "shown": True})
    caption = charts.events_caption(pd.DataFrame(rows))
    assert "nan" not in caption
    assert "crisis episodes not shown (too few to give without identifying anyone)" in caption
    assert "hospital admissions 3.5 (first half 2.5, second half 4.5)" in caption
