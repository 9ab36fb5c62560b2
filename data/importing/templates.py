"""Example files for every import kind: the template's columns with a few synthetic rows.

The same rows are in the repository (docs/import/templates/, written by ``write_all``) and
offered for download on the admin's import page, as CSV or Excel.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from data.importing.kinds import KINDS
from data.importing.spec import KindSpec

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "docs" / "import" / "templates"


def template_rows(spec: KindSpec) -> list[list[str]]:
    """The heading row and the example rows of ``spec``'s template."""
    names = [c.name for c in spec.columns]
    return [names] + [[row.get(n, "") for n in names] for row in spec.example]


def template_csv(spec: KindSpec) -> str:
    """The template of ``spec`` as CSV text (UTF-8, comma-separated)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(template_rows(spec))
    return buffer.getvalue()


def template_xlsx(spec: KindSpec) -> bytes:
    """The template of ``spec`` as an Excel workbook (every cell text, the heading bold)."""
    # Imported on use: every process would pay openpyxl's load for a rarely asked template.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.name
    for row in template_rows(spec):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column) + 2
        sheet.column_dimensions[column[0].column_letter].width = min(width, 40)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_all(folder: Path = TEMPLATE_DIR) -> list[Path]:
    """Write every kind's CSV template into ``folder``; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for position, spec in enumerate(KINDS.values(), start=1):
        path = folder / f"{position:02d}_{spec.name}.csv"
        path.write_text(template_csv(spec), encoding="utf-8")
        written.append(path)
    return written


def _kind_text(column) -> str:  # type: ignore[no-untyped-def]
    if column.kind == "choice":
        return "one of the listed words"
    return {
        "text": "text",
        "int": "whole number",
        "float": "number",
        "bool": "yes / no",
        "date": "date",
        "datetime": "date (and time)",
        "time": "time of day",
        "list": "codes separated by ;",
    }[column.kind]


def reference_markdown() -> str:
    """The per-kind column reference of docs/import.md (kept equal to it by a test)."""
    lines: list[str] = []
    for position, spec in enumerate(KINDS.values(), start=1):
        key = ", ".join(f"`{k}`" for k in spec.key)
        lines += [
            f"### {position}. {spec.title} (`{spec.name}`)",
            "",
            spec.description,
            "",
            f"Example file: [`{position:02d}_{spec.name}.csv`](import/templates/"
            f"{position:02d}_{spec.name}.csv). One row per {key} (the natural key: a row "
            "with a key already imported updates it).",
            "",
            "| column | required | type | also accepted as | what it holds |",
            "|---|---|---|---|---|",
        ]
        for column in spec.columns:
            aliases = ", ".join(f"`{a}`" for a in column.aliases) or "-"
            required = "yes" if column.required else ""
            lines.append(
                f"| `{column.name}` | {required} | {_kind_text(column)} | {aliases} | "
                f"{column.help} |"
            )
        lines.append("")
    return "\n".join(lines)
