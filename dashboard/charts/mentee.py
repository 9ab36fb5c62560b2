"""One mentee's own charts: baseline against latest per domain, and every assessment."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import empty_figure, figure
from dashboard.theme import OKABE_ITO, PRIMARY, SECONDARY, TEMPLATE

MENTEE_CHANGE_TITLE = "First against latest assessment"
MENTEE_HISTORY_TITLE = "Every assessment over time"
NO_SCORES = "No assessments with this instrument for this mentee"


def mentee_change_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Paired bars per domain: the mentee's first and latest score on one instrument."""
    if df.empty:
        return empty_figure(NO_SCORES, MENTEE_CHANGE_TITLE, template)
    days = sorted(df["assessed_on"].unique())
    if len(days) < 2:
        return empty_figure(
            "Only one assessment so far: change shows after the next", MENTEE_CHANGE_TITLE, template
        )
    traces = []
    for day, label, colour in ((days[0], "First", SECONDARY), (days[-1], "Latest", PRIMARY)):
        rows = df[df["assessed_on"] == day].sort_values("position")
        traces.append(go.Bar(
            x=rows["domain"], y=rows["score"], name=f"{label} ({day:%d %b %Y})",
            marker_color=colour,
            hovertemplate="%{x}<br>score %{y}<extra>" + f"{label} {day:%d %b %Y}</extra>",
        ))  # fmt: skip
    low, high = int(df["min_score"].min()), int(df["max_score"].max())
    return figure(
        traces,
        template=template,
        title={"text": MENTEE_CHANGE_TITLE},
        barmode="group",
        yaxis={"title": {"text": "Score"}, "range": [low - 0.5, high + 0.5]},
        height=380,
    )


def mentee_history_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """One line per domain: the mentee's score at every assessment."""
    if df.empty:
        return empty_figure(NO_SCORES, MENTEE_HISTORY_TITLE, template)
    traces = []
    for index, (domain, rows) in enumerate(df.groupby("position", sort=True)):
        name = str(rows["domain"].iloc[0])
        traces.append(go.Scatter(
            x=pd.to_datetime(rows["assessed_on"]), y=rows["score"], mode="lines+markers",
            name=name, line={"color": OKABE_ITO[index % len(OKABE_ITO)], "width": 2},
            hovertemplate="%{x|%d %b %Y}<br>" + name + ": %{y}<extra></extra>",
        ))  # fmt: skip
        del domain
    return figure(
        traces,
        template=template,
        title={"text": MENTEE_HISTORY_TITLE},
        xaxis={"title": {"text": "Assessed on"}},
        yaxis={"title": {"text": "Score"}},
        height=380,
    )


def mentee_caption(df: pd.DataFrame, higher_is_better: bool = True) -> str:
    """How many assessments, and which domains rose or fell between first and latest."""
    if df.empty:
        return "No assessments with this instrument yet."
    days = sorted(df["assessed_on"].unique())
    if len(days) < 2:
        return f"One assessment so far, on {days[0]:%d %B %Y}."
    first = df[df["assessed_on"] == days[0]].set_index("domain")["score"]
    last = df[df["assessed_on"] == days[-1]].set_index("domain")["score"]
    change = (last - first).dropna() * (1 if higher_is_better else -1)
    better = [d for d, v in change.items() if v > 0]
    worse = [d for d, v in change.items() if v < 0]
    text = f"{len(days)} assessments from {days[0]:%B %Y} to {days[-1]:%B %Y}."
    if better:
        text += f" Better on {len(better)} of {len(change)} domains ({', '.join(better[:5])})."
    if worse:
        text += f" Lower on {', '.join(worse[:5])}."
    return text
