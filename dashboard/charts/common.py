"""Helpers shared by the figure builders: the empty state, titles, month axes and bars."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

from dashboard.theme import MUTED, TEMPLATE


def empty_figure(message: str, title: str = "", template: str = TEMPLATE) -> go.Figure:
    """A figure with no data that says ``message`` (why it is empty) in the middle."""
    return titled_figure(
        title,
        [],
        template,
        xaxis={"visible": False},
        yaxis={"visible": False},
        plot_bgcolor="rgba(0,0,0,0)",
        height=320,
        annotations=[
            {
                "text": message,
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"color": MUTED},
            }
        ],
    )


def figure(traces: list[BaseTraceType], **layout: Any) -> go.Figure:
    """A figure of ``traces`` with ``layout``, validated once as a whole.

    The same figure as ``go.Figure()`` with ``add_bar``/``add_scatter`` and one
    ``update_layout``, made in a third of the time (4 ms -> 1.5 ms for a bar chart): each
    ``add_*`` and ``update_layout`` runs plotly's update machinery over the whole figure.
    """
    return go.Figure(data=traces, layout=layout)


def titled_figure(
    title: str, traces: list[BaseTraceType], template: str = TEMPLATE, **layout: Any
) -> go.Figure:
    """``figure`` of ``traces`` titled with what it shows, drawn with ``template``."""
    return figure(traces, template=template, title={"text": title}, **layout)


def limit_ticks(
    categories: object, values: object, name: str, hover: str, across: bool = True, **extra: Any
) -> go.Scatter:
    """A muted tick at each category's limit (its capacity, the mentors in post): across
    horizontal bars (a vertical tick), else over vertical bars (a flat one)."""
    axes = {"y": categories, "x": values} if across else {"x": categories, "y": values}
    symbol, size = ("line-ns", 18) if across else ("line-ew", 22)
    return go.Scatter(
        **axes,
        mode="markers",
        name=name,
        marker={"symbol": symbol, "size": size, "line": {"width": 3, "color": MUTED}},
        **extra,
        hovertemplate=hover,
    )


def month_axis(title: str = "Month", **more: object) -> dict[str, object]:
    """An x axis of calendar months: a tick a month, labelled "Nov" over "2026"."""
    return {"title": {"text": title}, "dtick": "M1", "tickformat": "%b\n%Y", **more}


@dataclass(frozen=True)
class BarSeries:
    """One series of bars: the column it draws, its legend name, colour and hover text, and
    any other bar settings (``extra``: a pattern, custom data for the hover)."""

    column: str
    name: str
    colour: str
    hover: str
    extra: Mapping[str, object] = field(default_factory=dict)


def month_bars(
    df: pd.DataFrame, series: Sequence[BarSeries], title: str, template: str, **layout: Any
) -> go.Figure:
    """Bars per month (``df["month_start"]``) of each of ``series``, titled ``title``, on a
    month axis (``layout``: the y axis, bar mode and the rest)."""
    traces: list[BaseTraceType] = [
        go.Bar(
            x=df["month_start"],
            y=df[bars.column],
            name=bars.name,
            marker_color=bars.colour,
            **bars.extra,
            hovertemplate=bars.hover,
        )
        for bars in series
    ]
    return titled_figure(title, traces, template, xaxis=month_axis(), **layout)


def month_starts(values: pd.Series) -> pd.Series:
    """Month buckets as the first day of each month (accepts '2026-03', dates or timestamps)."""
    text = values.astype(str).str.slice(0, 7)
    return pd.to_datetime(text + "-01", format="%Y-%m-%d")


def is_empty(df: pd.DataFrame | None, *columns: str) -> bool:
    """True when ``df`` has no rows, or every value in ``columns`` is zero or missing."""
    if df is None or df.empty:
        return True
    if not columns:
        return False
    values = df[list(columns)].fillna(0)
    return bool((values == 0).all().all())


def count_axis(title: str, largest: float) -> dict[str, object]:
    """Axis settings for whole counts: no fractional ticks, even when every count is small."""
    axis: dict[str, object] = {"title": {"text": title}, "rangemode": "tozero", "tickformat": ",d"}
    if largest <= 10:
        axis["dtick"] = 1
    return axis
