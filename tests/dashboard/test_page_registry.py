"""The page registry: each page of the table declared once, with its layout and callbacks, and
read only from the top (the app factory and the tests)."""

from __future__ import annotations

import ast
from pathlib import Path

from dashboard.page_registry import PAGE_REGISTRY
from dashboard.pages import PAGES, ScopeRule

ROOT = Path(__file__).resolve().parents[2]
TOP = {ROOT / "dashboard" / "__init__.py", ROOT / "dashboard" / "page_registry.py"}


def test_every_page_of_the_table_is_registered_once_in_its_order() -> None:
    assert [page.spec for page in PAGE_REGISTRY] == list(PAGES)


def test_each_page_names_its_layout_and_its_callbacks() -> None:
    for page in PAGE_REGISTRY:
        assert callable(page.layout), page.key
        assert page.callbacks, page.key
        assert all(callable(register) for register in page.callbacks), page.key


def test_only_meeting_mode_answers_in_the_rooms_scope() -> None:
    rooms = {page.key for page in PAGE_REGISTRY if page.scope is ScopeRule.ROOM}
    assert rooms == {"meeting"}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_nothing_below_the_app_factory_imports_the_registry() -> None:
    packages = ("callbacks", "layouts", "dashboard", "data")
    below = [p for folder in packages for p in (ROOT / folder).rglob("*.py") if p not in TOP]
    importers = [p for p in below if "dashboard.page_registry" in _imports(p)]
    assert importers == []
