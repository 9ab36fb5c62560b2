"""Colours, the plotly templates and the type scales of the Peer Mentoring Dashboard.

Colours come from the Okabe-Ito palette, which stays distinguishable for the common kinds of
colour blindness. Two plotly templates are registered in ``plotly.io.templates``:
``peer_mentoring`` for desks (readable 15-16 px text) and ``peer_mentoring_meeting`` for a
projector in a meeting room (at least 22 px). Layouts use Bootstrap's named colours through
``className``; these constants are for figures, which cannot read CSS.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

# Roles of colour in the charts, so every page says "over capacity" in the same colour.
PRIMARY = "#0072B2"
SECONDARY = "#E69F00"
POSITIVE = "#009E73"
WARNING = "#D55E00"
MUTED = "#6C757D"  # Bootstrap's secondary grey: capacity markers, reference lines
TEXT = "#212529"  # Bootstrap's body colour
GRID = "#E9ECEF"

FONT_FAMILY = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", '
    '"Liberation Sans", Arial, sans-serif'
)

TEMPLATE = "peer_mentoring"
MEETING_TEMPLATE = "peer_mentoring_meeting"


@dataclass(frozen=True)
class TypeScale:
    """Font sizes in CSS pixels for one viewing distance."""

    base: int
    title: int
    axis_title: int
    tick: int
    legend: int
    hover: int


NORMAL_SCALE = TypeScale(base=15, title=18, axis_title=15, tick=14, legend=14, hover=14)
MEETING_SCALE = TypeScale(base=24, title=30, axis_title=24, tick=22, legend=22, hover=22)


def _template(scale: TypeScale) -> go.layout.Template:
    axis = {
        "showgrid": True,
        "gridcolor": GRID,
        "zeroline": False,
        "linecolor": "#CED4DA",
        "ticks": "outside",
        "tickcolor": "#CED4DA",
        "tickfont": {"size": scale.tick},
        "title": {"font": {"size": scale.axis_title}, "standoff": 8},
        "automargin": True,
    }
    return go.layout.Template(
        layout={
            "colorway": list(OKABE_ITO),
            "font": {"family": FONT_FAMILY, "size": scale.base, "color": TEXT},
            "title": {"font": {"size": scale.title}, "x": 0, "xanchor": "left", "y": 0.97},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "#FFFFFF",
            "xaxis": axis,
            "yaxis": axis,
            "legend": {
                "font": {"size": scale.legend},
                "orientation": "h",
                "yanchor": "bottom",
                "y": 1.02,
                "xanchor": "left",
                "x": 0,
            },
            "hoverlabel": {"font": {"size": scale.hover, "family": FONT_FAMILY}},
            "margin": {"l": 16, "r": 16, "t": 72, "b": 16},
            "separators": ".,",
        }
    )


def register_templates() -> None:
    """Register both templates in ``plotly.io.templates`` (idempotent)."""
    pio.templates[TEMPLATE] = _template(NORMAL_SCALE)
    pio.templates[MEETING_TEMPLATE] = _template(MEETING_SCALE)


register_templates()
