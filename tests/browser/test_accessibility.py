"""axe-core on the pages around the dashboard's own: no serious or critical violation.

Every page of ``dashboard.pages.PAGES``, for every role that may open it, is checked on two
phones and a desktop by ``tests/browser/test_phone.py`` (one load of each page, three
viewports). Here: the sign-in and signed-out pages, a refusal and the "page not found" page
for each role. A path with a template variable (``/mentors/<mentor_id>``) is opened with a
real id from the demo database (``concrete_path``, which the page walk uses too).

axe-core itself is the ``axe.min.js`` that the PyPI package axe-playwright-python ships (see
pyproject's ``test`` extra); it is read from the installed package and injected with
Selenium's ``execute_script``: nothing is downloaded when the tests run. One server and one
browser serve the whole module (signing in once per role) to keep the suite quick.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dash
import pytest
from dash.testing.application_runners import ThreadedRunner
from dash.testing.composite import DashComposite
from dash.testing.wait import until
from sqlalchemy import Engine, select

from dashboard import create_app
from dashboard.pages import PAGES, PageSpec, role_may_open
from dashboard.settings import Settings
from data.schema import Mentee, Mentor, Site
from data.services.users import ensure_demo_users
from layouts.not_found import TITLE as NOT_FOUND_TITLE
from tests.conftest import TEST_ADMIN_PASSWORD, TEST_DEMO_USER_PASSWORD
from tests.support import browser_login, elements_now

pytestmark = pytest.mark.browser

BLOCKING = frozenset({"serious", "critical"})
ROLE_LOGINS = {
    "admin": ("admin", TEST_ADMIN_PASSWORD),
    "supervisor": ("supervisor", TEST_DEMO_USER_PASSWORD),
    "meeting_viewer": ("viewer", TEST_DEMO_USER_PASSWORD),
}
TEMPLATE_VARIABLE = re.compile(r"<(?:\w+:)?(\w+)>")
# Which table gives a real id for a path variable (the first row the viewer's site holds).
ID_SOURCES = {"mentor_id": Mentor, "mentee_id": Mentee, "site_id": Site}
# Extra pages that are not in PAGES: (name, path, what to wait for, the heading).
EXTRA_PAGES = [("not-found", "/no-such-page", "h1", NOT_FOUND_TITLE)]
# Colours are measured once CSS transitions have ended: a button just clicked is still
# fading to its hover colour, and axe would measure the colour half-way.
RUN_AXE = """
const done = arguments[arguments.length - 1];
Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))
  .then(() => axe.run(document, {resultTypes: ["violations"]}))
  .then((result) => done(result.violations))
  .catch((error) => done({error: String(error)}));
"""


def axe_source() -> str:
    """The axe-core script bundled in the axe-playwright-python wheel."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")


def blocking_violations(violations: list[dict[str, Any]]) -> list[str]:
    """Readable lines for the serious and critical violations in an axe result."""
    lines = []
    for violation in violations:
        if violation.get("impact") not in BLOCKING:
            continue
        targets = [" ".join(map(str, n.get("target", []))) for n in violation.get("nodes", [])]
        summary = violation.get("nodes", [{}])[0].get("failureSummary", "").replace("\n", " ")
        lines.append(
            f"{violation['impact']} {violation['id']}: {violation.get('help', '')} "
            f"({len(targets)} element(s): {', '.join(targets[:5])}) {summary[:300]}"
        )
    return lines


def concrete_path(page: PageSpec, engine: Engine) -> str | None:
    """``page.path`` with each template variable replaced by a real id (None: no such id)."""
    path = page.path
    for name in TEMPLATE_VARIABLE.findall(path):
        table = ID_SOURCES.get(name)
        if table is None:
            return None
        with engine.connect() as conn:
            first_site = conn.execute(select(Site.id).order_by(Site.id)).scalars().first()
            query = select(table.id).order_by(table.id)
            if table is not Site:
                query = query.where(table.site_id == first_site)
            found = conn.execute(query).scalars().first()
        if found is None:
            return None
        path = TEMPLATE_VARIABLE.sub(str(found), path, count=1)
    return path


def _cases() -> list[Any]:
    cases = []
    for role in ROLE_LOGINS:
        refused = next((p for p in PAGES if not role_may_open(role, p.key)), None)
        if refused is not None:
            cases.append(pytest.param(role, f"refused:{refused.key}", id=f"{role}-refusal"))
        for name, _path, _wait, _heading in EXTRA_PAGES:
            cases.append(pytest.param(role, f"extra:{name}", id=f"{role}-{name}"))
    return cases


class AxeSession:
    """One app server and one browser for the module, signed in as one role at a time."""

    def __init__(self, duo: DashComposite, app: dash.Dash, engine: Engine):
        self.duo = duo
        self.app = app
        self.engine = engine
        self.role: str | None = None
        self.registry = dict(dash.page_registry)
        self.source = axe_source()

    def restore_registry(self) -> None:
        """Put the app's pages back: the suite's autouse fixture empties the global registry."""
        dash.page_registry.clear()
        dash.page_registry.update(self.registry)

    def sign_in_as(self, role: str) -> None:
        """Sign in as the demo user of ``role`` (signing the previous one out)."""
        if self.role == role:
            return
        driver = self.duo.driver
        driver.delete_all_cookies()
        username, password = ROLE_LOGINS[role]
        browser_login(self.duo, username, password)
        self.role = role

    def check(self, path: str, ready: str, heading: str | None = None) -> list[str]:
        """Open ``path``, wait for ``ready`` (and for the navbar and the page's ``heading``
        when one is given) and for Dash to settle, run axe; its blockers."""
        duo = self.duo
        duo.driver.get(duo.server_url + path)
        duo.wait_for_element(ready, timeout=20)
        if heading is not None:
            duo.wait_for_element(".app-navbar", timeout=20)
            duo.wait_for_text_to_equal("h1", heading, timeout=20)
        until(
            lambda: not elements_now(duo.driver, "[data-dash-is-loading='true']"),
            timeout=20,
        )
        duo.driver.set_script_timeout(60)
        duo.driver.execute_script(self.source)
        violations = duo.driver.execute_async_script(RUN_AXE)
        assert not isinstance(violations, dict), violations
        return blocking_violations(violations)


@pytest.fixture(scope="module")
def axe_session(
    request: pytest.FixtureRequest,
    demo_engine: Engine,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[AxeSession]:
    settings = Settings(
        instance_path=tmp_path_factory.mktemp("axe-instance"),
        secret_key="test-secret-key-not-for-production",
        admin_password=TEST_ADMIN_PASSWORD,
        demo_user_password=TEST_DEMO_USER_PASSWORD,
        cache_seconds=0,
    )
    ensure_demo_users(demo_engine, settings)
    dash.page_registry.clear()
    app = create_app(settings=settings, engine=demo_engine)
    with (
        ThreadedRunner() as runner,
        DashComposite(
            server=runner,
            browser=request.config.getoption("webdriver"),
            remote=request.config.getoption("remote"),
            remote_url=request.config.getoption("remote_url"),
            headless=request.config.getoption("headless"),
            options=request.config.hook.pytest_setup_options(),
            download_path=str(tmp_path_factory.mktemp("axe-download")),
            percy_assets_root=request.config.getoption("percy_assets"),
            percy_finalize=request.config.getoption("nopercyfinalize"),
            pause=request.config.getoption("pause"),
        ) as duo,
    ):
        session = AxeSession(duo, app, demo_engine)
        duo.start_server(app, navigate=False)
        yield session


@pytest.mark.parametrize(("role", "page_key"), _cases())
def test_axe_finds_no_serious_violation(axe_session: AxeSession, role: str, page_key: str) -> None:
    axe_session.restore_registry()
    axe_session.sign_in_as(role)
    heading: str | None = None
    if page_key.startswith("extra:"):
        _name, path, ready, heading = next(e for e in EXTRA_PAGES if f"extra:{e[0]}" == page_key)
    else:
        page = next(p for p in PAGES if p.key == page_key.removeprefix("refused:"))
        ready = "#page-forbidden"
        concrete = concrete_path(page, axe_session.engine)
        if concrete is None:
            pytest.skip(f"no real id for {page.path} in the demo data")
        path = concrete
    problems = axe_session.check(path, ready, heading)
    assert problems == [], f"axe on {path} as {role}:\n" + "\n".join(problems)
    assert axe_session.duo.get_logs() == []


def test_axe_finds_no_serious_violation_on_the_sign_in_page(axe_session: AxeSession) -> None:
    axe_session.restore_registry()
    axe_session.duo.driver.delete_all_cookies()
    axe_session.role = None
    problems = axe_session.check("/login", "#login-username")
    assert problems == [], "axe on /login:\n" + "\n".join(problems)
    problems = axe_session.check("/logout", "h1")
    assert problems == [], "axe on /logout:\n" + "\n".join(problems)


def test_the_bundled_axe_reports_what_it_should(axe_session: AxeSession) -> None:
    """The check itself works: a page with a known serious violation is reported."""
    axe_session.restore_registry()
    broken = [
        {
            "id": "image-alt",
            "impact": "critical",
            "help": "Images must have alternative text",
            "nodes": [{"target": ["img"], "failureSummary": "Fix: add alt"}],
        },
        {"id": "region", "impact": "moderate", "help": "landmarks", "nodes": []},
    ]
    assert blocking_violations(broken) == [
        "critical image-alt: Images must have alternative text (1 element(s): img) Fix: add alt"
    ]
    duo = axe_session.duo
    duo.driver.get(duo.server_url + "/login")
    duo.wait_for_element("#login-username")
    duo.driver.execute_script(axe_session.source)
    duo.driver.execute_script(
        "const i = document.createElement('img'); i.src = 'data:,'; document.body.appendChild(i);"
    )
    found = duo.driver.execute_async_script(RUN_AXE)
    assert "image-alt" in json.dumps([v["id"] for v in found])
