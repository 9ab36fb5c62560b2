"""Meeting mode's figures and the words that go with them, for a projector across a room.

Every figure here uses type of at least ``ROOM_MIN_FONT`` px (ticks, legends and labels
included), thick lines, few labels, the Okabe-Ito colours and the values written on the
marks, so nothing depends on hovering. Each figure has a caption function that says what it
shows in plain words, from the same numbers (also read by screen readers). A value hidden
because too few people are behind it (<NA> or NaN) is never drawn as a number: the words say
"fewer than N".
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import figure
from dashboard.theme import FONT_FAMILY, MEETING_TEMPLATE, MUTED, POSITIVE, PRIMARY, TEXT
from data.labels import CATEGORY_LABELS

ROOM_MIN_FONT = 24
ROOM_FONT = 28
ROOM_TICK = 26
ROOM_LINE = 7
ROOM_MARKER = 22

MILESTONES_TITLE = "Milestones reached this month, by life area"
TREND_TITLE = "Average recovery score, quarter by quarter"
DISTANCE_TITLE = "Distance travelled since the first assessment, by area"
NO_MILESTONES = "No milestones were recorded this month yet"
NO_TREND = "No assessments in the last twelve months at these sites"
NO_DISTANCE = "No mentee has a baseline and a later assessment in the last twelve months"


def missing(value: object) -> bool:
    """True for None, NaN and <NA>."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def rounding_note(base: int) -> str:
    """What a scope that hides small counts is told about its numbers (empty for exact ones)."""
    if base <= 0:
        return ""
    return (
        f"Numbers under {base} read “fewer than {base}” and the rest are rounded to the "
        f"nearest {base}, so that nobody can be recognised; totals are rounded on their own "
        "and may not equal the sum of their parts."
    )


def count_text(value: object, hidden_below: int, noun: str = "") -> str:
    """'1,204 contacts', or 'fewer than 5 contacts' when the count was hidden."""
    words = f"fewer than {hidden_below}" if missing(value) else f"{int(value):,}"  # type: ignore[arg-type]
    return f"{words} {noun}".strip()


def month_name(day: dt.date) -> str:
    """'October' for a day in October."""
    return day.strftime("%B")


def period_name(start: dt.date, end: dt.date, whole_month: bool) -> str:
    """'October 2026' for a whole month, '1–25 October 2026' for part of one."""
    if whole_month:
        return start.strftime("%B %Y")
    return f"{start.day}–{end.day} {end.strftime('%B %Y')}"


def compare_words(now: object, before: object, noun: str, then: str) -> str:
    """'12 more contacts than October', '3 fewer ...', 'the same number of ... as ...'.

    Says so plainly when either side is hidden (too few to compare).
    """
    if missing(now) or missing(before):
        return f"too few {noun} to compare with {then}"
    difference = int(now) - int(before)  # type: ignore[arg-type]
    if difference > 0:
        return f"{difference:,} more {noun} than {then}"
    if difference < 0:
        return f"{-difference:,} fewer {noun} than {then}"
    return f"the same number of {noun} as {then}"


ROOM_AXIS = {"tickfont": {"size": ROOM_TICK}, "title": {"font": {"size": ROOM_TICK}}}


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``extra`` laid over it, nested dicts merged (as plotly's updates do)."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def _room_figure(
    traces: list[Any],
    height: int,
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
    **layout: Any,
) -> go.Figure:
    """A figure for the shared screen: the meeting template, room-sized type on both axes,
    no legend. Made in one call (``figure``), not updated step by step."""
    room = {
        "template": MEETING_TEMPLATE,
        "font": {"family": FONT_FAMILY, "size": ROOM_FONT, "color": TEXT},
        "height": height,
        "margin": {"l": 24, "r": 48, "t": 24, "b": 24},
        "showlegend": False,
        "hoverlabel": {"font": {"size": ROOM_FONT}},
        "uniformtext": {"minsize": ROOM_MIN_FONT, "mode": "show"},
    }
    return figure(
        traces,
        **_merged(layout, room),
        xaxis=_merged(xaxis or {}, ROOM_AXIS),
        yaxis=_merged(yaxis or {}, ROOM_AXIS),
    )


def room_empty_figure(message: str, height: int = 560) -> go.Figure:
    """A room-sized figure with no data that says why, in large type."""
    return _room_figure(
        [],
        height,
        xaxis={"visible": False},
        yaxis={"visible": False},
        plot_bgcolor="rgba(0,0,0,0)",
        annotations=[
            {
                # Wrapped: a long sentence at room size would run past a half-slide chart.
                "text": "<br>".join(textwrap.wrap(message, 32)),
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"color": MUTED, "size": ROOM_FONT},
            }
        ],
    )


def milestones_figure(df: pd.DataFrame, hidden_below: int, height: int = 560) -> go.Figure:
    """Horizontal bars of milestones reached per life area, the number written on each bar.

    ``df`` has columns category, achieved (<NA> when hidden). Areas with none are left out;
    a hidden area shows the words "fewer than N" instead of a bar.
    """
    shown = df[df["achieved"].isna() | (df["achieved"].fillna(0) > 0)]
    if shown.empty:
        return room_empty_figure(NO_MILESTONES, height)
    labels = [
        CATEGORY_LABELS.get(c, str(c).replace("_", " ").capitalize()) for c in shown["category"]
    ]
    values = [0 if missing(v) else int(v) for v in shown["achieved"]]
    texts = [count_text(v, hidden_below) for v in shown["achieved"]]
    bars = go.Bar(
        y=labels[::-1],
        x=values[::-1],
        orientation="h",
        marker_color=POSITIVE,
        text=texts[::-1],
        textposition="outside",
        textfont={"size": ROOM_FONT, "color": TEXT},
        cliponaxis=False,
        hovertemplate="%{y}: %{text} milestones<extra></extra>",
    )
    return _room_figure(
        [bars],
        height,
        xaxis={"visible": False, "rangemode": "tozero", "range": [0, max([*values, 1]) * 1.35]},
        yaxis={"showgrid": False, "ticksuffix": "  "},
    )


def milestones_caption(df: pd.DataFrame, hidden_below: int) -> str:
    """'Mentees reached 14 milestones this month, most often in Transport (6).'"""
    known = df.dropna(subset=["achieved"])
    known = known[known["achieved"] > 0]
    hidden = int(df["achieved"].isna().sum())
    if known.empty and not hidden:
        return f"{NO_MILESTONES}."
    parts = []
    if not known.empty:
        total = int(known["achieved"].sum())
        best = known.sort_values("achieved", ascending=False, kind="stable").iloc[0]
        label = CATEGORY_LABELS.get(best["category"], best["category"])
        parts.append(
            f"Mentees reached {total:,} milestones this month, most often in "
            f"{label} ({int(best['achieved']):,})."
        )
    if hidden:
        areas = "area" if hidden == 1 else "areas"
        parts.append(f"In {hidden} more {areas}, fewer than {hidden_below} milestones each.")
    return " ".join(parts)


def overall_trend(df: pd.DataFrame) -> pd.DataFrame:
    """The quarters whose average is shown (hidden ones dropped), oldest first.

    ``df`` has columns quarter, mean_score, n_mentees (from ``outcomes_for_room``).
    """
    return df.dropna(subset=["mean_score"]).sort_values("quarter").reset_index(drop=True)


def quarter_name(day: object) -> str:
    """'Oct–Dec 2026' for the quarter starting on ``day``."""
    first = pd.Timestamp(str(day)[:10])
    last = first + pd.DateOffset(months=2)
    return f"{first.strftime('%b')}–{last.strftime('%b')} {first.year}"


def quarter_tick(day: object) -> str:
    """'Oct–Dec<br>2026': a quarter on two short lines, so ticks never need turning."""
    return quarter_name(day).replace(" ", "<br>")


def labelled_points(
    x: object,
    y: object,
    colour: str,
    labels: list[str],
    position: str,
    n: pd.Series,
    hover: str,
    **trace: object,
) -> go.Scatter:
    """Points for the room: the room's marker size, each point labelled in the room's type
    (never clipped at the plot's edge), its n on hover (``%{customdata}`` in ``hover``)."""
    return go.Scatter(
        x=x,
        y=y,
        marker={"size": ROOM_MARKER, "color": colour},
        text=labels,
        textposition=position,
        textfont={"size": ROOM_FONT, "color": TEXT},
        cliponaxis=False,
        customdata=n.astype(int),
        hovertemplate=hover,
        **trace,
    )


def trend_figure(df: pd.DataFrame, height: int = 560) -> go.Figure:
    """One thick line of the program's average score per quarter, each point labelled.

    ``df`` has columns quarter, mean_score, n_mentees (from ``outcomes_for_room``).
    """
    trend = overall_trend(df)
    if trend.empty:
        return room_empty_figure(NO_TREND, height)
    labels = [quarter_tick(q) for q in trend["quarter"]]
    line = labelled_points(
        labels,
        trend["mean_score"],
        PRIMARY,
        [f"{v:.1f}" for v in trend["mean_score"]],
        "top center",
        trend["n_mentees"],
        "average %{y:.2f}, n = %{customdata} mentees<extra></extra>",
        mode="lines+markers+text",
        line={"color": PRIMARY, "width": ROOM_LINE},
    )
    low = float(trend["mean_score"].min())
    high = float(trend["mean_score"].max())
    pad = max(0.4, (high - low) * 0.5)
    return _room_figure(
        [line],
        height,
        xaxis={"showgrid": False, "type": "category", "tickangle": 0},
        yaxis={"range": [max(0.0, low - pad), high + pad], "nticks": 4, "tickformat": ".1f"},
    )


def trend_caption(df: pd.DataFrame, hidden_below: int) -> str:
    """'The average recovery score rose from 4.0 in Oct–Dec 2025 to 4.6 in Oct–Dec 2026 ...'"""
    trend = overall_trend(df)
    if trend.empty:
        return f"{NO_TREND}."
    last = trend.iloc[-1]
    n = f"n = {int(last['n_mentees']):,} mentees assessed in {quarter_name(last['quarter'])}"
    if len(trend) == 1:
        return f"The average recovery score was {last['mean_score']:.1f} ({n})."
    first = trend.iloc[0]
    change = float(last["mean_score"]) - float(first["mean_score"])
    verb = "rose" if change > 0.05 else "fell" if change < -0.05 else "held steady"
    sentence = (
        f"The average recovery score {verb} from {first['mean_score']:.1f} in "
        f"{quarter_name(first['quarter'])} to {last['mean_score']:.1f} in "
        f"{quarter_name(last['quarter'])} ({n})."
    )
    hidden = int(df["mean_score"].isna().sum())
    if hidden:
        sentence += f" Quarters with fewer than {hidden_below} mentees assessed are left out."
    return sentence


def distance_figure(df: pd.DataFrame, height: int = 620) -> go.Figure:
    """Each area's average at baseline (grey) and latest (green), joined by a thick line.

    ``df`` has columns domain, baseline_mean, latest_mean, change, n (from
    ``distance_for_room``); hidden areas are left out. Latest values are written beside them.
    """
    known = df.dropna(subset=["latest_mean"])
    if known.empty:
        return room_empty_figure(NO_DISTANCE, height)
    known = known.iloc[::-1]
    # One trace of segments (None breaks the line between areas): a trace per area is slow.
    xs: list[object] = []
    ys: list[object] = []
    for row in known.itertuples(index=False):
        xs += [row.baseline_mean, row.latest_mean, None]
        ys += [row.domain, row.domain, None]
    segments = go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": MUTED, "width": ROOM_LINE},
        hoverinfo="skip",
        connectgaps=False,
    )
    first = go.Scatter(
        x=known["baseline_mean"],
        y=known["domain"],
        mode="markers",
        name="First assessment",
        marker={"size": ROOM_MARKER, "color": MUTED, "symbol": "circle-open", "line": {"width": 5}},
        customdata=known["n"].astype(int),
        hovertemplate="%{y}: first %{x:.1f}, n = %{customdata}<extra></extra>",
    )
    latest = labelled_points(
        known["latest_mean"],
        known["domain"],
        POSITIVE,
        [f"{c:+.1f}" for c in known["change"]],
        "middle right",
        known["n"],
        "%{y}: latest %{x:.1f}, n = %{customdata}<extra></extra>",
        mode="markers+text",
        name="Latest assessment",
    )
    low = float(known["baseline_mean"].min())
    high = float(known["latest_mean"].max())
    return _room_figure(
        [segments, first, latest],
        height,
        xaxis={"range": [math.floor(low) - 0.2, math.ceil(high) + 0.6], "dtick": 1,
               "tickformat": ".0f"},
        yaxis={"showgrid": False, "ticksuffix": "  "},
    )  # fmt: skip


def distance_caption(df: pd.DataFrame, hidden_below: int) -> str:
    """'Since their first assessment, mentees moved up in 10 of 10 areas, most in Work (+1.0).'"""
    known = df.dropna(subset=["change"])
    if known.empty:
        return f"{NO_DISTANCE}."
    up = known[known["change"] > 0]
    best = known.sort_values("change", ascending=False, kind="stable").iloc[0]
    n = int(known["n"].max())
    sentence = (
        f"Since their first assessment, mentees moved up in {len(up)} of {len(known)} areas, "
        f"most in {best['domain']} ({best['change']:+.1f} points; n = {n:,} mentees). "
        "Grey ring: first assessment; green dot: latest."
    )
    hidden = len(df) - len(known)
    if hidden:
        sentence += f" {hidden} areas with fewer than {hidden_below} mentees are left out."
    return sentence


CONTACT_TYPE_WORDS = {
    "practical_living_skills": "practical living skills",
    "emotional_support": "emotional support",
    "crisis_call": "crisis calls",
    "community_outing": "community outings",
    "other": "other support",
}


def contact_mix_sentence(df: pd.DataFrame) -> str:
    """'Most contacts were practical living skills (54%), then emotional support (30%).'"""
    known = df.dropna(subset=["share"])
    known = known[known["contacts"] > 0].sort_values("share", ascending=False, kind="stable")
    if known.empty:
        return ""
    first = known.iloc[0]
    words = CONTACT_TYPE_WORDS.get(first["contact_type"], str(first["contact_type"]))
    lead = "Most contacts were" if first["share"] >= 0.5 else "The most common support was"
    sentence = f"{lead} {words} ({first['share']:.0%})"
    if len(known) > 1:
        second = known.iloc[1]
        other = CONTACT_TYPE_WORDS.get(second["contact_type"], str(second["contact_type"]))
        sentence += f", then {other} ({second['share']:.0%})"
    return sentence + "."


def anniversary_sentences(df: pd.DataFrame, hidden_below: int) -> list[str]:
    """'5 matches reached 6 months together.' per anniversary with any matches."""
    sentences = []
    for row in df.itertuples(index=False):
        if missing(row.matches):
            sentences.append(
                f"Fewer than {hidden_below} matches reached {row.months} months together."
            )
        elif int(row.matches) > 0:
            noun = "match" if int(row.matches) == 1 else "matches"
            sentences.append(f"{int(row.matches):,} {noun} reached {row.months} months together.")
    return sentences


def contribution_lines(row: pd.Series, hidden_below: int) -> list[str]:
    """What one mentor gave this month, as strengths; compared only with their own last
    month, and only when it is a rise; nothing about other mentors."""
    lines = []
    if missing(row["contacts"]):
        lines.append(f"Fewer than {hidden_below} contacts")
    elif int(row["contacts"]) > 0:
        hours = "" if missing(row["hours"]) else f", {float(row['hours']):,.0f} hours"
        lines.append(f"{int(row['contacts']):,} contacts{hours}")
        before = row.get("contacts_last_month")
        if not missing(before) and int(row["contacts"]) > int(before) > 0:  # type: ignore[arg-type]
            lines.append(f"{int(row['contacts']) - int(before):,} more contacts than last month")  # type: ignore[arg-type]
    groups = int(row["group_sessions"])
    if groups:
        lines.append(f"Facilitated {groups} group session{'s' if groups != 1 else ''}")
    for column, noun in (
        ("accomplishments", "accomplishment"),
        ("positive_impacts", "positive impact"),
    ):
        value = int(row[column])
        if value:
            lines.append(f"{value} {noun}{'s' if value != 1 else ''} recorded")
    if not lines:
        lines.append("Part of the team this month")
    return lines
