"""The meeting pack as one self-contained HTML document (no data access here).

The slides are Dash components; ``component_html`` writes the few kinds they use (plain HTML
elements and graphs) as HTML text, escaping every text and attribute. ``pack_document`` puts
the slides on pages with their footers, inlines plotly.js and the room's stylesheet, so the
file opens with the network off and its figures stay interactive.
"""

from __future__ import annotations

import html as html_text
from collections.abc import Sequence
from typing import Any

import plotly.io as pio
from dash import dcc
from dash.development.base_component import Component
from plotly.offline import get_plotlyjs

from dashboard.settings import PROJECT_ROOT
from layouts.meeting_slides import ROOM_GRAPH_CONFIG

STYLESHEET = PROJECT_ROOT / "assets" / "meeting.css"
_ATTRIBUTES = {"className": "class", "htmlFor": "for"}
_VOID = frozenset({"br", "hr", "img", "input"})
# Shown on screen only: a 1920-pixel slide is zoomed to fit the reader's window.
_FIT_SCRIPT = (
    "(function(){function fit(){var z=Math.min(1,(window.innerWidth-24)/1920);"
    "document.body.style.zoom=z;}window.addEventListener('resize',fit);fit();})();"
)


def _attribute(name: str, value: Any) -> str:
    if value is None or value is False:
        return ""
    key = _ATTRIBUTES.get(name, name)
    if key == "style" and isinstance(value, dict):
        value = "; ".join(f"{_css_name(k)}: {v}" for k, v in value.items())
    if value is True:
        return f" {html_text.escape(key)}"
    return f' {html_text.escape(key)}="{html_text.escape(str(value), quote=True)}"'


def _css_name(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in name)


def _graph_html(graph: dcc.Graph) -> str:
    figure = graph.figure
    height = (getattr(graph, "style", None) or {}).get("height", "560px")
    div = pio.to_html(
        figure,
        include_plotlyjs=False,
        full_html=False,
        config=ROOM_GRAPH_CONFIG,
        default_width="100%",
        default_height=height,
        div_id=getattr(graph, "id", None),
    )
    return f'<div class="meeting-graph">{div}</div>'


def component_html(node: Any) -> str:
    """``node`` (a component, text, number or a list of them) as HTML text."""
    if node is None:
        return ""
    if isinstance(node, list | tuple):
        return "".join(component_html(child) for child in node)
    if isinstance(node, str | int | float):
        return html_text.escape(str(node))
    if isinstance(node, dcc.Graph):
        return _graph_html(node)
    if isinstance(node, dcc.Store):
        return ""
    if not isinstance(node, Component) or node._namespace != "dash_html_components":
        raise TypeError(f"the meeting pack cannot write a {type(node).__name__}")
    tag = node._type.lower()
    props = node.to_plotly_json()["props"]
    attributes = "".join(
        _attribute(name, value)
        for name, value in props.items()
        if (name != "children" and not isinstance(value, dict | list)) or name == "style"
    )
    if tag in _VOID:
        return f"<{tag}{attributes}>"
    return f"<{tag}{attributes}>{component_html(props.get('children'))}</{tag}>"


def pack_document(
    slides: Sequence[object], month: str, sites: str, intro: str, for_print: bool = False
) -> str:
    """The whole pack: a title, ``intro``, then each slide's children (``slides``) on a page
    of its own with a footer; zoomed to the window on screen unless ``for_print``."""
    sections = []
    for number, children in enumerate(slides, start=1):
        footer = f"Meeting pack · {month} · {sites} · slide {number} of {len(slides)}"
        sections.append(
            '<section class="meeting-slide pack-slide" aria-roledescription="slide">'
            f"{component_html(children)}"
            f'<p class="pack-footer">{html_text.escape(footer)}</p></section>'
        )
    css = STYLESHEET.read_text(encoding="utf-8")
    fit = "" if for_print else f"<script>{_FIT_SCRIPT}</script>"
    title = html_text.escape(f"Meeting pack · {month} · {sites}")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{css}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script></head>'
        f'<body class="meeting-pack"><main><header class="pack-header"><h1>{title}</h1>'
        f"<p>{html_text.escape(intro)}</p></header>{''.join(sections)}</main>{fit}</body></html>"
    )
