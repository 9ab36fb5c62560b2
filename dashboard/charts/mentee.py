"""One mentee's own charts: baseline against latest per domain, and every assessment."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import empty_figure, titled_figure
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
    return titled_figure(
        MENTEE_CHANGE_TITLE,
        traces,
        template,
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
    return titled_figure(
        MENTEE_HISTORY_TITLE,
        traces,
        template,
        xaxis={"title": {"text": "Assessed on"}},
        yaxis={"title": {"text": "Score"}},
        height=380,
    )


IMPROVED, DECLINED, NOT_JUDGED = "improved", "declined", "not judged"
NO_CHANCE = "no change beyond chance"
TOTAL_WORDS = {IMPROVED: "better by more than chance", DECLINED: "worse by more than chance"}
CHANCE_NOTE = (
    "A change counts only when it is too big to put down to chance: the reliable-change test "
    "of the Outcomes page, from the instrument's reliability."
)


def _names(domains: list[str]) -> str:
    return ", ".join(domains[:5]) + (f" and {len(domains) - 5} more" if len(domains) > 5 else "")


def _domains_phrase(chosen: list[str], judged: int) -> str:
    """'on Hope' for a one-domain instrument, else 'on 2 of 10 domains (Hope, Work)'."""
    if judged == 1:
        return f"on {chosen[0]}"
    return f"on {len(chosen)} of {judged} domains ({_names(chosen)})"


def mentee_caption(df: pd.DataFrame, change: pd.DataFrame) -> str:
    """How many assessments, and on which domains the mentee is better or worse by more than
    chance (reliable change) between their first and latest assessment.

    ``df``: the mentee's scores on one instrument (``mentee_scores`` rows); ``change``: their
    reliable change on it (``mentee_reliable_change``), whose result already follows the
    instrument's direction.
    """
    if df.empty:
        return "No assessments with this instrument yet."
    days = sorted(df["assessed_on"].unique())
    if len(days) < 2:
        return f"One assessment so far, on {days[0]:%d %B %Y}."
    text = f"{len(days)} assessments from {days[0]:%B %Y} to {days[-1]:%B %Y}."
    domains = change[~change["is_total"].astype(bool)] if len(change) else change
    judged = domains[domains["result"] != NOT_JUDGED] if len(domains) else domains
    if judged.empty:
        return (
            f"{text} Whether these changes are more than chance cannot be judged: the "
            "instrument states no reliability, or too few mentees have a baseline score to "
            "know how much scores spread."
        )
    better = [str(d) for d in judged.loc[judged["result"] == IMPROVED, "domain"]]
    worse = [str(d) for d in judged.loc[judged["result"] == DECLINED, "domain"]]
    if better:
        text += f" Better by more than chance {_domains_phrase(better, len(judged))}."
    elif len(judged) == 1:
        text += f" Not better by more than chance on {judged['domain'].iloc[0]}."
    else:
        text += f" Not better by more than chance on any of the {len(judged)} domains."
    if worse:
        text += f" Worse by more than chance on {_names(worse)}."
    unjudged = len(domains) - len(judged)
    if unjudged:
        noun = "domain" if unjudged == 1 else "domains"
        text += f" {unjudged} {noun} cannot be judged (no reliability or spread to judge by)."
    total = change[change["is_total"].astype(bool)] if len(change) else change
    if len(total) and total["result"].iloc[0] != NOT_JUDGED:
        text += f" Total score: {TOTAL_WORDS.get(str(total['result'].iloc[0]), NO_CHANCE)}."
    return f"{text} {CHANCE_NOTE}"
