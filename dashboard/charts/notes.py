"""Consultation-meeting figures and their plain-language captions.

- attendance per meeting (mentors who came, against mentors in post: the n);
- accomplishments and positive impacts recorded per month (strengths, drawn first);
- action items opened and closed per month, with how long closed ones had stayed open.

Each builder takes the small frame of its query (data/queries/notes/trends.py) and returns a
figure with a title saying what it shows, hover text with exact values and the n, and an
empty state that says why. Each ``*_caption`` function says the same in words.
"""

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
from dashboard.theme import POSITIVE, PRIMARY, SECONDARY, TEMPLATE

ATTENDANCE_TITLE = "Mentors at each consultation meeting"
NO_MEETINGS = "No consultation meetings at these sites in this period"
STRENGTHS_TITLE = "Accomplishments and positive impacts recorded per month"
NO_STRENGTHS = "No accomplishments or positive impacts recorded in this period"
ACTIONS_TITLE = "Action items opened and closed per month"
NO_ACTIONS = "No action items opened or closed in this period"


def _month_label(value: object) -> str:
    return pd.Timestamp(str(value)[:10]).strftime("%B %Y")


def attendance_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Bars of mentors who attended each meeting, with a marker at mentors in post.

    ``df``: meeting_id, month, site, attendees, mentors_in_post (one row per meeting).
    """
    if is_empty(df):
        return empty_figure(NO_MEETINGS, ATTENDANCE_TITLE, template)
    labels = [
        f"{_month_label(month)[:3]} {str(month)[:4]} · {site}"
        for month, site in zip(df["month"], df["site"], strict=True)
    ]
    traces = [
        go.Bar(
            x=labels,
            y=df["attendees"],
            name="Attended",
            marker_color=PRIMARY,
            customdata=df[["mentors_in_post"]].to_numpy(),
            hovertemplate="%{x}<br>%{y} of n = %{customdata[0]} mentors in post attended"
            "<extra></extra>",
        ),
        limit_ticks(
            labels,
            df["mentors_in_post"],
            "Mentors in post",
            "%{x}<br>%{y} mentors in post<extra></extra>",
            across=False,
        ),
    ]
    return titled_figure(
        ATTENDANCE_TITLE,
        traces,
        template,
        xaxis={"title": {"text": "Meeting"}, "type": "category"},
        yaxis=count_axis("Mentors", float(df["mentors_in_post"].max())),
        height=360,
    )


def attendance_caption(df: pd.DataFrame) -> str:
    """One or two sentences on attendance, from the same frame as the figure."""
    if is_empty(df):
        return NO_MEETINGS + "."
    attended, in_post = int(df["attendees"].sum()), int(df["mentors_in_post"].sum())
    share = round(100 * attended / in_post) if in_post else 0
    meetings = len(df)
    noun = "meeting" if meetings == 1 else "meetings"
    return (
        f"{meetings} {noun} in this period; mentors attended {attended} of {in_post} "
        f"possible places ({share}%)."
    )


def strengths_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Stacked bars of accomplishments and positive impacts per meeting month.

    ``df``: month, accomplishments, positive_impacts.
    """
    if is_empty(df, "accomplishments", "positive_impacts"):
        return empty_figure(NO_STRENGTHS, STRENGTHS_TITLE, template)
    df = df.assign(month_start=month_starts(df["month"]))
    series = [
        BarSeries(
            column, label, colour, f"%{{x|%B %Y}}<br>n = %{{y}} {label.lower()}<extra></extra>"
        )
        for column, label, colour in (
            ("accomplishments", "Accomplishments", POSITIVE),
            ("positive_impacts", "Positive impacts", PRIMARY),
        )
    ]
    largest = float((df["accomplishments"] + df["positive_impacts"]).max())
    return month_bars(
        df,
        series,
        STRENGTHS_TITLE,
        template,
        yaxis=count_axis("Notes", largest),
        barmode="stack",
        height=360,
        legend={"traceorder": "normal"},  # accomplishments first, as on every summary
    )


def strengths_caption(df: pd.DataFrame) -> str:
    """The strengths recorded, in words."""
    if is_empty(df, "accomplishments", "positive_impacts"):
        return NO_STRENGTHS + "."
    accomplishments = int(df["accomplishments"].sum())
    impacts = int(df["positive_impacts"].sum())
    months = len(df)
    return (
        f"{accomplishments} accomplishments and {impacts} positive impacts were recorded "
        f"over {months} month{'s' if months != 1 else ''} of meetings."
    )


def action_items_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Grouped bars of action items opened and closed per month; hover adds the mean days
    the closed ones had stayed open.

    ``df``: month, opened, closed, mean_days_open.
    """
    if is_empty(df, "opened", "closed"):
        return empty_figure(NO_ACTIONS, ACTIONS_TITLE, template)
    df = df.assign(month_start=month_starts(df["month"]))
    days = df["mean_days_open"].round(0)
    days_text = ["none closed" if pd.isna(d) else f"open {int(d)} days on average" for d in days]
    closed = {"marker_pattern_shape": "/", "customdata": [[t] for t in days_text]}
    series = [
        BarSeries(
            "opened",
            "Opened",
            SECONDARY,
            "%{x|%B %Y}<br>n = %{y} action items opened<extra></extra>",
        ),
        BarSeries(
            "closed",
            "Closed",
            POSITIVE,
            "%{x|%B %Y}<br>n = %{y} action items closed<br>%{customdata[0]}<extra></extra>",
            closed,
        ),
    ]
    return month_bars(
        df,
        series,
        ACTIONS_TITLE,
        template,
        yaxis=count_axis("Action items", float(df[["opened", "closed"]].to_numpy().max())),
        barmode="group",
        height=360,
        legend={"traceorder": "normal"},
    )


def action_items_caption(df: pd.DataFrame) -> str:
    """Action items opened and closed, and how long closed ones stayed open, in words."""
    if is_empty(df, "opened", "closed"):
        return NO_ACTIONS + "."
    opened, closed = int(df["opened"].sum()), int(df["closed"].sum())
    text = f"{opened} action items were opened and {closed} closed in this period."
    closed_rows = df[df["closed"] > 0]
    if not closed_rows.empty:
        weighted = (closed_rows["mean_days_open"] * closed_rows["closed"]).sum() / closed
        text += f" Closed items had stayed open {round(float(weighted))} days on average."
    return text
