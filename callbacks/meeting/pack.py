"""The meeting pack: the month's slides for those who could not come, as HTML or PDF.

``GET /meeting/pack.html?month=YYYY-MM&sites=...`` answers one self-contained HTML file
(``layouts.meeting_pack``). ``GET /meeting/pack.pdf`` prints the same slides, one page per
slide, with the system Chromium (``/usr/bin/chromium``, else ``chromium`` on the PATH) in
headless mode: nothing is downloaded. (kaleido 1.x would also need a Chromium, and prints
figures only, not whole slides, so the browser prints the pack itself.) Both are built from
the very functions that fill the live slides (``callbacks.meeting.content``), in the meeting
scope (no identities, small counts hidden) for every role, and every export is written to
the audit trail.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import dash
from dash.development.base_component import Component
from flask import Response, request

from callbacks.meeting import content
from dashboard.auth import client_ip, current_user_info
from dashboard.charts.meeting import rounding_note
from dashboard.chromium import HEADLESS_FLAGS
from dashboard.context import AppContext
from data import clock
from data.filters import Filters
from data.services import audit
from layouts.meeting_pack import pack_document
from layouts.meeting_slides import recorded_slide

# Debian's chromium, which the browser tests use too; else a chromium on the PATH.
CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else "chromium"
PDF_TIMEOUT_SECONDS = 120
PACK_KINDS = ("html", "pdf")


def pack_slides(ctx: AppContext, filters: Filters) -> list[list[Component]]:
    """The children of every slide of the pack, in the deck's order."""
    mentor_sections = content.mentor_content(ctx, filters)
    return [
        content.glance_content(ctx, filters),
        content.wins_content(ctx, filters),
        content.notes_content(ctx, filters),
        *[section.children for section in mentor_sections],
        content.outcomes_content(ctx, filters),
        *[section.children for section in content.challenge_content(ctx, filters)],
        content.actions_content(ctx, filters),
        recorded_slide(content.captured_content(ctx, filters)),
    ]


def pack_html(ctx: AppContext, filters: Filters, for_print: bool = False) -> str:
    """The whole pack as one self-contained HTML document."""
    month = content.month_label(filters)
    sites = content.sites_label(ctx, filters)
    made = clock.now().strftime("%d %B %Y %H:%M UTC")
    intro = (
        f"The consultation meeting of {month} at {sites}, made {made}. No mentee is named. "
        + rounding_note(filters.scope.small_cell_min)
    )
    return pack_document(pack_slides(ctx, filters), month, sites, intro, for_print)


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
            *HEADLESS_FLAGS,
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
    filters = content.room_filters(ctx, query)  # PermissionError / FilterError
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
