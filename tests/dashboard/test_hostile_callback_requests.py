"""Hand-made callback requests with hostile values: a clear answer, never a 500 or a traceback.

Every server-side callback is posted, as a signed-in supervisor, with each hostile value in
every input at once. The answer must be an ordinary Dash response (or a refusal), must not
carry a traceback or SQL, and must not contain another site's name.
"""

from __future__ import annotations

import pytest
from dash import Dash
from sqlalchemy import Engine, select

from data.schema import Site
from tests.fixtures_app import ClientFor
from tests.support import callback_body, callback_keys, same_origin_headers

HOSTILE_VALUES = [
    "1 OR 1=1; DROP TABLE sites; --",
    "?start=1900-01-01&end=9999-12-31&sites=1,2,3,4,5,6",
    "?sites=-1&start=2026-13-45",
    {"sites": [{"$ne": None}], "start": ["2026-01-01"], "end": 10**30},
    ["x"] * 5000,
    "A" * 100_000,
    -(2**63),
    1e308,
    True,
]


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=lambda v: type(v).__name__ + str(v)[:20])
def test_every_callback_survives_hostile_values(
    demo_app: Dash, demo_engine: Engine, client_for: ClientFor, value: object
) -> None:
    with demo_engine.connect() as conn:
        names = conn.execute(select(Site.name).order_by(Site.id)).scalars().all()
    other_sites = names[1:]  # the demo supervisor may see the first site only
    supervisor = client_for("supervisor")
    for key in callback_keys(demo_app):
        inputs = callback_body(demo_app, key)["inputs"]
        body = callback_body(demo_app, key, {f"{s['id']}.{s['property']}": value for s in inputs})
        response = supervisor.post(
            "/_dash-update-component", json=body, headers=same_origin_headers()
        )
        text = response.get_data(as_text=True)
        assert response.status_code in (200, 204, 400, 403), (key, response.status_code, text[:300])
        assert "Traceback" not in text, key
        assert "SELECT" not in text, key
        for name in other_sites:
            assert name not in text, (key, name)


ALERT = {"id": "overview-alert", "property": "children"}
MALFORMED_BODIES = {
    "list": [],
    "string": "text",
    "output-number": {"output": 5},
    "inputs-string": {"output": "x.children", "inputs": "nope"},
    "no-output": {"inputs": [1, 2]},
    "part-of-a-multi-output": {"output": "overview-alert.children"},
    "unknown-output": {"output": "no-such.children", "outputs": {}, "inputs": [], "state": []},
    "one-output-of-many": {
        "output": "overview-alert.children",
        "outputs": ALERT,
        "inputs": [{"id": "x", "property": "y", "value": 1}],
        "state": [],
    },
    "changed-ids-number": {
        "output": "..overview-alert.children...overview-active-mentees.children..",
        "outputs": [],
        "inputs": [],
        "state": [],
        "changedPropIds": 5,
    },
}


@pytest.mark.parametrize("body", MALFORMED_BODIES.values(), ids=MALFORMED_BODIES.keys())
def test_a_body_that_is_no_callback_request_is_refused(
    demo_app: Dash, client_for: ClientFor, body: object
) -> None:
    response = client_for("supervisor").post(
        "/_dash-update-component", json=body, headers=same_origin_headers()
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == "This is not a valid request from the dashboard."
