"""Caseloads: places against waits per site, and the match lifecycle (closures by
reason, retention at 3, 6 and 12 months, median match length)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import count_axis, empty_figure, is_empty, titled_figure
from dashboard.theme import MUTED, POSITIVE, PRIMARY, SECONDARY, TEMPLATE

PLACES_TITLE = "Free places against mentees waiting, per site"
CLOSURES_TITLE = "Matches closed in the period, by reason"
RETENTION_TITLE = "Matches started in the period that lasted 3, 6 and 12 months"
NO_SITES = "No sites to show for this choice"
NO_CLOSURES = "No matches closed at these sites in this period"
NO_STARTS = "No matches started at these sites in this period"
HIDDEN = "fewer than 5"


def _text(value: object) -> str:
    return HIDDEN if value is None or pd.isna(value) else f"{int(value):,}"  # type: ignore[arg-type]


def places_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Grouped horizontal bars per site: free places with available mentors, mentees waiting
    (``places_against_waits``)."""
    if df is None or df.empty:
        return empty_figure(NO_SITES, PLACES_TITLE, template)
    traces = []
    waiting = pd.to_numeric(df["waiting"], errors="coerce")
    traces.append(
        go.Bar(
            y=df["site"],
            x=df["free_places"],
            orientation="h",
            name="Free places",
            marker_color=POSITIVE,
            customdata=df[["mentors_with_room", "mentors_available"]].to_numpy(),
            hovertemplate="%{y}<br>n = %{x} free places<br>%{customdata[0]} of %{customdata[1]} "
            "available mentors have room<extra></extra>",
        )
    )
    traces.append(
        go.Bar(
            y=df["site"],
            x=waiting.fillna(0).astype(float),
            orientation="h",
            name="Waiting",
            marker_color=SECONDARY,
            customdata=[
                [_text(w), "—" if pd.isna(d) else f"{int(d):,} days"]
                for w, d in zip(df["waiting"], df["longest_wait_days"], strict=True)
            ],
            hovertemplate="%{y}<br>n = %{customdata[0]} waiting<br>longest wait %{customdata[1]}"
            "<extra></extra>",
        )
    )
    largest = float(max(df["free_places"].max(), waiting.fillna(0).max()))
    return titled_figure(
        PLACES_TITLE,
        traces,
        template,
        barmode="group",
        xaxis=count_axis("Places / mentees", largest),
        yaxis={"title": {"text": ""}, "type": "category", "autorange": "reversed"},
        height=max(300, 140 + 48 * len(df)),
    )


def places_caption(df: pd.DataFrame) -> str:
    """Where someone waits while a mentor at the same site has room, in words."""
    if df is None or df.empty:
        return NO_SITES + "."
    waiting = pd.to_numeric(df["waiting"], errors="coerce")
    both = df[(waiting > 0) & (df["free_places"] > 0)]
    free = int(df["free_places"].sum())
    places = "free place" if free == 1 else "free places"
    sites = "site" if len(df) == 1 else "sites"
    text = f"{free:,} {places} with available mentors across {len(df):,} {sites}."
    if both.empty:
        return text + " No site has someone waiting while a mentor there has room."
    parts = [
        f"{row.site} ({_text(row.waiting)} waiting, {int(row.free_places)} free)"
        for row in both.itertuples()
    ]
    return text + " Someone waits while a mentor has room at: " + "; ".join(parts) + "."


def closures_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Horizontal bars of matches closed by reason (``match_closures_by_reason``), goals met
    first."""
    if is_empty(df, "closed"):
        return empty_figure(NO_CLOSURES, CLOSURES_TITLE, template)
    counts = pd.to_numeric(df["closed"], errors="coerce")
    traces = [
        go.Bar(
            y=[str(r).capitalize() for r in df["reason"]],
            x=counts.fillna(0).astype(float),
            orientation="h",
            marker_color=[POSITIVE if r == "goals met" else PRIMARY for r in df["reason"]],
            customdata=[_text(v) for v in df["closed"]],
            hovertemplate="%{y}<br>n = %{customdata} matches<extra></extra>",
        ),
    ]
    return titled_figure(
        CLOSURES_TITLE,
        traces,
        template,
        xaxis=count_axis("Matches closed", float(counts.fillna(0).max())),
        yaxis={"title": {"text": ""}, "type": "category", "autorange": "reversed"},
        showlegend=False,
        height=max(300, 140 + 34 * len(df)),
    )


def retention_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Bars of the share of matches lasting at least 3, 6 and 12 months (``match_retention``),
    with the n each share is out of."""
    if (
        df is None
        or df.empty
        or pd.to_numeric(df["eligible"], errors="coerce").fillna(0).sum() == 0
    ):
        return empty_figure(
            "No match started in the period is old enough to tell yet", RETENTION_TITLE, template
        )
    share = (pd.to_numeric(df["share"], errors="coerce") * 100).round(1)
    bars = go.Bar(
        x=[f"{int(m)} months" for m in df["months"]],
        y=share,
        marker_color=POSITIVE,
        customdata=[
            [_text(lasted), _text(eligible)]
            for lasted, eligible in zip(df["lasted"], df["eligible"], strict=True)
        ],
        text=[("" if pd.isna(s) else f"{s:.0f}%") for s in share],
        textposition="outside",
        hovertemplate="%{x}: %{y:.0f}%<br>%{customdata[0]} of n = %{customdata[1]} matches old "
        "enough<extra></extra>",
    )
    fig = titled_figure(
        RETENTION_TITLE,
        [bars],
        template,
        xaxis={"title": {"text": "Lasted at least"}, "type": "category"},
        yaxis={"title": {"text": "Share of matches"}, "range": [0, 110], "ticksuffix": "%"},
        showlegend=False,
        height=340,
        shapes=[],
    )
    fig.add_hline(y=100, line={"color": MUTED, "dash": "dot", "width": 1})
    return fig


def lifecycle_caption(closures: pd.DataFrame, retention: pd.DataFrame, length: pd.DataFrame) -> str:
    """Matches started, closed, their median length and retention, in words."""
    row = length.iloc[0] if length is not None and not length.empty else None
    if row is None or (pd.notna(row["started"]) and int(row["started"]) == 0):
        text = NO_STARTS + "."
    else:
        started, closed = _text(row["started"]), _text(row["closed"])
        text = f"{started} {'match' if started == '1' else 'matches'} started in the period; "
        text += f"{closed} of them {'has' if closed == '1' else 'have'} closed"
        median = row["median_closed_days"]
        text += f" (median length {median / 30.44:.1f} months)." if pd.notna(median) else "."
    shown = retention.dropna(subset=["share"]) if retention is not None else retention
    if shown is not None and not shown.empty:
        parts = [f"{r.share:.0%} lasted {int(r.months)} months" for r in shown.itertuples()]
        text += " Of those old enough to tell: " + ", ".join(parts) + "."
    good = closures[closures["reason"] == "goals met"] if closures is not None else None
    if good is not None and not good.empty:
        met = _text(good.iloc[0]["closed"])
        text += f" {met} {'match' if met == '1' else 'matches'} closed with goals met."
    return text
