"""Helpers shared by the figure builders: the empty state and month axes."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

from dashboard.theme import MUTED, TEMPLATE


def empty_figure(message: str, title: str = "", template: str = TEMPLATE) -> go.Figure:
    """A figure with no data that says ``message`` (why it is empty) in the middle."""
    return figure(
        [],
        template=template,
        title={"text": title},
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
