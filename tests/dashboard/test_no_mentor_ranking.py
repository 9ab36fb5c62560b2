"""No grid of mentors can be turned into a league table.

Every page layout is built and walked; every AG Grid that lists mentors (a "mentor" column and
no mentee's) must let only the columns that name someone (site, mentor) sort, and no column
filter (a filter on a metric is a ranking by another name, and an export must write exactly
what the grid holds).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import dash_ag_grid as dag
from dash import Dash
from dash.development.base_component import Component

import layouts

NAMING_FIELDS = {"site", "mentor"}


def _grids(node: object) -> Iterator[dag.AgGrid]:
    if isinstance(node, dag.AgGrid):
        yield node
    children = getattr(node, "children", None) if isinstance(node, Component) else node
    if isinstance(children, list | tuple):
        for child in children:
            yield from _grids(child)
    elif isinstance(children, Component):
        yield from _grids(children)


def _page_layouts() -> Iterator[tuple[str, object]]:
    for module in pkgutil.iter_modules(layouts.__path__):
        loaded = importlib.import_module(f"layouts.{module.name}")
        if callable(getattr(loaded, "layout", None)):
            yield module.name, loaded.layout


def test_grids_of_mentors_sort_by_name_only_and_filter_nothing(demo_app: Dash) -> None:
    mentor_grids = 0
    with demo_app.server.test_request_context("/"):
        for name, layout in _page_layouts():
            for grid in _grids(layout()):
                columns = grid.columnDefs or []
                fields = {str(c.get("field")) for c in columns}
                if "mentor" not in fields or any(f.startswith("mentee") for f in fields):
                    continue  # not a list of mentors (a list of mentees names their mentor)
                mentor_grids += 1
                defaults = grid.defaultColDef or {}
                for column in columns:
                    sortable = column.get("sortable", defaults.get("sortable", False))
                    filtered = column.get("filter", defaults.get("filter", False))
                    field = column.get("field")
                    assert not filtered, f"{name}: {grid.id} filters on {field}"
                    if field not in NAMING_FIELDS:
                        assert not sortable, f"{name}: {grid.id} sorts mentors by {field}"
                    assert "sort" not in column or field in NAMING_FIELDS, (name, field)
    assert mentor_grids >= 1
