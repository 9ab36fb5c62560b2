"""``figure``: one constructor call gives the same figure as adding traces one by one."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import empty_figure, figure
from dashboard.theme import MEETING_TEMPLATE, TEMPLATE


def _json(fig: go.Figure) -> str:
    return json.dumps(fig.to_plotly_json(), default=str, sort_keys=True)


def test_figure_equals_the_same_figure_built_trace_by_trace():
    x = pd.date_range("2026-01-01", periods=6, freq="MS")
    layout = {
        "title": {"text": "Contacts per month"},
        "barmode": "stack",
        "xaxis": {"title": {"text": "Month"}, "dtick": "M1"},
        "height": 360,
    }
    for template in (TEMPLATE, MEETING_TEMPLATE):
        stepwise = go.Figure()
        stepwise.add_bar(x=x, y=[1, 2, 3, 4, 5, 6], name="Phone")
        stepwise.add_scatter(x=x, y=[2, 2, 2, 2, 2, 2], name="Mentees", mode="lines")
        stepwise.update_layout(template=template, **layout)
        built = figure(
            [
                go.Bar(x=x, y=[1, 2, 3, 4, 5, 6], name="Phone"),
                go.Scatter(x=x, y=[2, 2, 2, 2, 2, 2], name="Mentees", mode="lines"),
            ],
            template=template,
            **layout,
        )
        assert _json(built) == _json(stepwise)
        assert built.layout.template.layout.font.size == stepwise.layout.template.layout.font.size


def test_the_empty_state_says_why_and_has_no_traces():
    fig = empty_figure("No contacts recorded for these sites in this period", "Contacts")
    assert fig.data == ()
    assert fig.layout.annotations[0].text.startswith("No contacts recorded")
    assert fig.layout.title.text == "Contacts"
