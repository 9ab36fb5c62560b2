"""The CSV / XLSX buttons under a table, and the dcc.Download they fill (see callbacks/exports)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component


def export_buttons(csv_id: str, xlsx_id: str, download_id: str, status_id: str) -> Component:
    """Two small buttons that download exactly what the table above shows."""
    return html.Div(
        [
            html.Span("Export what this table shows:", className="small text-body-secondary"),
            dbc.Button("CSV", id=csv_id, size="sm", color="dark", outline=True),
            dbc.Button("XLSX", id=xlsx_id, size="sm", color="dark", outline=True),
            html.Span(id=status_id, className="small", role="status"),
            dcc.Download(id=download_id),
        ],
        className="export-buttons d-flex gap-2 align-items-center mt-2 d-print-none",
    )
