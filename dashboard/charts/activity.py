"""The Overview trend: contacts per month alongside the number of active mentees."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import empty_figure, is_empty, month_axis, month_starts, titled_figure
from dashboard.theme import PRIMARY, SECONDARY, TEMPLATE

MONTHLY_CONTACTS_TITLE = "Contacts per month, with active mentees"
NO_CONTACTS = "No contacts recorded for these sites in this period"


def monthly_contacts_figure(df: pd.DataFrame, template: str = TEMPLATE) -> go.Figure:
    """Bars of contacts per month (count) with a line of active mentees (people) on a 2nd axis.

    ``df`` has columns month, contacts, contact_hours, active_mentees (one row per month).
    A month whose active_mentees or contacts is <NA> (hidden: too few to show) leaves a gap.
    """
    if is_empty(df, "contacts"):
        return empty_figure(NO_CONTACTS, MONTHLY_CONTACTS_TITLE, template)
    df = df.assign(month_start=month_starts(df["month"])).sort_values("month_start")
    hours = df["contact_hours"].fillna(0).astype(float)
    contacts = go.Bar(
        x=df["month_start"],
        # A month whose count is hidden (<NA>: too few to show) leaves a gap, never a bar.
        y=pd.to_numeric(df["contacts"], errors="coerce").astype(float),
        name="Contacts",
        marker_color=PRIMARY,
        customdata=hours.round(1),
        hovertemplate="%{x|%B %Y}<br>n = %{y:,} contacts<br>%{customdata:,.1f} contact hours"
        "<extra></extra>",
    )
    mentees = go.Scatter(
        x=df["month_start"],
        y=pd.to_numeric(df["active_mentees"], errors="coerce").astype(float),
        name="Active mentees",
        mode="lines+markers",
        yaxis="y2",
        line={"color": SECONDARY, "width": 3},
        marker={"size": 8},
        hovertemplate="%{x|%B %Y}<br>n = %{y:,} active mentees<extra></extra>",
    )
    return titled_figure(
        MONTHLY_CONTACTS_TITLE,
        [contacts, mentees],
        template,
        xaxis=month_axis(),
        yaxis={"title": {"text": "Contacts"}, "rangemode": "tozero"},
        yaxis2={
            "title": {"text": "Active mentees"},
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
            "tickmode": "auto",
            "tickformat": ",d",
        },
        height=380,
        hovermode="closest",
    )
