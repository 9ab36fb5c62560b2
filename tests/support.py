"""Helpers for tests: signing in through the browser, and hand-made Dash callback requests."""

from __future__ import annotations

from typing import Any

from dash import Dash
from sqlalchemy import Engine, func, select

from data.db import session_scope
from data.schema import Mentee, Mentor, Site

NAVBAR_SELECTOR = ".app-navbar"
DASH_DUO_IMPLICIT_WAIT_S = 2  # dash.testing's Browser sets this on its driver


def elements_now(driver: Any, css: str, within: Any = None) -> list[Any]:
    """The elements matching ``css`` (inside ``within``, else the page) as they are now.

    dash_duo's driver waits up to 2 s (implicitly) for an element before answering that
    there is none, so every check that something is absent, and every poll until it is,
    cost 2 s. This asks without the implicit wait, then puts it back.
    """
    driver.implicitly_wait(0)
    try:
        return (within or driver).find_elements("css selector", css)
    finally:
        driver.implicitly_wait(DASH_DUO_IMPLICIT_WAIT_S)


def browser_login(dash_duo: Any, username: str, password: str) -> None:
    """Sign in through /login in dash_duo's browser and wait until the navbar is drawn.

    Start the server with ``dash_duo.start_server(app, navigate=False)``: the sign-in page is
    not a Dash page, so dash_duo's own navigation (which waits for Dash) must come after it.
    """
    base = dash_duo.server.url.rstrip("/")
    dash_duo.driver.get(base + "/login")
    dash_duo.wait_for_element("#login-username").send_keys(username)
    dash_duo.find_element("#login-password").send_keys(password)
    dash_duo.find_element("#login-submit").click()
    dash_duo.wait_for_element(NAVBAR_SELECTOR)
    dash_duo.server_url = base  # now signed in: dash_duo may wait for Dash's entry point


def _output_specs(output_key: str) -> list[dict[str, str]]:
    keys = output_key[2:-2].split("...") if output_key.startswith("..") else [output_key]
    specs = []
    for key in keys:
        component_id, prop = key.rsplit(".", 1)
        specs.append({"id": component_id, "property": prop})
    return specs


def callback_spec(app: Dash, output_key: str) -> dict[str, Any]:
    """The registered callback (as the renderer knows it) whose output key is ``output_key``."""
    for spec in app._callback_list:
        if spec["output"] == output_key:
            return spec
    raise KeyError(output_key)


def callback_keys(app: Dash) -> list[str]:
    """Output keys of every server-side callback without pattern-matching ids."""
    # Dash registers the pages callback at the first request: make sure there was one.
    app.server.test_client().get("/login")
    keys = []
    for spec in app._callback_list:
        if spec.get("clientside_function") or "{" in spec["output"]:
            continue
        keys.append(spec["output"])
    return keys


def callback_body(app: Dash, output_key: str, values: dict[str, Any] | None = None) -> dict:
    """A /_dash-update-component JSON body built the way Dash's renderer builds it.

    ``values`` maps "component-id.property" to the value to send (None for the rest); the
    first input is reported as the one that changed.
    """
    values = values or {}
    spec = callback_spec(app, output_key)
    outputs = _output_specs(output_key)

    def with_values(items: list[dict[str, str]]) -> list[dict[str, Any]]:
        return [{**item, "value": values.get(f"{item['id']}.{item['property']}")} for item in items]

    inputs = with_values(spec["inputs"])
    return {
        "output": output_key,
        "outputs": outputs if output_key.startswith("..") else outputs[0],
        "inputs": inputs,
        "state": with_values(spec["state"]),
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"] if inputs else [],
    }


def same_origin_headers(host: str = "localhost") -> dict[str, str]:
    """The headers a browser adds to a callback POST from the app's own page."""
    return {"Origin": f"http://{host}", "Sec-Fetch-Site": "same-origin"}


def mentee_identities(engine: Engine) -> set[str]:
    """Mentee names and codes that are not also a mentor's or site's name (those may show)."""
    with session_scope(engine) as session:
        names = set(session.scalars(select(Mentee.display_name)))
        codes = set(session.scalars(select(Mentee.code)))
        others = set(session.scalars(select(Mentor.display_name))) | set(
            session.scalars(select(Site.name))
        )
        assert session.scalar(select(func.count(Mentee.id))) > 0
    return (names - others) | codes
