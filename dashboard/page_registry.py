"""Every page as one declared unit: its entry in the table of pages (``dashboard.pages``: key,
path, title, roles, scope rule), the layout that draws it and the callbacks that bring it to
life. ``register_pages`` gives them all to Dash.

It imports every layout and callbacks module, so it is read only from the top: by
``create_app`` and by the tests that open every page. Adding a page: a layout module with a
``layout`` function, a callbacks module with a ``register(app, ctx)``, a row in the table of
pages and an entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import dash
from dash.development.base_component import Component

from callbacks import (
    attention,
    audit,
    caseloads,
    data_import,
    mentee,
    mentor,
    outcomes,
    overview,
    shell,
    workload,
)
from callbacks.meeting import capture, deck, pack
from callbacks.notes import (
    agenda,
    carried,
    clearing,
    deleting,
    editor,
    meetings,
    mentor_notes,
    reading,
    saving,
)
from dashboard.context import AppContext
from dashboard.pages import PAGES_BY_KEY, PageSpec, ScopeRule
from layouts import attention as attention_page
from layouts import audit as audit_page
from layouts import caseloads as caseloads_page
from layouts import data_import as data_import_page
from layouts import meeting as meeting_page
from layouts import mentee as mentee_page
from layouts import mentor as mentor_page
from layouts import not_found
from layouts import notes as notes_page
from layouts import outcomes as outcomes_page
from layouts import overview as overview_page
from layouts import workload as workload_page
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


def _page(key: str, layout: LayoutFn, *callbacks: RegisterFn) -> Page:
    return Page(PAGES_BY_KEY[key], layout, callbacks)


PAGE_REGISTRY: tuple[Page, ...] = (
    _page("overview", overview_page.layout, overview.register, attention.register_overview_card),
    _page("attention", attention_page.layout, attention.register),
    _page("caseloads", caseloads_page.layout, caseloads.register),
    _page("workload", workload_page.layout, workload.register),
    _page("outcomes", outcomes_page.layout, outcomes.register),
    _page(
        "notes",
        notes_page.layout,
        reading.register,
        meetings.register,
        editor.register,
        saving.register,
        deleting.register,
        carried.register,
        agenda.register,
        clearing.register,
    ),
    _page("meeting", meeting_page.layout, deck.register, capture.register, pack.register),
    _page("audit", audit_page.layout, audit.register),
    _page("data_import", data_import_page.layout, data_import.register),
    _page("mentee", mentee_page.layout, mentee.register),
    # The notes about the mentor are the notes page's (its role check, its queries).
    _page("mentor", mentor_page.layout, mentor.register, mentor_notes.register),
)


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
