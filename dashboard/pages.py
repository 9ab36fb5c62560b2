"""The table of pages: each page's key, address, navbar label, the roles that may open it and
the scope its data is read in. Plain data that every layer may import (the navbar, the page
guard, ``ctx.scope(page)``, the callbacks' links); what draws each page and brings it to life
is paired with it in ``dashboard.page_registry``, at the top.

This table is the role x page matrix: the navbar shows, the page guard renders and every
callback's ``ctx.scope(page)`` allows exactly what it says. Meeting viewers get aggregates and
meeting mode only: never a page that can show a mentee's identity or a note's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

ALL_ROLES = frozenset({"admin", "supervisor", "meeting_viewer"})
STAFF = frozenset({"admin", "supervisor"})
ADMINS = frozenset({"admin"})


class ScopeRule(Enum):
    """Whose view of the data a page's queries answer for."""

    # The signed-in user's own scope: their sites; identities and exact small counts only
    # for a role that may see them.
    OWN = "own"
    # The meeting room's scope for every role: the user's sites, whole months, no identity,
    # small counts hidden (``data.queries.meeting.meeting_filters``), so an admin presenting
    # sees what a meeting viewer sees.
    ROOM = "room"


@dataclass(frozen=True)
class PageSpec:
    """One page: its key (used in ids and ``ctx.scope``), URL path, navbar label, roles and
    the scope its queries answer for."""

    key: str
    path: str
    title: str
    roles: frozenset[str]
    in_navbar: bool = True
    # A Dash path template ("/mentees/<mentee_id>") for pages with a variable in the path;
    # ``path`` is then an example of it (what the benchmark and the smoke tests open).
    path_template: str | None = None
    scope: ScopeRule = ScopeRule.OWN
    # What draws the page and brings it to life, named here so that a page is one entry:
    # the module whose ``layout`` function draws it (default ``layouts.<key>``) and the
    # callback registrations, each ``"module"`` (its ``register(app, ctx)``) or
    # ``"module:function"`` (default ``("callbacks.<key>",)``). Named, not imported: this
    # table is the ground floor every layer reads; ``dashboard.page_registry`` imports them.
    layout: str = ""
    callbacks: tuple[str, ...] = ()

    @property
    def layout_module(self) -> str:
        """The module whose ``layout`` draws the page."""
        return self.layout or f"layouts.{self.key}"

    @property
    def callback_registrations(self) -> tuple[str, ...]:
        """The page's callback registrations, ``"module"`` or ``"module:function"``."""
        return self.callbacks or (f"callbacks.{self.key}",)


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview",
        "/",
        "Overview",
        ALL_ROLES,
        callbacks=("callbacks.overview", "callbacks.attention:register_overview_card"),
    ),
    # The supervisor's list of who may need a call; never for meeting viewers.
    PageSpec("attention", "/attention", "Needs attention", STAFF),
    PageSpec("caseloads", "/caseloads", "Caseloads", STAFF),
    PageSpec("workload", "/workload", "Workload", ALL_ROLES),
    PageSpec("outcomes", "/outcomes", "Outcomes", ALL_ROLES),
    PageSpec("notes", "/notes", "Consultation notes", STAFF),
    PageSpec("meeting", "/meeting", "Meeting mode", ALL_ROLES, scope=ScopeRule.ROOM),
    PageSpec("audit", "/admin/audit", "Audit trail", ADMINS),
    PageSpec("data_import", "/admin/import", "Import data", ADMINS),
    PageSpec(
        "mentee",
        "/mentees/1",
        "Mentee",
        STAFF,
        in_navbar=False,
        path_template="/mentees/<mentee_id>",
    ),
    # One mentor's page and supervision card: staff only, opened from a chart or
    # table, never from the navbar.
    PageSpec(
        "mentor",
        "/mentors/1",
        "Mentor",
        STAFF,
        in_navbar=False,
        path_template="/mentors/<mentor_id>",
        # The notes about the mentor are the notes page's (its role check, its queries).
        callbacks=("callbacks.mentor", "callbacks.notes.mentor_notes"),
    ),
)
PAGES_BY_KEY: dict[str, PageSpec] = {page.key: page for page in PAGES}


def role_may_open(role: str | None, page_key: str) -> bool:
    """True when ``role`` may open page ``page_key``; unknown pages and roles are refused."""
    page = PAGES_BY_KEY.get(page_key)
    return bool(role) and page is not None and role in page.roles


def pages_for_role(role: str | None) -> list[PageSpec]:
    """The navbar pages ``role`` may open, in navbar order."""
    return [p for p in PAGES if p.in_navbar and role_may_open(role, p.key)]
