"""The house rules that keep the code's plan visible, checked over every source file.

- No import circle between files (function-level imports included: an import placed inside a
  function to dodge a circle is still a circle; imports under ``TYPE_CHECKING`` are not run and
  do not count).
- Data flows one way: ``data/`` imports nothing of ``dashboard/``, ``layouts/``, ``callbacks/``
  or Dash; ``layouts/`` imports from ``data/`` only the pure constants of ``data.clock`` and
  ``data.labels``.
- No SQL outside ``data/``: the web layers name an ``Engine`` or catch SQLAlchemy's errors, but
  never build or run a statement.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE_PACKAGES = ("dashboard", "callbacks", "layouts", "data", "bench")
WEB_PACKAGES = ("dashboard", "layouts", "callbacks")
# What the web layers may take from SQLAlchemy: the engine's type, URL parsing and the error
# classes.
SQLALCHEMY_ALLOWED_IN_WEB = {
    ("sqlalchemy", "Engine"),
    ("sqlalchemy.engine", "Engine"),
    ("sqlalchemy", "make_url"),
    ("sqlalchemy.engine", "make_url"),
}
LAYOUT_MAY_IMPORT_FROM_DATA = {"data.clock", "data.labels"}


def source_files() -> Iterator[Path]:
    """Every Python file of the app and the benchmark, migrations left out (Alembic's own)."""
    yield ROOT / "app.py"
    for package in SOURCE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def module_name(path: Path) -> str:
    """``data/queries/caseloads/`` -> ``data.queries.caseloads``; a package's ``__init__``
    is the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(path): path for path in source_files()}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that runs, at any depth, skipping ``if TYPE_CHECKING:`` blocks."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def imported_names(module: str, path: Path) -> Iterator[tuple[str, str | None]]:
    """``(module, name)`` pairs a file imports: ``from a.b import c`` gives ``("a.b", "c")``,
    ``import a.b`` gives ``("a.b", None)``; relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in import_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            yield base, alias.name


def internal_targets(module: str, path: Path) -> set[str]:
    """The project's own modules a file imports (a name that is a submodule counts as it)."""
    targets: set[str] = set()
    for base, name in imported_names(module, path):
        if name and f"{base}.{name}" in MODULES:
            targets.add(f"{base}.{name}")
        elif base in MODULES:
            targets.add(base)
    targets.discard(module)
    return targets


def import_graph() -> dict[str, set[str]]:
    """Module -> the project's modules it imports."""
    return {module: internal_targets(module, path) for module, path in MODULES.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(graph) == [["a", "b", "c"]]


def test_no_import_circle_between_files() -> None:
    found = circles(import_graph())
    assert not found, "import circles: " + "; ".join(" <-> ".join(group) for group in found)


def _top(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("web", WEB_PACKAGES)
def test_data_imports_nothing_of_the_web_layers(web: str) -> None:
    offenders = sorted(
        f"{module} imports {base}"
        for module, path in MODULES.items()
        if _top(module) == "data"
        for base, _name in imported_names(module, path)
        if _top(base) in (web, "dash", "flask", "dash_bootstrap_components", "plotly")
        and _top(base) != "data"
    )
    assert not offenders, offenders


def test_layouts_take_only_constants_from_data() -> None:
    offenders = sorted(
        f"{module} imports {base}{'.' + name if name else ''}"
        for module, path in MODULES.items()
        if _top(module) == "layouts"
        for base, name in imported_names(module, path)
        if _top(base) == "data"
        and base not in LAYOUT_MAY_IMPORT_FROM_DATA
        and f"{base}.{name}" not in LAYOUT_MAY_IMPORT_FROM_DATA
    )
    assert not offenders, offenders


def test_no_sql_outside_data() -> None:
    offenders = sorted(
        f"{module} imports {base}.{name}" if name else f"{module} imports {base}"
        for module, path in MODULES.items()
        if _top(module) in WEB_PACKAGES or module == "app"
        for base, name in imported_names(module, path)
        if _top(base) == "sqlalchemy"
        and not base.startswith("sqlalchemy.exc")
        and (base, name) not in SQLALCHEMY_ALLOWED_IN_WEB
    )
    assert not offenders, offenders
