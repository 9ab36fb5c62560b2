"""Caseload figures: each mentor's caseload against capacity, and matches started/closed."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import (
    BarSeries,
    count_axis,
    empty_figure,
    is_empty,
    limit_ticks,
    month_bars,
    month_starts,
    titled_figure,
)
from dashboard.theme import PRIMARY, SECONDARY, TEMPLATE, WARNING

CAPACITY_TITLE = "Caseload against capacity, per mentor"
NO_MENTORS = "No active mentors at these sites"
MATCHES_TITLE = "Matches started and closed per month"
NO_MATCHES = "No matches started or closed at these sites in this period"

BAR_HEIGHT_PX = 26


def caseload_capacity_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Horizontal bars of active mentees per mentor (people), with a marker at capacity.

    ``df`` has columns mentor_id, mentor, site, capacity, active_mentees, spare,
    over_capacity (one row per mentor). Mentors over capacity are drawn in the warning colour.
    """
    if is_empty(df):
        return empty_figure(NO_MENTORS, CAPACITY_TITLE, template)
    # By site, then name: never ordered by how many mentees a mentor has (no ranking).
    df = df.sort_values(["site", "mentor", "mentor_id"])
    # Site in the label keeps two mentors with the same name apart.
    labels = df["mentor"].astype(str) + " · " + df["site"].astype(str)
    over = df["over_capacity"].astype(bool)
    traces = [
        go.Bar(
            y=labels,
            x=df["active_mentees"],
            orientation="h",
            name="Active mentees",
            marker_color=[WARNING if o else PRIMARY for o in over],
            customdata=df[["mentor_id", "capacity", "spare"]].to_numpy(),
            hovertemplate="%{y}<br>n = %{x} active mentees<br>capacity %{customdata[1]}"
            "<br>spare %{customdata[2]}<extra></extra>",
        ),
        limit_ticks(
            labels, df["capacity"], "Capacity", "%{y}<br>capacity %{x} mentees<extra></extra>"
        ),
    ]
    if over.any():
        # A legend entry for the warning colour, so colour is not the only cue.
        traces.append(
            go.Bar(
                y=[None],
                x=[None],
                orientation="h",
                name="Over capacity",
                marker_color=WARNING,
                hoverinfo="skip",
            )
        )
    return titled_figure(
        CAPACITY_TITLE,
        traces,
        template,
        xaxis={"title": {"text": "Active mentees"}, "rangemode": "tozero", "dtick": 1},
        yaxis={"title": {"text": ""}, "type": "category", "autorange": "reversed"},
        barmode="overlay",
        height=max(320, 110 + BAR_HEIGHT_PX * len(df)),
    )


def matches_by_month_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Grouped bars of matches started and matches closed per month (counts).

    ``df`` has columns month, started, closed (one row per month).
    """
    if is_empty(df, "started", "closed"):
        return empty_figure(NO_MATCHES, MATCHES_TITLE, template)
    df = df.assign(month_start=month_starts(df["month"])).sort_values("month_start")
    series = [
        BarSeries(
            column, label, colour, f"%{{x|%B %Y}}<br>n = %{{y:,}} matches {column}<extra></extra>"
        )
        for column, label, colour in (
            ("started", "Started", PRIMARY),
            ("closed", "Closed", SECONDARY),
        )
    ]
    return month_bars(
        df,
        series,
        MATCHES_TITLE,
        template,
        yaxis=count_axis("Matches", float(df[["started", "closed"]].to_numpy().max())),
        barmode="group",
        height=360,
    )


def caseload_capacity_caption(df: pd.DataFrame) -> str:
    """What the per-mentor capacity chart means: mentees in matches against places, and how
    many mentors are over their capacity (``caseload_by_mentor``)."""
    if is_empty(df):
        return f"{CAPACITY_TITLE}: {NO_MENTORS.lower()}."
    active = pd.to_numeric(df["active_mentees"], errors="coerce").fillna(0)
    places = int(df["capacity"].sum())
    mentors = len(df)
    over = int(df["over_capacity"].astype(bool).sum())
    text = (
        f"{CAPACITY_TITLE}: {int(active.sum()):,} mentees in matches with {mentors:,} "
        f"{'mentor' if mentors == 1 else 'mentors'} who have {places:,} places"
    )
    text += f" ({active.sum() / places:.0%} of places filled)." if places else "."
    noun = "mentor is" if over == 1 else "mentors are"
    return text + f" {over:,} {noun} over capacity (vermillion)."
