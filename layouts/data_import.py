"""The admin's data import page: choose a kind, download its template, upload a file, see its
first rows and every problem found, then import it with a progress bar.

Admins only (``dashboard.pages``). The page never holds more than a preview: the first rows
and the first problems; the file itself stays on the server.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from layouts.components import alert_area, page_header, problem_alert, titled_card
from layouts.data_grid import data_grid
from layouts.ids.data_import import ImportIds as ids

TITLE = "Import data"
PROBLEM_COLUMNS: list[dict[str, object]] = [
    {"field": "row", "headerName": "Row", "type": "numericColumn", "maxWidth": 100},
    {"field": "column", "headerName": "Column", "minWidth": 140},
    {"field": "value", "headerName": "Value", "minWidth": 140},
    {"field": "reason", "headerName": "Problem", "minWidth": 320, "flex": 2},
]


def _grid(grid_id: str, columns: list[dict[str, object]], empty: str) -> Component:
    return data_grid(
        grid_id,
        columns,
        empty,
        defaults={"resizable": True, "flex": 1, "minWidth": 110},
        page_size=10,
    )


def _template_button(label: str, button_id: str, **spacing: str) -> Component:
    """A small button that downloads the chosen kind's template."""
    return dbc.Button(label, id=button_id, color="secondary", outline=True, size="sm", **spacing)


def _choose_card() -> Component:
    return titled_card(
        "1. What the file holds",
        dbc.Label("Kind of records", html_for=ids.KIND),
        dcc.Dropdown(id=ids.KIND, options=[], value="contacts", clearable=False),
        html.P("", id=ids.KIND_HELP, className="small text-body-secondary mt-2"),
        html.Div(
            [
                _template_button("Template (CSV)", ids.TEMPLATE_CSV, className="me-2"),
                _template_button("Template (Excel)", ids.TEMPLATE_XLSX),
                dcc.Download(id=ids.DOWNLOAD),
            ],
            className="mb-2",
        ),
        html.P(
            [
                "Import sites first, then mentors, mentees, matches, and the rest. "
                "Every column is described in the import guide (docs/import.md)."
            ],
            className="small text-body-secondary mb-0",
        ),
        class_name="h-100",
    )


def _upload_card() -> Component:
    return titled_card(
        "2. Upload and check",
        dcc.Upload(
            html.Div(["Drop a CSV or Excel file here, or ", html.U("choose one")]),
            id=ids.UPLOAD,
            accept=".csv,.txt,.tsv,.xlsx",
            multiple=False,
            className="import-upload border border-2 rounded p-4 text-center mb-3",
        ),
        dbc.Checkbox(
            id=ids.DAYFIRST,
            label="Dates are day/month/year (03/04/2026 is 3 April)",
            value=False,
        ),
        dbc.Checkbox(
            id=ids.SKIP_INVALID,
            label="Import the valid rows and set the others aside (a file of rejected "
            "rows is kept with the reasons)",
            value=False,
        ),
        html.P("", id=ids.FILE_NOTE, className="small text-body-secondary mt-2 mb-0"),
        class_name="h-100",
    )


def _check_card() -> Component:
    return titled_card(
        "3. First rows and problems",
        html.Div(id=ids.CHECK_SUMMARY, role="status", **{"aria-live": "polite"}),
        html.H3("First rows of the file", className="h6 mt-3"),
        # One column until a file is checked: a header row with no cells is an ARIA fault.
        _grid(
            ids.PREVIEW_GRID,
            [{"field": "row", "headerName": "row"}],
            "Upload a file to see its first rows.",
        ),
        html.H3("Problems found", className="h6 mt-4"),
        _grid(ids.PROBLEMS_GRID, PROBLEM_COLUMNS, "No problems found (yet)."),
    )


def _run_card() -> Component:
    return titled_card(
        "4. Import",
        html.P(
            "The import runs in one go: if anything fails, nothing changes. Importing "
            "the same file again changes nothing; an updated file updates what changed.",
            className="small text-body-secondary",
        ),
        dbc.Button("Import the file", id=ids.RUN, color="primary", disabled=True, className="mb-3"),
        html.Label("Progress", htmlFor=ids.PROGRESS, className="small d-block"),
        # A native <progress> with a label: screen readers announce its name and value.
        html.Progress(id=ids.PROGRESS, value="0", max="100", className="w-100 mb-1"),
        html.P(
            "",
            id=ids.PROGRESS_TEXT,
            className="small text-body-secondary",
            role="status",
            **{"aria-live": "polite"},
        ),
        html.Div(id=ids.RESULT, role="status", **{"aria-live": "polite"}),
    )


def problems_list(problems: list[dict[str, object]], total: int) -> Component:
    """A short table of the first problems (for the import's result)."""
    head = html.Thead(
        html.Tr([html.Th("Row"), html.Th("Column"), html.Th("Value"), html.Th("Problem")])
    )
    body = html.Tbody(
        [
            html.Tr(
                [html.Td(p["row"]), html.Td(p["column"]), html.Td(p["value"]), html.Td(p["reason"])]
            )
            for p in problems
        ]
    )
    more = (
        html.P(f"… and {total - len(problems):,} more.", className="small mb-0")
        if total > len(problems)
        else None
    )
    return html.Div([dbc.Table([head, body], size="sm", bordered=True, className="mb-1"), more])


def import_result(
    summary: str,
    committed: bool,
    rejected: int,
    problems: list[dict[str, object]],
    problem_count: int,
) -> Component:
    """What the page shows after an import: the counts in words (``summary``), the rows set
    aside (``rejected``) and a way back to the Overview; when nothing was imported, the
    first ``problems`` of ``problem_count``."""
    if not committed:
        return html.Div(
            [
                problem_alert(summary, color="warning"),
                problems_list(problems, problem_count),
            ]
        )
    lines = [html.P(summary, className="mb-1")]
    if rejected:
        lines.append(
            html.P(
                f"{rejected:,} "
                + ("row was" if rejected == 1 else "rows were")
                + " set aside with the reasons; fix and import them again.",
                className="mb-1",
            )
        )
    lines.append(html.A("See the Overview", href="/", className="alert-link"))
    return dbc.Alert(lines, color="success", className="mb-0", id="import-success")


def layout(**_: object) -> Component:
    """The import page (no filters: an import is not about a period)."""
    return html.Div(
        [
            dcc.Store(id=ids.INIT, data=True),
            dcc.Store(id=ids.TICKET, data=None),
            page_header(
                TITLE,
                ids.HEADING,
                "Bring the program's own records in from spreadsheets or a case-management "
                "export. Nothing is written until every row has been checked.",
            ),
            alert_area(ids.ALERT),
            dbc.Row(
                [dbc.Col(_choose_card(), lg=5), dbc.Col(_upload_card(), lg=7)],
                className="mb-0",
            ),
            _check_card(),
            _run_card(),
        ]
    )
