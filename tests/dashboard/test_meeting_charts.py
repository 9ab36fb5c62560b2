"""Meeting mode's figure builders and sentences: pure functions, checked on hand-made frames."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.charts import meeting as words
from dashboard.theme import OKABE_ITO

NA = pd.NA


def _milestones(values: dict[str, object]) -> pd.DataFrame:
    df = pd.DataFrame({"category": list(values), "achieved": list(values.values())})
    df["achieved"] = df["achieved"].astype("Int64")
    return df


def _trend() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quarter": [dt.date(2025, 10, 1), dt.date(2026, 1, 1), dt.date(2026, 4, 1)],
            "mean_score": [3.9, float("nan"), 4.4],
            "n_mentees": pd.array([12, NA, 20], dtype="Int64"),
        }
    )


def _distance() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "domain": ["Work", "Trust and hope", "Housing"],
            "baseline_mean": [3.0, 3.5, float("nan")],
            "latest_mean": [4.0, 3.7, float("nan")],
            "change": [1.0, 0.2, float("nan")],
            "n": pd.array([30, 30, NA], dtype="Int64"),
        }
    )


def _font_sizes(fig: go.Figure) -> list[float]:
    """Every font size a figure sets or inherits from its layout (ticks, text, annotations)."""
    layout = fig.layout
    sizes = [layout.font.size]
    for axis in (layout.xaxis, layout.yaxis):
        sizes.append(axis.tickfont.size or layout.font.size)
    for trace in fig.data:
        textfont = getattr(trace, "textfont", None)
        if textfont is not None and textfont.size:
            sizes.append(textfont.size)
    sizes += [a.font.size or layout.font.size for a in layout.annotations]
    return [float(s) for s in sizes if s is not None]


@pytest.mark.parametrize(
    "fig",
    [
        words.milestones_figure(_milestones({"transport": 6, "food": NA, "housing": 0}), 5),
        words.trend_figure(_trend()),
        words.distance_figure(_distance()),
        words.room_empty_figure("Nothing here"),
    ],
    ids=["milestones", "trend", "distance", "empty"],
)
def test_every_room_figure_uses_large_type_and_the_palette(fig):
    assert min(_font_sizes(fig)) >= words.ROOM_MIN_FONT
    colours = {
        c
        for trace in fig.data
        for part in (getattr(trace, "marker", None), getattr(trace, "line", None))
        for c in [getattr(part, "color", None)]
        if isinstance(c, str)
    }
    assert colours <= set(OKABE_ITO) | {words.MUTED}


def test_milestones_show_hidden_areas_in_words_not_bars():
    fig = words.milestones_figure(_milestones({"transport": 6, "food": NA, "housing": 0}), 5)
    bar = fig.data[0]
    assert list(bar.y) == ["Food", "Transport"]  # housing (none) left out; top to bottom
    assert list(bar.text) == ["fewer than 5", "6"]
    assert list(bar.x) == [0, 6]
    caption = words.milestones_caption(_milestones({"transport": 6, "food": NA, "housing": 0}), 5)
    assert caption == (
        "Mentees reached 6 milestones this month, most often in Transport (6). "
        "In 1 more area, fewer than 5 milestones each."
    )


def test_no_milestones_says_why():
    empty = _milestones({"transport": 0})
    fig = words.milestones_figure(empty, 5)
    assert fig.layout.annotations[0].text.replace("<br>", " ") == words.NO_MILESTONES
    assert words.milestones_caption(empty, 5) == words.NO_MILESTONES + "."


def test_the_trend_leaves_out_hidden_quarters_and_says_so():
    fig = words.trend_figure(_trend())
    assert list(fig.data[0].x) == ["Oct–Dec<br>2025", "Apr–Jun<br>2026"]
    assert list(fig.data[0].text) == ["3.9", "4.4"]
    assert fig.data[0].line.width >= 6
    assert words.trend_caption(_trend(), 5) == (
        "The average recovery score rose from 3.9 in Oct–Dec 2025 to 4.4 in Apr–Jun 2026 "
        "(n = 20 mentees assessed in Apr–Jun 2026). Quarters with fewer than 5 mentees "
        "assessed are left out."
    )


def test_distance_caption_counts_areas_moved_up():
    caption = words.distance_caption(_distance(), 5)
    assert caption.startswith(
        "Since their first assessment, mentees moved up in 2 of 2 areas, most in Work "
        "(+1.0 points; n = 30 mentees)."
    )
    assert "1 areas with fewer than 5 mentees are left out" in caption
    fig = words.distance_figure(_distance())
    assert list(fig.data[-1].text) == ["+0.2", "+1.0"]


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (412, 400, "12 more contacts than October"),
        (400, 412, "12 fewer contacts than October"),
        (7, 7, "the same number of contacts as October"),
        (NA, 7, "too few contacts to compare with October"),
    ],
)
def test_comparisons_in_words(now, before, expected):
    assert words.compare_words(now, before, "contacts", "October") == expected


def test_a_mentor_is_told_in_strengths_only():
    row = pd.Series(
        {
            "contacts": 12,
            "hours": 9.6,
            "group_sessions": 1,
            "accomplishments": 2,
            "positive_impacts": 0,
        }
    )
    assert words.contribution_lines(row, 5) == [
        "12 contacts, 10 hours",
        "Facilitated 1 group session",
        "2 accomplishments recorded",
    ]
    rising = row.copy()
    rising["contacts_last_month"] = 9
    assert words.contribution_lines(rising, 5)[1] == "3 more contacts than last month"
    rising["contacts_last_month"] = 15  # a fall is not told on the shared screen
    assert "than last month" not in " ".join(words.contribution_lines(rising, 5))
    quiet = row.copy()
    quiet[:] = [0, 0.0, 0, 0, 0]
    assert words.contribution_lines(quiet, 5) == ["Part of the team this month"]
    hidden = row.copy()
    hidden["contacts"] = NA
    assert words.contribution_lines(hidden, 5)[0] == "Fewer than 5 contacts"


def test_contact_mix_sentence():
    mix = pd.DataFrame(
        {
            "contact_type": ["practical_living_skills", "emotional_support", "crisis_call"],
            "contacts": pd.array([54, 30, NA], dtype="Int64"),
            "share": [0.54, 0.30, float("nan")],
        }
    )
    assert words.contact_mix_sentence(mix) == (
        "Most contacts were practical living skills (54%), then emotional support (30%)."
    )
    assert words.contact_mix_sentence(mix.iloc[0:0]) == ""
