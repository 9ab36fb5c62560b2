"""One mentor's figures and supervision card: always the mentor against their own past.

Nothing here compares a mentor with another. The card's lines put strengths first (what their
mentees reached, who they saw, what they gave), then what may need care, each with the month
against the mentor's own average over the months before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import count_axis, empty_figure, is_empty, month_axis, titled_figure
from dashboard.charts.workload import HIDDEN, SUPPORT_COLOURS, SUPPORT_TYPES
from dashboard.theme import MUTED, OKABE_ITO, POSITIVE, PRIMARY, SECONDARY, TEMPLATE
from data.labels import CATEGORY_LABELS

CASELOAD_TITLE = "Caseload month by month, against capacity"
CONTACTS_TITLE = "Contacts per month, by type of support"
SUPPORT_TITLE = "Type of support in the period"
MILESTONES_TITLE = "Milestones their mentees reached, per month"
NO_MATCHES = "No matches with this mentor in this period"
NO_CONTACTS = "No contacts by this mentor in this period"
NO_MILESTONES = "No milestones reached by this mentor's mentees in this period"


def caseload_figure(
    caseload: pd.DataFrame, capacity: int | None, template: str = TEMPLATE
) -> go.Figure:
    """Line of mentees at each month's end, bars of matches started and closed, a capacity line.

    ``caseload`` is ``caseload_by_month`` for one mentor.
    """
    if is_empty(caseload, "caseload", "started", "closed"):
        return empty_figure(NO_MATCHES, CASELOAD_TITLE, template)
    x = [pd.Timestamp(m) for m in caseload["month"]]
    traces = [
        go.Bar(
            x=x,
            y=pd.to_numeric(caseload[column], errors="coerce").astype(float),
            name=name,
            marker_color=colour,
            hovertemplate=f"%{{x|%B %Y}}<br>n = %{{y}} {name.lower()}<extra></extra>",
        )
        for column, name, colour in (("started", "Matches started", POSITIVE),
                                     ("closed", "Matches closed", SECONDARY))
    ]  # fmt: skip
    traces.append(
        go.Scatter(
            x=x,
            y=pd.to_numeric(caseload["caseload"], errors="coerce").astype(float),
            mode="lines+markers",
            name="Mentees at month's end",
            line={"color": PRIMARY, "width": 3},
            hovertemplate="%{x|%B %Y}<br>n = %{y} mentees<extra></extra>",
        )
    )
    largest = float(
        max(pd.to_numeric(caseload["caseload"], errors="coerce").max() or 0, capacity or 0)
    )
    fig = titled_figure(
        CASELOAD_TITLE,
        traces,
        template,
        barmode="group",
        xaxis=month_axis(),
        yaxis=count_axis("Mentees / matches", largest),
        height=360,
    )
    if capacity:
        fig.add_hline(
            y=capacity,
            line={"color": MUTED, "dash": "dash"},
            annotation_text=f"capacity {capacity}",
            annotation_position="top left",
        )
    return fig


def caseload_caption(caseload: pd.DataFrame, capacity: int | None) -> str:
    """The caseload at the first and last month, matches started and closed, in words."""
    if is_empty(caseload, "caseload", "started", "closed"):
        return NO_MATCHES + "."
    values = pd.to_numeric(caseload["caseload"], errors="coerce")
    started = int(pd.to_numeric(caseload["started"], errors="coerce").fillna(0).sum())
    closed = int(pd.to_numeric(caseload["closed"], errors="coerce").fillna(0).sum())
    first, last = caseload.iloc[0], caseload.iloc[-1]
    text = (
        f"{int(values.iloc[0]) if pd.notna(values.iloc[0]) else HIDDEN} mentees at the end of "
        f"{first['month']:%B %Y}, {int(values.iloc[-1]) if pd.notna(values.iloc[-1]) else HIDDEN}"
        f" at the end of {last['month']:%B %Y}; {started} matches started and {closed} closed."
    )
    if capacity is not None:
        text += f" Capacity: {capacity} places."
    return text


def support_figure(types: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Horizontal bars of one mentor's contacts by type (``contact_types_by_mentor``)."""
    if is_empty(types, "contacts"):
        return empty_figure(NO_CONTACTS, SUPPORT_TITLE, template)
    totals = types.fillna({"contacts": 0}).groupby("contact_type")[["contacts", "hours"]].sum()
    totals = totals.reindex(list(SUPPORT_TYPES), fill_value=0)
    bars = go.Bar(
        y=[SUPPORT_TYPES[k] for k in totals.index],
        x=totals["contacts"].astype(int),
        orientation="h",
        marker_color=[SUPPORT_COLOURS[k] for k in totals.index],
        customdata=totals["hours"].round(1),
        hovertemplate="%{y}<br>n = %{x} contacts<br>%{customdata} hours<extra></extra>",
    )
    return titled_figure(
        SUPPORT_TITLE,
        [bars],
        template,
        xaxis=count_axis("Contacts", float(totals["contacts"].max())),
        yaxis={"title": {"text": ""}, "type": "category", "autorange": "reversed"},
        showlegend=False,
        height=320,
    )


def support_caption(types: pd.DataFrame) -> str:
    """The mentor's most frequent kind of support and their practical/emotional balance."""
    if is_empty(types, "contacts"):
        return NO_CONTACTS + "."
    totals = types.fillna({"contacts": 0}).groupby("contact_type")["contacts"].sum()
    total = int(totals.sum())
    practical = int(totals.get("practical_living_skills", 0))
    emotional = int(totals.get("emotional_support", 0))
    text = f"{total:,} contacts in the period."
    if practical + emotional:
        text += (
            f" {practical / (practical + emotional):.0%} of practical and emotional contacts "
            "were practical (going along to the bus, the bank, the shops)."
        )
    return text


def milestones_figure(milestones: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Stacked bars per month of milestones by life area (``milestones_of_mentees``)."""
    if is_empty(milestones, "milestones"):
        return empty_figure(NO_MILESTONES, MILESTONES_TITLE, template)
    bars = []
    months = sorted(set(milestones["month"]))
    for position, (category, label) in enumerate(CATEGORY_LABELS.items()):
        part = milestones[milestones["category"] == category].set_index("month").reindex(months)
        counts = pd.to_numeric(part["milestones"], errors="coerce")
        if category not in set(milestones["category"]):
            continue
        bars.append(
            go.Bar(
                x=[pd.Timestamp(m) for m in months],
                y=counts.fillna(0).astype(float),
                name=label,
                marker_color=OKABE_ITO[position % len(OKABE_ITO)],
                hovertemplate=f"%{{x|%B %Y}}<br>{label}: n = %{{y}} milestones<extra></extra>",
            )
        )
    return titled_figure(
        MILESTONES_TITLE,
        bars,
        template,
        barmode="stack",
        xaxis=month_axis(),
        yaxis=count_axis(
            "Milestones", float(milestones.groupby("month")["milestones"].sum().max())
        ),
        height=340,
    )


def milestones_caption(milestones: pd.DataFrame) -> str:
    """How many milestones, in which life areas."""
    if is_empty(milestones, "milestones"):
        return NO_MILESTONES + "."
    by_area = milestones.fillna({"milestones": 0}).groupby("category")["milestones"].sum()
    by_area = by_area[by_area > 0].sort_values(ascending=False)
    areas = ", ".join(f"{CATEGORY_LABELS.get(k, k).lower()} {int(v)}" for k, v in by_area.items())
    return f"{int(by_area.sum())} milestones reached by their mentees: {areas}."


# --- the supervision card -------------------------------------------------------------------


@dataclass(frozen=True)
class CardLine:
    """One line of the card: what, this month, the mentor's own usual, and in words."""

    label: str
    this_month: str
    usual: str
    words: str
    strength: bool  # True: a strength (first half); False: something to take care of


def _value(df: pd.DataFrame, month: dt.date, column: str) -> float | None:
    """The month's total of ``column``; None only when a count was hidden (or not queried).

    An empty frame means nothing happened (a mentor who has left, a quiet period): 0, not
    'fewer than 5', which would tell a supervisor a count was hidden when there was none.
    """
    if df is None or column not in df:
        return None
    if df.empty:
        return 0.0
    rows = df[df["month"] == month]
    if rows.empty:
        return 0.0
    total = pd.to_numeric(rows[column], errors="coerce")
    return None if total.isna().any() else float(total.sum())


def _usual(df: pd.DataFrame, months: list[dt.date], column: str) -> float | None:
    values = [_value(df, m, column) for m in months]
    if not months or any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None) / len(months)


def _compare(now: float | None, usual: float | None, higher_is_good: bool) -> str:
    if now is None:
        return "not shown for so few"
    if usual is None:
        return "no earlier months to compare with"
    if abs(now - usual) <= max(1.0, 0.15 * usual):
        return "about as usual for them"
    more = now > usual
    if higher_is_good:
        return "more than their usual" if more else "fewer than their usual"
    return "more than usual: worth a check-in" if more else "fewer than their usual"


def _fmt(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return HIDDEN
    return f"{value:,.{decimals}f}"


def card_lines(
    months: pd.DataFrame,
    caseload: pd.DataFrame,
    milestones: pd.DataFrame,
    month: dt.date,
    previous: list[dt.date],
    silent_mentees: int | None,
) -> list[CardLine]:
    """The card's lines for ``month`` against the mentor's own ``previous`` months.

    ``months`` is ``mentor_month_workload``, ``caseload`` ``caseload_by_month`` and
    ``milestones`` ``milestones_of_mentees`` for one mentor over ``previous`` + ``month``;
    ``silent_mentees`` is how many of their mentees have had no contact for a fortnight.
    Strengths first.
    """
    lines: list[CardLine] = []
    for label, df, column, decimals in (
        ("Milestones their mentees reached", milestones, "milestones", 0),
        ("Mentees they met or spoke with", months, "mentees_contacted", 0),
        ("Contacts", months, "contacts", 0),
        ("Direct-service hours (contacts and groups)", months, "direct_hours", 1),
        ("Group sessions facilitated", months, "group_sessions", 0),
        ("New matches started", caseload, "started", 0),
    ):
        now, usual = _value(df, month, column), _usual(df, previous, column)
        lines.append(
            CardLine(label, _fmt(now, decimals), _fmt(usual, 1), _compare(now, usual, True), True)
        )
    now = _value(months, month, "crisis_or_after_hours")
    usual = _usual(months, previous, "crisis_or_after_hours")
    lines.append(
        CardLine(
            "Crisis and after-hours contacts",
            _fmt(now),
            _fmt(usual, 1),
            _compare(now, usual, False),
            False,
        )
    )
    if silent_mentees is not None:
        lines.append(
            CardLine(
                "Mentees with no contact for 14 days or more (now)",
                f"{silent_mentees}",
                "—",
                "a gentle nudge may help" if silent_mentees else "everyone is in touch",
                False,
            )
        )
    return lines
