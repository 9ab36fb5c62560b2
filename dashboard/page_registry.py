"""Every page as one declared unit: its entry in the table of pages (``dashboard.pages``: key,
path, title, roles, scope rule), the layout that draws it and the callbacks that bring it to
life. ``register_pages`` gives them all to Dash.

The table names each page's layout and callbacks modules; this module imports them, so it
is read only from the top: by ``create_app`` and by the tests that open every page. Adding a
page: a layout module with a ``layout`` function, a callbacks module with a
``register(app, ctx)`` and one entry in the table of pages (docs/architecture.md, "Adding a
page").
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import dash
from dash.development.base_component import Component

from callbacks import shell
from dashboard.context import AppContext
from dashboard.pages import PAGES, PageSpec, ScopeRule
from layouts import not_found
from layouts.shell import shell_layout

LayoutFn = Callable[..., Component]
RegisterFn = Callable[[dash.Dash, AppContext], None]
GuardFn = Callable[[str, LayoutFn], LayoutFn]
APP_NAME = "Peer Mentoring Dashboard"


@dataclass(frozen=True)
class Page:
    """One page: its row in the table of pages, its layout (a function of the URL's query
    parameters) and the registrations of its callbacks."""

    spec: PageSpec
    layout: LayoutFn
    callbacks: tuple[RegisterFn, ...]

    @property
    def key(self) -> str:
        """The page's key (ids, ``ctx.scope``)."""
        return self.spec.key

    @property
    def path(self) -> str:
        """The page's address (an example of it, for a page with a variable in its path)."""
        return self.spec.path

    @property
    def title(self) -> str:
        """The page's title (its navbar label and h1)."""
        return self.spec.title

    @property
    def roles(self) -> frozenset[str]:
        """The roles that may open the page."""
        return self.spec.roles

    @property
    def scope(self) -> ScopeRule:
        """Whose view of the data the page's queries answer for."""
        return self.spec.scope


def _named(reference: str, default: str) -> Callable[..., object]:
    """The function a page entry names: ``"module"`` (its ``default``) or
    ``"module:function"``."""
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name or default)


def _page(spec: PageSpec) -> Page:
    return Page(
        spec,
        _named(spec.layout_module, "layout"),  # type: ignore[arg-type]
        tuple(_named(ref, "register") for ref in spec.callback_registrations),  # type: ignore[misc]
    )


# Every page of the table with what draws it and brings it to life, in the table's order.
PAGE_REGISTRY: tuple[Page, ...] = tuple(_page(spec) for spec in PAGES)


def register_pages(app: dash.Dash, ctx: AppContext, guard: GuardFn) -> None:
    """Give Dash every page (its layout behind ``guard``), the page for unknown addresses,
    the shell around them and every callback."""
    for page in PAGE_REGISTRY:
        dash.register_page(
            page.key,
            path=page.path,
            path_template=page.spec.path_template,
            title=f"{page.title} · {APP_NAME}",
            name=page.title,
            layout=guard(page.key, page.layout),
        )
    # Dash's page router shows the page whose name ends in "not_found_404" for unknown paths.
    dash.register_page(
        not_found.PAGE_NAME,
        path="/404",
        title=f"{not_found.TITLE} · {APP_NAME}",
        name=not_found.TITLE,
        layout=not_found.layout,
    )
    app.layout = shell_layout
    shell.register(app, ctx)
    for page in PAGE_REGISTRY:
        for register in page.callbacks:
            register(app, ctx)
