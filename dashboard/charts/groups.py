"""Peer-group figures: sessions each mentor facilitated, attendance per session over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import count_axis, empty_figure, is_empty, titled_figure
from dashboard.charts.workload import HIDDEN, ROW_PX, mentor_label
from dashboard.theme import OKABE_ITO, POSITIVE, TEMPLATE

SESSIONS_TITLE = "Group sessions facilitated per mentor"
ATTENDANCE_TITLE = "Attendance per group session"
NO_SESSIONS = "No peer-group sessions at these sites in this period"
# One line per group up to this many (the colour-blind-safe palette has eight colours; past a
# dozen lines the chart is a tangle and slow to draw). Beyond it: one line, the mean by month.
MAX_GROUP_LINES = 12
MONTHLY_TITLE = "Mean attendance per group session, by month"


def sessions_by_mentor_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Horizontal bars of sessions each mentor facilitated (``group_sessions_by_mentor``),
    by site then name."""
    if is_empty(df, "sessions"):
        return empty_figure(NO_SESSIONS, SESSIONS_TITLE, template)
    df = df.sort_values(["site", "mentor", "mentor_id"])
    labels = [mentor_label(m, s) for m, s in zip(df["mentor"], df["site"], strict=True)]
    attendance = [HIDDEN if pd.isna(v) else f"{int(v):,}" for v in df["attendance"]]
    customdata = [
        [int(m), g, round(float(h), 1), a]
        for m, g, h, a in zip(
            df["mentor_id"], df["groups"], df["group_hours"], attendance, strict=True
        )
    ]
    hover = (
        "%{y}<br>n = %{x} sessions in %{customdata[1]} groups"
        "<br>%{customdata[2]} hours<br>%{customdata[3]} attendances<extra></extra>"
    )
    yaxis = {"title": {"text": ""}, "type": "category", "autorange": "reversed"}
    height = max(320, 140 + ROW_PX * len(df))
    sessions = df["sessions"]
    return sessions_bars(
        SESSIONS_TITLE, labels, sessions, customdata, hover, yaxis, height, template
    )


def sessions_bars(
    title: str,
    rows: object,
    sessions: pd.Series,
    customdata: object,
    hover: str,
    yaxis: dict,
    height: int,
    template: str,
) -> go.Figure:
    """Horizontal bars of sessions held, a bar per row (a mentor or a site), each with its
    ``customdata`` for hover and click-through (the row's key first)."""
    bars = go.Bar(
        y=rows,
        x=sessions,
        orientation="h",
        marker_color=POSITIVE,
        name="Sessions",
        customdata=customdata,
        hovertemplate=hover,
    )
    return titled_figure(
        title,
        [bars],
        template,
        xaxis=count_axis("Sessions", float(sessions.max())),
        yaxis=yaxis,
        showlegend=False,
        height=height,
    )


def attendance_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Attendance at each session over time, one line per group (``group_attendance_by_session``).

    Hidden small attendances leave a gap and say 'fewer than 5' nowhere (they are not drawn).
    """
    if df is None or df.empty:
        return empty_figure(NO_SESSIONS, ATTENDANCE_TITLE, template)
    if df["group_id"].nunique() > MAX_GROUP_LINES:
        return _monthly_attendance_figure(df, template)
    traces = []
    groups = df[["group_id", "group", "site"]].drop_duplicates("group_id")
    groups = groups.sort_values(["site", "group", "group_id"])
    for position, (group_id, name, site) in enumerate(groups.itertuples(index=False)):
        part = df[df["group_id"] == group_id].sort_values("session_date")
        traces.append(
            go.Scatter(
                x=[pd.Timestamp(d) for d in part["session_date"]],
                y=pd.to_numeric(part["attendance"], errors="coerce").astype(float),
                mode="lines+markers",
                name=f"{name} · {site}",
                line={"color": OKABE_ITO[position % len(OKABE_ITO)], "width": 2},
                customdata=part[["facilitators"]].to_numpy(),
                hovertemplate=f"{name} · {site}<br>%{{x|%d %b %Y}}<br>n = %{{y}} attended"
                "<br>%{customdata[0]} facilitators<extra></extra>",
            )
        )
    return titled_figure(
        ATTENDANCE_TITLE,
        traces,
        template,
        xaxis={"title": {"text": "Session date"}},
        yaxis=count_axis("People attending", float(pd.to_numeric(df["attendance"]).max() or 0)),
        height=380,
    )


def _monthly_attendance_figure(df: pd.DataFrame, template: str) -> go.Figure:
    """One line: the mean attendance of the month's sessions, with the sessions and groups
    behind each point (hidden small attendances are left out of the mean)."""
    attendance = pd.to_numeric(df["attendance"], errors="coerce").astype(float)
    months = pd.to_datetime(df["session_date"]).dt.to_period("M").dt.to_timestamp()
    frame = pd.DataFrame({"month": months, "attendance": attendance, "group": df["group_id"]})
    by_month = (
        frame.groupby("month")
        .agg(mean=("attendance", "mean"), sessions=("attendance", "size"),
             groups=("group", "nunique"))
        .reset_index()
    )  # fmt: skip
    traces = [
        go.Scatter(
            x=by_month["month"],
            y=by_month["mean"].round(1),
            mode="lines+markers",
            name="Mean per session",
            line={"color": OKABE_ITO[0], "width": 3},
            customdata=by_month[["sessions", "groups"]].to_numpy(),
            hovertemplate="%{x|%b %Y}<br>%{y} attended on average<br>n = %{customdata[0]} "
            "sessions in %{customdata[1]} groups<extra></extra>",
        ),
    ]
    return titled_figure(
        MONTHLY_TITLE,
        traces,
        template,
        xaxis={"title": {"text": "Month"}},
        yaxis=count_axis("People attending", float(by_month["mean"].fillna(0).max())),
        showlegend=False,
        height=380,
    )


def groups_caption(by_mentor: pd.DataFrame, sessions: pd.DataFrame) -> str:
    """Sessions, groups, facilitators and the mean attendance, in words."""
    if sessions is None or sessions.empty:
        return NO_SESSIONS + "."
    attendance = pd.to_numeric(sessions["attendance"], errors="coerce").dropna()
    text = (
        f"{len(sessions):,} group sessions in {sessions['group_id'].nunique():,} groups, "
        f"facilitated by {len(by_mentor):,} mentors."
    )
    if not attendance.empty:
        text += f" On average {attendance.mean():.1f} people attended a session."
    if sessions["group_id"].nunique() > MAX_GROUP_LINES:
        text += (
            f" With more than {MAX_GROUP_LINES} groups in view the chart shows the mean per "
            "session by month; choose a site to see each group's line."
        )
    return text
