"""docs/import.md describes every kind and column exactly as the code reads them."""

from __future__ import annotations

from pathlib import Path

from data.importing.templates import reference_markdown

DOC = Path(__file__).resolve().parents[3] / "docs" / "import.md"
BEGIN = "<!-- generated: data.importing.templates.reference_markdown() -->\n"
END = "<!-- end generated -->"


def test_the_column_reference_in_the_docs_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    generated = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert generated == reference_markdown(), "regenerate the reference in docs/import.md"
