"""The documentation names everything an operator or a reader of the data can meet: every
``python -m dashboard`` command in README.md or docs/, and every table of data/schema.py in
docs/data-model.md. A new command or table without its words fails here."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from dashboard.cli import build_parser
from dashboard.pages import PAGES
from data.schema import Base

ROOT = Path(__file__).resolve().parent.parent


def _docs_text() -> str:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    return "\n".join(page.read_text(encoding="utf-8") for page in pages)


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every leaf command of ``parser``: "demo", "users add", "db backup", ..."""
    leaves: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                leaves.extend(_commands(child, (*prefix, name)))
    return leaves or [" ".join(prefix)]


COMMANDS = _commands(build_parser())
TABLES = sorted(Base.metadata.tables)


def test_the_command_tree_is_read_whole() -> None:
    assert {"demo", "users add", "db upgrade", "summaries rebuild"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_operator_command_is_documented(command: str) -> None:
    pattern = r"python -m dashboard " + re.escape(command) + r"\b"
    assert re.search(pattern, _docs_text()), (
        f"`python -m dashboard {command}` appears nowhere in README.md or docs/"
    )


def test_the_schema_has_its_tables() -> None:
    assert {"contacts", "mentees", "audit_events"} <= set(TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_every_table_is_named_in_the_data_model(table: str) -> None:
    text = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    assert f"`{table}`" in text, f"docs/data-model.md does not name the table `{table}`"


# The user guide's picture of each navbar page, and the script in docs/screenshots/ that takes it.
SCREENSHOT_OF_PAGE = {
    "overview": "guide-overview.png",
    "attention": "guide-attention.png",
    "caseloads": "guide-caseloads.png",
    "workload": "guide-workload.png",
    "outcomes": "guide-outcomes.png",
    "notes": "guide-notes-meeting.png",
    "meeting": "meeting-glance.png",
    "audit": "guide-audit-trail.png",
    "data_import": "guide-import.png",
}


def test_every_navbar_page_has_a_screenshot_taken_by_a_script() -> None:
    assert set(SCREENSHOT_OF_PAGE) == {page.key for page in PAGES if page.in_navbar}
    folder = ROOT / "docs" / "screenshots"
    scripts = "\n".join(path.read_text(encoding="utf-8") for path in folder.glob("take_*.py"))
    guide = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    for page, picture in SCREENSHOT_OF_PAGE.items():
        assert (folder / picture).is_file(), f"{page}: docs/screenshots/{picture} is missing"
        assert f"screenshots/{picture}" in guide, f"{page}: the user guide does not show {picture}"
        assert f'"{picture}"' in scripts, f"{page}: no script in docs/screenshots/ takes {picture}"


def test_the_phone_picture_is_in_the_guide_and_taken_by_a_script() -> None:
    folder = ROOT / "docs" / "screenshots"
    scripts = "\n".join(path.read_text(encoding="utf-8") for path in folder.glob("take_*.py"))
    guide = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    assert (folder / "guide-phone.png").is_file()
    assert "## On a phone" in guide and "screenshots/guide-phone.png" in guide
    assert '"guide-phone.png"' in scripts
