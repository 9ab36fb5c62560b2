"""Hand-made callback requests that name a real callback but not the way the renderer does.

Found by QA: a POST naming a clientside callback's output (which has no Python function), or
naming a server callback's output key with other outputs or too few inputs, reached Dash's
dispatcher and came back as a 500. Each is refused with 400 before Dash runs, and an ordinary
request from the page still gets its answer.
"""

from __future__ import annotations

import pytest
from dash import Dash

from tests.fixtures_app import ClientFor
from tests.support import callback_body, callback_keys, same_origin_headers

MALFORMED = "This is not a valid request from the dashboard."
OVERVIEW_OUTPUT = "overview-attention-card.children"


def _post(client_for: ClientFor, body: object) -> tuple[int, dict]:
    response = client_for("supervisor").post(
        "/_dash-update-component", json=body, headers=same_origin_headers()
    )
    return response.status_code, response.get_json(silent=True) or {}


def _clientside_outputs(app: Dash) -> list[str]:
    app.server.test_client().get("/login")  # Dash adds the pages callbacks at the first request
    return [spec["output"] for spec in app._callback_list if spec.get("clientside_function")]


def test_a_request_for_a_clientside_callback_is_refused_not_a_500(
    demo_app: Dash, client_for: ClientFor
) -> None:
    outputs = _clientside_outputs(demo_app)
    assert outputs, "the app has clientside callbacks (the pages router's, at least)"
    for output in outputs:
        spec = next(s for s in demo_app._callback_list if s["output"] == output)
        body = {
            "output": output,
            "outputs": {"id": output.rsplit(".", 1)[0].lstrip("."), "property": "x"},
            "inputs": [{**item, "value": 1} for item in spec["inputs"]],
            "state": [{**item, "value": None} for item in spec["state"]],
            "changedPropIds": [],
        }
        status, answer = _post(client_for, body)
        assert (status, answer.get("message")) == (400, MALFORMED), output


def test_outputs_that_are_not_the_callbacks_own_are_refused(
    demo_app: Dash, client_for: ClientFor
) -> None:
    body = callback_body(demo_app, OVERVIEW_OUTPUT)
    body["outputs"] = {"id": "overview-alert", "property": "children"}
    status, answer = _post(client_for, body)
    assert (status, answer.get("message")) == (400, MALFORMED)


def test_too_few_inputs_are_refused(demo_app: Dash, client_for: ClientFor) -> None:
    body = callback_body(demo_app, OVERVIEW_OUTPUT)
    body["inputs"] = []
    status, answer = _post(client_for, body)
    assert (status, answer.get("message")) == (400, MALFORMED)


def test_navbar_links_with_ids_that_name_no_page_answer_200(
    demo_app: Dash, client_for: ClientFor
) -> None:
    """The navbar callback's state holds the links' ids; made-up ones link to the Overview."""
    link = {"type": "shell-nav-link", "page": "no-such-page"}
    body = {
        "output": '{"page":["ALL"],"type":"shell-nav-link"}.href',
        "outputs": [{"id": link, "property": "href"}],
        "inputs": [{"id": "shell-url", "property": "search", "value": "?sites=1"}],
        "state": [[{"id": link, "property": "id", "value": 5}]],
        "changedPropIds": ["shell-url.search"],
    }
    status, answer = _post(client_for, body)
    assert status == 200, answer
    assert answer["response"]['{"page":"no-such-page","type":"shell-nav-link"}'] == {
        "href": "/?sites=1"
    }


def test_an_ordinary_request_still_gets_its_answer(demo_app: Dash, client_for: ClientFor) -> None:
    body = callback_body(
        demo_app, OVERVIEW_OUTPUT, {"overview-query.data": {"start": None, "end": None}}
    )
    status, answer = _post(client_for, body)
    assert status == 200, answer
    assert "overview-attention-card" in answer["response"]


STATE_VALUES = [
    "1 OR 1=1; --",
    {"start": "2026-01-01", "end": "2026-12-31", "sites": "2,3", "meeting": "-1", "mentor": "x"},
    ["x", 5, None],
    -(2**63),
    {"id": 5, "note_id": "'", "version": [1], "meeting_id": {"a": 1}},
]


@pytest.mark.parametrize("value", STATE_VALUES, ids=lambda v: type(v).__name__ + str(v)[:12])
def test_hostile_values_in_state_as_well_as_inputs_never_500(
    demo_app: Dash, client_for: ClientFor, value: object
) -> None:
    """The input sweep (test_hostile_callback_requests) leaves State at None; a hand-made
    request controls State too. Every server callback, every input AND state at once."""
    supervisor = client_for("supervisor")
    for key in callback_keys(demo_app):
        spec = callback_body(demo_app, key)
        names = [f"{s['id']}.{s['property']}" for s in spec["inputs"] + spec["state"]]
        body = callback_body(demo_app, key, dict.fromkeys(names, value))
        response = supervisor.post(
            "/_dash-update-component", json=body, headers=same_origin_headers()
        )
        text = response.get_data(as_text=True)
        assert response.status_code in (200, 204, 400, 403), (key, response.status_code, text[:200])
        assert "Traceback" not in text, key
