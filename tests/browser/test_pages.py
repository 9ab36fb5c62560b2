"""What a person sees: every page opens cleanly, and the filters live in the URL."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from dash.testing.wait import until
from sqlalchemy import select

from callbacks.filters import search_string
from dashboard.page_registry import PAGE_REGISTRY
from data.filters import AccessScope, Filters
from data.queries import overview as overview_queries
from data.schema import Site
from layouts.ids import OverviewIds, ShellIds
from layouts.not_found import TITLE as NOT_FOUND_TITLE
from tests.conftest import TEST_ADMIN_PASSWORD
from tests.support import browser_login

pytestmark = pytest.mark.browser
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", tempfile.gettempdir()))

ADMIN = AccessScope(role="admin", all_sites=True, see_identities=True, username="admin")
PAGE_CASES = [(page.path, page.title) for page in PAGE_REGISTRY] + [
    ("/no-such-page", NOT_FOUND_TITLE)
]


def _open_signed_in(dash_duo, app, path: str = "/") -> None:  # type: ignore[no-untyped-def]
    """Start the app, sign in as the demo admin, open ``path`` and wait for Dash to load."""
    dash_duo.start_server(app, navigate=False)
    browser_login(dash_duo, "admin", TEST_ADMIN_PASSWORD)
    dash_duo.wait_for_page(dash_duo.server_url + path)


def _active_mentees(engine, site_id: int | None) -> str:  # type: ignore[no-untyped-def]
    filters = Filters.parse(ADMIN, sites=[site_id] if site_id else None)
    row = overview_queries.headline_figures(engine, filters).iloc[0]
    return f"{int(row.active_mentees):,}"


@pytest.mark.parametrize(("path", "heading"), PAGE_CASES, ids=[c[0] for c in PAGE_CASES])
def test_every_page_opens_with_its_heading_and_a_clean_console(dash_duo, demo_app, path, heading):
    _open_signed_in(dash_duo, demo_app, path)
    dash_duo.wait_for_text_to_equal("h1", heading)
    dash_duo.wait_for_element(".app-navbar")
    assert dash_duo.get_logs() == []


def test_choosing_a_site_updates_the_url_and_the_headline_figures(dash_duo, demo_app, demo_engine):
    with demo_engine.connect() as conn:
        sites = conn.execute(select(Site.id, Site.name).order_by(Site.id)).all()
    everyone = _active_mentees(demo_engine, None)
    # A site whose figure differs from all sites', so the change is visible.
    site = next(s for s in sites if _active_mentees(demo_engine, s.id) != everyone)

    _open_signed_in(dash_duo, demo_app)
    dash_duo.wait_for_text_to_equal(f"#{OverviewIds.ACTIVE_MENTEES}", everyone)
    dash_duo.select_dcc_dropdown(f"#{ShellIds.FILTER_SITES}", value=site.name)

    until(lambda: f"sites={site.id}" in dash_duo.driver.current_url, timeout=10)
    dash_duo.wait_for_text_to_equal(
        f"#{OverviewIds.ACTIVE_MENTEES}", _active_mentees(demo_engine, site.id)
    )
    assert dash_duo.get_logs() == []


def test_a_url_with_sites_preselects_the_filter(dash_duo, demo_app, demo_engine):
    with demo_engine.connect() as conn:
        site = conn.execute(select(Site.id, Site.name).order_by(Site.id.desc())).first()
    _open_signed_in(dash_duo, demo_app, "/" + search_string(None, None, [site.id]))

    dash_duo.wait_for_contains_text(f"#{ShellIds.FILTER_SITES}", site.name)
    dash_duo.wait_for_text_to_equal(
        f"#{OverviewIds.ACTIVE_MENTEES}", _active_mentees(demo_engine, site.id)
    )
    # The navbar carries the filter to the other pages.
    link = dash_duo.find_element("a[href^='/caseloads']")
    assert f"sites={site.id}" in link.get_attribute("href")
    dash_duo.driver.save_screenshot(str(SCREENSHOT_DIR / "overview.png"))
    assert dash_duo.get_logs() == []
