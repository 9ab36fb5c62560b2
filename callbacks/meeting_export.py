"""The meeting pack: the month's slides for those who could not come, as HTML or PDF.

``GET /meeting/pack.html?month=YYYY-MM&sites=...`` answers one self-contained HTML file:
plotly.js and the room's stylesheet are inlined, so it opens with the network off and its
figures stay interactive. ``GET /meeting/pack.pdf`` prints the same slides, one page per
slide, with the system Chromium (``/usr/bin/chromium``, else ``chromium`` on the PATH) in
headless mode: nothing is downloaded. (kaleido 1.x would also need a Chromium, and prints
figures only, not whole slides, so the browser prints the pack itself.) Both are built from
the very functions that fill the live slides, in the meeting scope (no identities, small
counts hidden) for every role, and every export is written to the audit trail.

The slides are Dash components; ``component_html`` writes the few kinds they use (plain HTML
elements and graphs) as HTML text, escaping every text and attribute.
"""

from __future__ import annotations

import html as html_text
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import dash
import plotly.io as pio
from dash import dcc, html
from dash.development.base_component import Component
from flask import Response, request

from callbacks import meeting as meeting_callbacks
from callbacks.meeting_slides import ROOM_GRAPH_CONFIG
from dashboard.auth import client_ip, current_user_info
from dashboard.charts.meeting import rounding_note
from dashboard.context import AppContext
from dashboard.settings import PROJECT_ROOT
from data import clock
from data.filters import Filters
from data.services import audit

STYLESHEET = PROJECT_ROOT / "assets" / "meeting.css"
# Debian's chromium, which the browser tests use too; else a chromium on the PATH.
CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else "chromium"
PDF_TIMEOUT_SECONDS = 120
PACK_KINDS = ("html", "pdf")
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


def pack_slides(ctx: AppContext, filters: Filters) -> list[list[Component]]:
    """The children of every slide of the pack, in the deck's order."""
    mentor_sections = meeting_callbacks.mentor_content(ctx, filters)
    return [
        meeting_callbacks.glance_content(ctx, filters),
        meeting_callbacks.wins_content(ctx, filters),
        meeting_callbacks.notes_content(ctx, filters),
        *[section.children for section in mentor_sections],
        meeting_callbacks.outcomes_content(ctx, filters),
        *[section.children for section in meeting_callbacks.challenge_content(ctx, filters)],
        meeting_callbacks.actions_content(ctx, filters),
        [
            html.H2("Recorded at this month's meeting", className="meeting-slide-title"),
            html.Div(meeting_callbacks.captured_content(ctx, filters), className="meeting-column"),
        ],
    ]


def pack_html(ctx: AppContext, filters: Filters, for_print: bool = False) -> str:
    """The whole pack as one self-contained HTML document."""
    from plotly.offline import get_plotlyjs

    month = meeting_callbacks.month_label(filters)
    sites = meeting_callbacks.sites_label(ctx, filters)
    made = clock.now().strftime("%d %B %Y %H:%M UTC")
    slides = pack_slides(ctx, filters)
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
    intro = html_text.escape(
        f"The consultation meeting of {month} at {sites}, made {made}. No mentee is named. "
        + rounding_note(filters.scope.small_cell_min)
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{css}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script></head>'
        f'<body class="meeting-pack"><main><header class="pack-header"><h1>{title}</h1>'
        f"<p>{intro}</p></header>{''.join(sections)}</main>{fit}</body></html>"
    )


def html_to_pdf(document: str, browser: str = CHROMIUM) -> bytes:
    """Print ``document`` to PDF with headless Chromium, one page per slide.

    Raises RuntimeError when the browser is missing, fails or takes too long.
    """
    if not Path(browser).exists() and shutil.which(browser) is None:
        raise RuntimeError("Chromium is not installed, so the PDF cannot be made.")
    with tempfile.TemporaryDirectory(prefix="meeting-pack-") as folder:
        source = Path(folder) / "pack.html"
        target = Path(folder) / "pack.pdf"
        source.write_text(document, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-extensions",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=15000",
            "--window-size=1920,1080",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, no shell
                command, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise RuntimeError("Chromium could not print the meeting pack.") from error
        if not target.exists() or target.stat().st_size == 0:
            raise RuntimeError("Chromium could not print the meeting pack.")
        return target.read_bytes()


def _site_list(filters: Filters) -> str:
    return ",".join(str(s) for s in filters.site_ids) or "all"


def _file_name(filters: Filters, kind: str) -> str:
    return f"meeting-pack-{filters.start:%Y-%m}.{kind}"


def pack_response(ctx: AppContext, kind: str) -> Response:
    """The pack of ``kind`` for the request's month and sites, audited as an export."""
    if kind not in PACK_KINDS:
        return Response("Unknown pack format.", status=404, mimetype="text/plain")
    query = {
        "month": request.args.get("month", "")[:7],
        "sites": request.args.get("sites", "")[:400],
    }
    filters = meeting_callbacks.room_filters(ctx, query)  # PermissionError / FilterError
    document = pack_html(ctx, filters, for_print=kind == "pdf")
    if kind == "pdf":
        try:
            body: bytes | str = html_to_pdf(document)
        except RuntimeError as error:
            return Response(str(error), status=503, mimetype="text/plain")
        mimetype = "application/pdf"
    else:
        body, mimetype = document, "text/html"
    info = current_user_info()
    audit.record(
        ctx.engine,
        audit.AuditEventType.EXPORT,
        info.username if info else "",
        info.id if info else None,
        target=f"meeting pack ({kind})",
        detail=f"month {filters.start:%Y-%m}; sites {_site_list(filters)}",
        ip=client_ip(),
    )
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{_file_name(filters, kind)}"'
    return response


def register(app: dash.Dash, ctx: AppContext) -> None:
    """Add the pack's download routes to the app's server (behind the sign-in guard)."""

    def download(kind: str) -> Response:
        return pack_response(ctx, kind)

    app.server.add_url_rule(
        "/meeting/pack.<kind>", endpoint="meeting_pack", view_func=download, methods=["GET"]
    )
